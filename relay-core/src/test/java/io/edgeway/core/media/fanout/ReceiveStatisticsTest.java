package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.rtcp.ReceiverReportFlyweight;
import io.edgeway.core.media.rtcp.ReportBlockFlyweight;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * Report blocks worked out by hand from RFC 3550 A.1 (extended sequence numbers), A.3 (loss) and A.8
 * (jitter) for a 90 kHz stream that sends a packet every 20 ms (1,800 timestamp units).
 */
class ReceiveStatisticsTest {

    private static final long MS = 1_000_000L;
    private static final int SSRC = 0x0A0A0A0A;

    private final ReceiveStatistics statistics = new ReceiveStatistics(90_000);
    private final ReportBlockFlyweight block = new ReportBlockFlyweight();

    @Test
    void lossExtendedSequenceJitterAndSenderReportDelay() {
        assertThat(statistics.hasReport()).isFalse();
        // Slot i is due at i*20 ms with timestamp 1000 + i*1800; sequence numbers wrap after slot 2.
        packet(0, 65533, 0);
        packet(1, 65534, 0);
        packet(2, 65535, 0);
        packet(3, 0, 0);
        // slot 4, sequence number 1, is lost
        packet(5, 2, 0);
        statistics.onSenderReport(0xf0a28000L, 50 * MS);
        packet(6, 3, 10 * MS); // 10 ms late: D = 900 units, J = 900/16 -> 56
        packet(7, 4, 0);       // on time again: D = 900, J = 56 + (900 - 56)/16 -> 109 (A.8 integer form)

        ByteBuf out = Unpooled.buffer(64);
        try {
            assertThat(statistics.hasReport()).isTrue();
            report(out, 150 * MS);
            assertThat(block.ssrc()).isEqualTo(SSRC);
            // A.3: expected = 65540 - 65533 + 1 = 8, received 7: one lost, fraction 1/8 = 32/256.
            assertThat(block.fractionLost()).isEqualTo(32);
            assertThat(block.cumulativeLost()).isEqualTo(1);
            assertThat(block.extendedHighestSequence()).isEqualTo(0x1_0004L);
            assertThat(block.jitter()).isEqualTo(109);
            assertThat(block.lastSr()).isEqualTo(0xf0a28000L);
            // 100 ms since the SR: 0.1 * 65536 = 6553.6 -> 6553.
            assertThat(block.delaySinceLastSr()).isEqualTo(6553);

            packet(4, 1, 70 * MS); // the lost one turns up late: counted, no jitter sample (not in order)
            packet(8, 5, 0);       // D = 0: J = 109 - (109 * 16 + 8) / 256 -> 1635 / 16 = 102
            out.clear();
            report(out, 170 * MS);
            // Interval: expected 1 more, received 2 more: no loss this interval; overall none lost.
            assertThat(block.fractionLost()).isZero();
            assertThat(block.cumulativeLost()).isZero();
            assertThat(block.extendedHighestSequence()).isEqualTo(0x1_0005L);
            assertThat(block.jitter()).isEqualTo(102);
        } finally {
            out.release();
        }
    }

    @Test
    void withoutASenderReportLsrAndDlsrAreZero() {
        packet(0, 10, 0);
        ByteBuf out = Unpooled.buffer(64);
        try {
            report(out, 5_000 * MS);
            assertThat(block.lastSr()).isZero();
            assertThat(block.delaySinceLastSr()).isZero();
            assertThat(block.extendedHighestSequence()).isEqualTo(10);
            assertThat(block.jitter()).isZero();
        } finally {
            out.release();
        }
    }

    private void packet(int slot, int seq, long lateNanos) {
        statistics.onPacket(slot * 20 * MS + lateNanos, seq, 1000 + slot * 1800L);
    }

    private void report(ByteBuf out, long nowNanos) {
        RtcpBuilder.buildReceiverReport(out, 0x5F0);
        statistics.addReportBlock(out, 0, SSRC, nowNanos);
        ReceiverReportFlyweight rr = new ReceiverReportFlyweight().wrap(out, 0, out.readableBytes());
        assertThat(rr.isValid()).isTrue();
        rr.reportBlock(0, block);
    }
}
