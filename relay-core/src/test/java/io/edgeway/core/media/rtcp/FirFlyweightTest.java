package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FirFlyweightTest {

    private final FirFlyweight fir = new FirFlyweight();

    /** pion/rtcp full_intra_request_test.go "also valid": two FCI entries (0x12345678/0x42, 0x98765432/0x57). */
    @Test
    void readsPionsTwoEntryFir() {
        ByteBuf buf = hex("84ce0006" + "00000000" + "4bc4fcb4" + "12345678" + "42000000" + "98765432" + "57000000");
        try {
            fir.wrap(buf, 0, buf.readableBytes());
            assertThat(fir.isValid()).isTrue();
            assertThat(fir.format()).isEqualTo(RtcpPacketType.FMT_FIR);
            // pion's vector puts an SSRC in the media source field, which RFC 5104 §4.3.1.2 says SHALL
            // be 0; it is tolerated on input.
            assertThat(fir.mediaSsrc()).isEqualTo(0x4bc4fcb4);
            assertThat(fir.entryCount()).isEqualTo(2);
            assertThat(fir.ssrc(0)).isEqualTo(0x12345678);
            assertThat(fir.sequenceNumber(0)).isEqualTo(0x42);
            assertThat(fir.ssrc(1)).isEqualTo(0x98765432);
            assertThat(fir.sequenceNumber(1)).isEqualTo(0x57);
            assertThat(fir.indexOf(0x98765432)).isEqualTo(1);
            assertThat(fir.indexOf(5)).isEqualTo(-1);
            assertThatThrownBy(() -> fir.ssrc(2)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            buf.release();
        }
    }

    /** RFC 5104 §4.3.1.2: media source 0, target and sequence number in the FCI, reserved bits 0. */
    @Test
    void buildsAndRoundTrips() {
        ByteBuf out = Unpooled.buffer(20);
        try {
            assertThat(RtcpBuilder.buildFir(out, 0x0a0b0c0d, 0x12345678, 0x42)).isEqualTo(20);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("84ce0004" + "0a0b0c0d" + "00000000" + "12345678" + "42000000");
            fir.wrap(out, 0, 20);
            assertThat(fir.isValid()).isTrue();
            fir.ssrc(0, 0x01010101).sequenceNumber(0, 0xff).senderSsrc(9);
            assertThat(ByteBufUtil.hexDump(out))
                    .isEqualTo("84ce0004" + "00000009" + "00000000" + "01010101" + "ff000000");
        } finally {
            out.release();
        }
    }

    @Test
    void refusesMalformedFirs() {
        // pion "wrong length": length 3 leaves half an entry.
        assertInvalid("84ce0003" + "00000000" + "4bc4fcb4" + "12345678");
        // No entries at all.
        assertInvalid("84ce0002" + "00000000" + "00000000");
        // pion "wrong fmt" and "wrong type".
        assertInvalid("82ce0004" + "00000000" + "4bc4fcb4" + "12345678" + "42000000");
        assertInvalid("84c90004" + "00000000" + "4bc4fcb4" + "12345678" + "42000000");
        // pion "invalid header": version 0.
        assertInvalid("0000000000000000000000000000000000000000");
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(fir.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
