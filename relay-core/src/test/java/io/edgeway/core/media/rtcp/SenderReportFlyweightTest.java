package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class SenderReportFlyweightTest {

    /** pion's SR "valid" values, with the length field set to the 12 words the packet really has. */
    private static final String PION_SR = "81c8000c" + "902f9e2e" + "da8bd1fcdddda05a" + "aaf4edd5" + "00000001"
            + "00000002" + "bc5e9a40" + "00000000" + "000046e1" + "00000111" + "09f36432" + "00024a79";

    private final SenderReportFlyweight sr = new SenderReportFlyweight();
    private final ReportBlockFlyweight block = new ReportBlockFlyweight();

    @Test
    void readsChromesSenderReport() {
        ByteBuf buf = hex(RtcpVectors.CHROME_SR_SDES);
        try {
            // Wrapped with the whole compound behind it: the length field bounds the SR.
            sr.wrap(buf, 0, buf.readableBytes());
            assertThat(sr.isValid()).isTrue();
            assertThat(sr.packetLength()).isEqualTo(28);
            assertThat(sr.senderSsrc()).isEqualTo(0x2b7ec0c5);
            assertThat(sr.ntpTimestamp()).isEqualTo(0xe020a2a952a53fc0L);
            assertThat(sr.compactNtpTimestamp()).isEqualTo(0xa2a952a5L);
            assertThat(sr.rtpTimestamp()).isEqualTo(0x2e48a552L);
            assertThat(sr.packetCount()).isEqualTo(70);
            assertThat(sr.octetCount()).isEqualTo(4637);
            assertThat(sr.reportCount()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void readsPionsSenderReportWithABlock() {
        ByteBuf buf = hex(PION_SR);
        try {
            sr.wrap(buf, 0, buf.readableBytes());
            assertThat(sr.isValid()).isTrue();
            assertThat(sr.senderSsrc()).isEqualTo(0x902f9e2e);
            assertThat(sr.ntpTimestamp()).isEqualTo(0xda8bd1fcdddda05aL);
            assertThat(sr.rtpTimestamp()).isEqualTo(0xaaf4edd5L);
            assertThat(sr.packetCount()).isEqualTo(1);
            assertThat(sr.octetCount()).isEqualTo(2);
            assertThat(sr.reportCount()).isEqualTo(1);
            sr.reportBlock(0, block);
            assertThat(block.isValid()).isTrue();
            assertThat(block.ssrc()).isEqualTo(0xbc5e9a40);
            assertThat(block.fractionLost()).isZero();
            assertThat(block.cumulativeLost()).isZero();
            assertThat(block.extendedHighestSequence()).isEqualTo(0x46e1);
            assertThat(block.jitter()).isEqualTo(273);
            assertThat(block.lastSr()).isEqualTo(0x9f36432L);
            assertThat(block.delaySinceLastSr()).isEqualTo(150137);
            assertThatThrownBy(() -> sr.reportBlock(1, block)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            buf.release();
        }
    }

    /** buildSenderReport + addReportBlock gives back pion's bytes exactly. */
    @Test
    void buildsTheSameBytes() {
        ByteBuf out = Unpooled.buffer(64);
        try {
            int start = out.writerIndex();
            assertThat(RtcpBuilder.buildSenderReport(out, 0x902f9e2e, 0xda8bd1fcdddda05aL, 0xaaf4edd5L, 1, 2))
                    .isEqualTo(28);
            assertThat(RtcpBuilder.addReportBlock(out, start, 0xbc5e9a40, 0, 0, 0x46e1, 273, 0x9f36432L, 150137))
                    .isEqualTo(24);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(PION_SR);
        } finally {
            out.release();
        }
    }

    /** Forwarding: the subscriber knows the stream by another SSRC; rewrite it and keep the sender info. */
    @Test
    void rewritesTheSenderSsrcInPlace() {
        ByteBuf buf = hex(RtcpVectors.CHROME_SR_SDES);
        try {
            sr.wrap(buf, 0, 28).senderSsrc(0x01020304).rtpTimestamp(7).packetCount(71).octetCount(5000)
                    .ntpTimestamp(1L << 32);
            assertThat(ByteBufUtil.hexDump(buf, 0, 28))
                    .isEqualTo("80c80006" + "01020304" + "0000000100000000" + "00000007" + "00000047" + "00001388");
            assertThat(sr.isValid()).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesMalformedSenderReports() {
        // RC=1 and no room for the block (pion "bad count in header" shape).
        assertInvalid("82c80006" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552" + "00000046" + "0000121d");
        // An RR is not an SR.
        assertInvalid("81c9000c" + PION_SR.substring(8));
        // Sender info cut short.
        assertInvalid("80c80004" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552");
        // Length field beyond the bytes.
        assertInvalid("80c80007" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552" + "00000046" + "0000121d");
        // Padding that eats into the sender info.
        assertInvalid("a0c80006" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552" + "00000046" + "00001208");
        // Version 1.
        assertInvalid("40c80006" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552" + "00000046" + "0000121d");
        assertThat(new SenderReportFlyweight().isValid()).isFalse();
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(sr.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
