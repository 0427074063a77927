package io.edgeway.core.media.vp8;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) and key frame header (§4.3, RFC 6386 §9.1) on payloads laid
 * out as Chromium sends them: X=1 with I (15-bit PictureID), L and T set.
 */
class Vp8PayloadDescriptorTest {

    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    private ByteBuf payload;

    @AfterEach
    void release() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }

    /**
     * 90: X, S, PID 0; e0: I, L, T; 80 2a: M=1, PictureID 42; 07: TL0PICIDX 7; 40: TID 1, Y=0; then a key
     * frame tag (P=0) 50 2e 00, start code 9d 01 2a, width 0x0500 = 1280 and height 0x02d0 = 720 (scale 0).
     */
    @Test
    void readsAChromiumKeyFrameHeader() {
        wrap("90" + "e0" + "802a" + "07" + "40" + "502e00" + "9d012a" + "0005" + "d002" + "aabbcc");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.length()).isEqualTo(6);
        assertThat(vp8.startOfFrame()).isTrue();
        assertThat(vp8.keyFrame()).isTrue();
        assertThat(vp8.width()).isEqualTo(1280);
        assertThat(vp8.height()).isEqualTo(720);
        assertThat(vp8.pictureId()).isEqualTo(42);
        assertThat(vp8.longPictureId()).isTrue();
        assertThat(vp8.pictureIdModulus()).isEqualTo(1 << 15);
        assertThat(vp8.tl0PicIdx()).isEqualTo(7);
        assertThat(vp8.temporalLayer()).isEqualTo(1);
        assertThat(vp8.layerSync()).isFalse();
    }

    @Test
    void anInterFrameAndALaterPacketAreNotKeyFrames() {
        wrap("90" + "e0" + "802a" + "07" + "60" + "512e00" + "ffff");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.keyFrame()).isFalse();
        assertThat(vp8.width()).isEqualTo(Vp8PayloadDescriptor.ABSENT);
        assertThat(vp8.layerSync()).isTrue();

        release();
        // S=0: a continuation packet of a key frame.
        wrap("80" + "e0" + "802a" + "07" + "40" + "502e00");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.startOfFrame()).isFalse();
        assertThat(vp8.keyFrame()).isFalse();
    }

    @Test
    void rewritesPictureIdAndTl0PicIdxInPlaceAtTheirWidth() {
        wrap("90" + "e0" + "802a" + "07" + "40" + "512e00");
        vp8.isValid();
        vp8.pictureId(0x8001).tl0PicIdx(0x1ff);
        assertThat(ByteBufUtil.hexDump(payload)).isEqualTo("90" + "e0" + "8001" + "ff" + "40" + "512e00");

        release();
        // A 7-bit PictureID stays 7 bits.
        wrap("90" + "80" + "2a" + "512e00");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.pictureId()).isEqualTo(42);
        assertThat(vp8.pictureIdModulus()).isEqualTo(128);
        assertThat(vp8.tl0PicIdx()).isEqualTo(Vp8PayloadDescriptor.ABSENT);
        vp8.pictureId(130).tl0PicIdx(9);
        assertThat(ByteBufUtil.hexDump(payload)).isEqualTo("90" + "80" + "02" + "512e00");
    }

    @Test
    void theShortestDescriptorHasNoOptionalFields() {
        wrap("10" + "502e00");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.length()).isEqualTo(1);
        assertThat(vp8.keyFrame()).isTrue();
        assertThat(vp8.pictureId()).isEqualTo(Vp8PayloadDescriptor.ABSENT);
        assertThat(vp8.temporalLayer()).isEqualTo(Vp8PayloadDescriptor.ABSENT);
        // K without T: a KEYIDX byte, no temporal layer.
        release();
        wrap("90" + "10" + "05" + "502e00");
        assertThat(vp8.isValid()).isTrue();
        assertThat(vp8.length()).isEqualTo(3);
        assertThat(vp8.temporalLayer()).isEqualTo(Vp8PayloadDescriptor.ABSENT);
    }

    @Test
    void refusesDescriptorsCutShort() {
        for (String hex : new String[] {"", "90", "90e0", "90e080", "90e0802a", "90e0802a07"}) {
            release();
            wrap(hex);
            assertThat(vp8.isValid()).as(hex).isFalse();
        }
        release();
        assertThat(new Vp8PayloadDescriptor().isValid()).isFalse();
    }

    private void wrap(String hex) {
        payload = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        vp8.wrap(payload, 0, payload.readableBytes());
    }
}
