package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ReceiverReportFlyweightTest {

    /** pion/rtcp receiver_report_test.go "valid": sender 0x902f9e2e, one block. */
    private static final String PION_RR = "81c90007" + "902f9e2e" + "bc5e9a40" + "00000000" + "000046e1" + "00000111"
            + "09f36432" + "00024a79";

    private final ReceiverReportFlyweight rr = new ReceiverReportFlyweight();
    private final ReportBlockFlyweight block = new ReportBlockFlyweight();

    @Test
    void readsPionsReceiverReport() {
        ByteBuf buf = hex(PION_RR);
        try {
            rr.wrap(buf, 0, buf.readableBytes());
            assertThat(rr.isValid()).isTrue();
            assertThat(rr.senderSsrc()).isEqualTo(0x902f9e2e);
            assertThat(rr.reportCount()).isEqualTo(1);
            rr.reportBlock(0, block);
            assertThat(block.ssrc()).isEqualTo(0xbc5e9a40);
            assertThat(block.extendedHighestSequence()).isEqualTo(0x46e1);
            assertThat(block.jitter()).isEqualTo(273);
            assertThat(block.lastSr()).isEqualTo(0x9f36432L);
            assertThat(block.delaySinceLastSr()).isEqualTo(150137);
        } finally {
            buf.release();
        }
    }

    /** pion "valid with extension data": 8 bytes of profile-specific extension after the block. */
    @Test
    void toleratesProfileSpecificExtensions() {
        ByteBuf buf = hex("81c90009" + PION_RR.substring(8) + "5445535444415441");
        try {
            assertThat(rr.wrap(buf, 0, buf.readableBytes()).isValid()).isTrue();
            assertThat(rr.packetLength()).isEqualTo(40);
        } finally {
            buf.release();
        }
    }

    /** The RR Edgeway sends toward a publisher, built field by field, equals pion's bytes. */
    @Test
    void buildsTheSameBytesAndRoundTripsEveryField() {
        ByteBuf out = Unpooled.buffer(64);
        try {
            out.writeZero(8); // after something else in the compound
            int start = out.writerIndex();
            assertThat(RtcpBuilder.buildReceiverReport(out, 0x902f9e2e)).isEqualTo(8);
            RtcpBuilder.addReportBlock(out, start, 0xbc5e9a40, 0, 0, 0x46e1, 273, 0x9f36432L, 150137);
            assertThat(ByteBufUtil.hexDump(out, start, 32)).isEqualTo(PION_RR);
            RtcpBuilder.addReportBlock(out, start, 7, 51, -5, 0x0001_0002L, 0xFFFF_FFFFL, 1, 2);
            rr.wrap(out, start, out.writerIndex() - start);
            assertThat(rr.isValid()).isTrue();
            assertThat(rr.reportCount()).isEqualTo(2);
            assertThat(rr.packetLength()).isEqualTo(56);
            rr.reportBlock(1, block);
            assertThat(block.ssrc()).isEqualTo(7);
            assertThat(block.fractionLost()).isEqualTo(51);
            assertThat(block.cumulativeLost()).isEqualTo(-5);
            assertThat(block.extendedHighestSequence()).isEqualTo(0x0001_0002L);
            assertThat(block.jitter()).isEqualTo(0xFFFF_FFFFL);
            assertThat(block.lastSr()).isEqualTo(1);
            assertThat(block.delaySinceLastSr()).isEqualTo(2);
        } finally {
            out.release();
        }
    }

    /** RFC 3550 A.3: cumulative loss beyond 24 bits is clamped, not wrapped (pion: errInvalidTotalLost). */
    @Test
    void clampsCumulativeLoss() {
        ByteBuf out = Unpooled.buffer(64);
        try {
            RtcpBuilder.buildReceiverReport(out, 1);
            RtcpBuilder.addReportBlock(out, 0, 2, 0, 1L << 25, 0, 0, 0, 0);
            RtcpBuilder.addReportBlock(out, 0, 3, 0, -(1L << 25), 0, 0, 0, 0);
            rr.wrap(out, 0, out.readableBytes());
            assertThat(rr.reportBlock(0, block).cumulativeLost()).isEqualTo(0x7FFFFF);
            assertThat(rr.reportBlock(1, block).cumulativeLost()).isEqualTo(-0x800000);
            block.cumulativeLost(-1);
            assertThat(ByteBufUtil.hexDump(out, block.offset() + 4, 4)).isEqualTo("00ffffff");
        } finally {
            out.release();
        }
    }

    @Test
    void addReportBlockGuardsItsPreconditions() {
        ByteBuf out = Unpooled.buffer(1024);
        try {
            RtcpBuilder.buildPli(out, 1, 2);
            assertThatThrownBy(() -> RtcpBuilder.addReportBlock(out, 0, 1, 0, 0, 0, 0, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            int rrStart = out.writerIndex();
            RtcpBuilder.buildReceiverReport(out, 1);
            assertThatThrownBy(() -> RtcpBuilder.addReportBlock(out, rrStart, 1, 256, 0, 0, 0, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            for (int i = 0; i < 31; i++) {
                RtcpBuilder.addReportBlock(out, rrStart, i, 0, 0, 0, 0, 0, 0);
            }
            assertThatThrownBy(() -> RtcpBuilder.addReportBlock(out, rrStart, 99, 0, 0, 0, 0, 0, 0))
                    .isInstanceOf(IllegalStateException.class);
            RtcpBuilder.buildBye(out, 1);
            assertThatThrownBy(() -> RtcpBuilder.addReportBlock(out, rrStart, 1, 0, 0, 0, 0, 0, 0))
                    .as("the RR is no longer the last packet").isInstanceOf(IllegalStateException.class);
        } finally {
            out.release();
        }
    }

    @Test
    void refusesMalformedReceiverReports() {
        // pion "bad count in header": RC=2 with room for one block.
        assertInvalid("82c90007" + PION_RR.substring(8));
        // pion "short report": length 12 words, 12 bytes present.
        assertInvalid("81c9000c" + "902f9e2e" + "00000000");
        // pion "wrong type": an SR header over RR bytes.
        assertInvalid("81c80007" + PION_RR.substring(8));
        // Too short for the sender SSRC.
        assertInvalid("80c90000");
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(rr.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
