package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RembFlyweightTest {

    private final RembFlyweight remb = new RembFlyweight();

    /** pion: "real data sent by Chrome": exp 6, mantissa 139487, 8 927 168 bit/s, one SSRC. */
    @Test
    void readsChromesRemb() {
        ByteBuf buf = hex(RtcpVectors.CHROME_REMB);
        try {
            remb.wrap(buf, 0, buf.readableBytes());
            assertThat(remb.isValid()).isTrue();
            assertThat(remb.hasRembIdentifier()).isTrue();
            assertThat(remb.senderSsrc()).isEqualTo(1);
            assertThat(remb.mediaSsrc()).isZero();
            assertThat(remb.exponent()).isEqualTo(6);
            assertThat(remb.mantissa()).isEqualTo(139487);
            assertThat(remb.bitrate()).isEqualTo(8_927_168L);
            assertThat(remb.ssrcCount()).isEqualTo(1);
            assertThat(remb.ssrc(0)).isEqualTo(1215622422);
        } finally {
            buf.release();
        }
    }

    @Test
    void buildsChromesBytes() {
        ByteBuf out = Unpooled.buffer(24);
        try {
            assertThat(RtcpBuilder.buildRemb(out, 1, 8_927_168L, new int[] {1215622422}, 0, 1)).isEqualTo(24);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(RtcpVectors.CHROME_REMB);
        } finally {
            out.release();
        }
    }

    /** pion TestReceiverEstimatedMaximumBitrateTruncate: one bit/s less rounds the mantissa down by one. */
    @Test
    void roundsDownToWhatTheFieldsCarry() {
        int encoded = RembFlyweight.encodeBitrate(8_927_167L);
        assertThat(encoded >>> 18).isEqualTo(6);
        assertThat(encoded & RembFlyweight.MAX_MANTISSA).isEqualTo(139486);
        ByteBuf buf = hex(RtcpVectors.CHROME_REMB);
        try {
            remb.wrap(buf, 0, 24).bitrate(8_927_167L);
            assertThat(remb.bitrate()).isEqualTo(8_927_104L);
            remb.bitrate(0);
            assertThat(remb.bitrate()).isZero();
            remb.ssrc(0, 42);
            assertThat(remb.ssrc(0)).isEqualTo(42);
        } finally {
            buf.release();
        }
    }

    /** pion TestReceiverEstimatedMaximumBitrateOverflow: exp 63 with a full mantissa saturates here. */
    @Test
    void saturatesHugeExponents() {
        ByteBuf buf = hex("8fce0004" + "00000000" + "00000000" + "52454d42" + "00ffffff");
        try {
            remb.wrap(buf, 0, 20);
            assertThat(remb.isValid()).isTrue();
            assertThat(remb.exponent()).isEqualTo(63);
            assertThat(remb.mantissa()).isEqualTo(RembFlyweight.MAX_MANTISSA);
            assertThat(remb.bitrate()).isEqualTo(Long.MAX_VALUE);
            remb.bitrate(Long.MAX_VALUE);
            assertThat(remb.exponent()).isEqualTo(45);
            assertThat(remb.bitrate()).isEqualTo((long) RembFlyweight.MAX_MANTISSA << 45);
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesWhatIsNotARemb() {
        // Another application layer feedback identifier.
        assertInvalid("8fce0005" + "00000001" + "00000000" + "41424344" + "011a20df" + "4874ed16");
        // Two SSRCs announced, one present.
        assertInvalid("8fce0005" + "00000001" + "00000000" + "52454d42" + "021a20df" + "4874ed16");
        // No bitrate field.
        assertInvalid("8fce0003" + "00000001" + "00000000" + "52454d42");
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(remb.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
