package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PliFlyweightTest {

    /** pion/rtcp picture_loss_indication_test.go "valid": v=2, FMT=1, PSFB, length 2. */
    private static final String PION_PLI = "81ce0002" + "00000000" + "4bc4fcb4";

    private final PliFlyweight pli = new PliFlyweight();

    @Test
    void readsPionsPli() {
        ByteBuf buf = hex(PION_PLI);
        try {
            pli.wrap(buf, 0, buf.readableBytes());
            assertThat(pli.isValid()).isTrue();
            assertThat(pli.format()).isEqualTo(RtcpPacketType.FMT_PLI);
            assertThat(pli.senderSsrc()).isZero();
            assertThat(pli.mediaSsrc()).isEqualTo(0x4bc4fcb4);
            assertThat(pli.fciLength()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void buildsTheSameBytes() {
        ByteBuf out = Unpooled.buffer(12);
        try {
            assertThat(RtcpBuilder.buildPli(out, 0, 0x4bc4fcb4)).isEqualTo(12);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(PION_PLI);
        } finally {
            out.release();
        }
    }

    /** Forwarding a subscriber's PLI to the publisher: sender becomes the SFU, media the publisher. */
    @Test
    void rewritesBothSsrcsInPlace() {
        ByteBuf buf = hex(PION_PLI);
        try {
            pli.wrap(buf, 0, 12).senderSsrc(0x11111111).mediaSsrc(0x22222222);
            assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("81ce0002" + "11111111" + "22222222");
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesWhatIsNotAPli() {
        assertInvalid("00000000"); // pion "packet too short"
        assertInvalid("00000000" + "00000000" + "00000000"); // pion "invalid header": version 0
        assertInvalid("81c90002" + "00000000" + "4bc4fcb4"); // pion "wrong type": RR
        assertInvalid("82ce0002" + "00000000" + "4bc4fcb4"); // PSFB FMT 2 is SLI
        assertInvalid("81ce0001" + "00000000"); // no media SSRC
        assertInvalid("81cd0002" + "00000000" + "4bc4fcb4"); // RTPFB FMT 1 is a NACK
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(pli.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
