package io.edgeway.core.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) against bytes worked
 * out by hand, and against the draft's own chunk examples (§3.1.3, §3.1.4).
 */
class TransportFeedbackBuilderTest {

    private static final long MS = 1_000_000L;

    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder(1200);

    /**
     * Packets 256, 257, 259, 260 and 483 arrive at 1000, 1001, 1010, 1005 and 1100 ms. Reference time
     * floor(1000/64) = 15 (960 ms = 3840 ticks of 250 µs). Deltas: 4000-3840 = 160, 4, 36, -20 (large,
     * negative), 380 (large). Statuses 1 1 0 1 2, then 222 lost, then 2: a two-bit vector
     * 11|01 01 00 01 10 00 00 = d460, a run of 220 "not received" = 00dc, a two-bit vector 11|10 00.. =
     * e000. 20 + 6 + 7 = 33 bytes, padded to 36 with P set and a count of 3.
     */
    @Test
    void buildsAPacketWorkedOutByHand() {
        builder.begin(0xFA17FA17, 0x1CE1CE15, 256, 1000 * MS, 7);
        assertThat(builder.addReceived(256, 1000 * MS)).isTrue();
        assertThat(builder.addReceived(257, 1001 * MS)).isTrue();
        assertThat(builder.addReceived(259, 1010 * MS)).isTrue();
        assertThat(builder.addReceived(260, 1005 * MS)).isTrue();
        assertThat(builder.addReceived(483, 1100 * MS)).isTrue();
        assertThat(builder.statusCount()).isEqualTo(228);

        assertThat(write()).isEqualTo("afcd0008" + "fa17fa17" + "1ce1ce15" + "0100" + "00e4" + "00000f" + "07"
                + "d460" + "00dc" + "e000" + "a0" + "04" + "24" + "ffec" + "017c" + "000003");
    }

    /**
     * §3.1.3 example 1: a run of 221 "not received" is {@code 0|00|0000011011101} = 00dd; here between a
     * run of 14 small deltas (0|01|14 = 200e) and one more packet (a one-bit vector 1|0|1... = a000).
     */
    @Test
    void draftRunLengthExampleOne() {
        builder.begin(1, 2, 1000, 0, 0);
        for (int i = 0; i < 14; i++) {
            builder.addReceived(1000 + i, i * MS);
        }
        builder.addReceived(1000 + 14 + 221, 20 * MS);

        String packet = write();
        assertThat(packet.substring(40, 52)).isEqualTo("200e" + "00dd" + "a000");
    }

    /**
     * §3.1.3 example 2 uses status 11, which §3.1.1 reserves; with "small delta" the same run of 24 is
     * {@code 0|01|0000000011000} = 2018.
     */
    @Test
    void draftRunLengthExampleTwoWithTheSmallDeltaStatus() {
        builder.begin(1, 2, 0, 0, 0);
        for (int i = 0; i < 24; i++) {
            builder.addReceived(i, i * MS);
        }
        assertThat(write().substring(40, 44)).isEqualTo("2018");
    }

    /**
     * §3.1.4 example 1: {@code 1|0|0 1 1 1 1 1 0 0 0 1 1 1 0 0} = 9f1c, one lost, five received, three
     * lost, three received, two lost (those two lie past the status count here, which is 12).
     */
    @Test
    void draftStatusVectorExampleOne() {
        builder.begin(1, 2, 100, 0, 0);
        for (int seq : new int[] {101, 102, 103, 104, 105, 109, 110, 111}) {
            builder.addReceived(seq, seq * MS / 10);
        }
        assertThat(builder.statusCount()).isEqualTo(12);
        assertThat(write().substring(40, 44)).isEqualTo("9f1c");
    }

    /**
     * §3.1.4 example 2, {@code 1|1|00 11 01 01 01 00 00}, again with status 11; with "large delta" in its
     * place it is {@code 1|1|00 10 01 01 01 00 00} = c950. The large delta is negative: that packet arrived
     * before the one ahead of it.
     */
    @Test
    void draftStatusVectorExampleTwoWithTheLargeDeltaStatus() {
        builder.begin(1, 2, 0, 0, 0);
        for (int i = 0; i < 14; i++) {
            builder.addReceived(i, 10 * MS + i * MS);
        }
        builder.addReceived(15, 5 * MS);  // large: 5 ms before packet 13
        builder.addReceived(16, 6 * MS);
        builder.addReceived(17, 7 * MS);
        builder.addReceived(18, 8 * MS);
        for (int i = 21; i < 35; i++) {
            builder.addReceived(i, 30 * MS + i * MS);
        }
        assertThat(write().substring(40, 52)).isEqualTo("200e" + "c950" + "200e");
    }

    @Test
    void refusesWhatDoesNotFitAndLeavesThePacketAsItWas() {
        TransportFeedbackBuilder small = new TransportFeedbackBuilder(32);
        small.begin(1, 2, 0, 0, 0);
        assertThat(small.addReceived(0, 0)).isTrue();
        assertThat(small.addReceived(0, MS)).as("not after the last one").isFalse();
        assertThat(small.addReceived(1, 9_000 * MS)).as("delta beyond 8191.75 ms").isFalse();
        assertThat(small.addReceived(TransportFeedbackBuilder.MAX_STATUS_COUNT, MS)).isFalse();
        int added = 1;
        while (small.addReceived(added, (added + 1) * 100 * MS)) { // every delta large: 2 bytes each
            added++;
        }
        assertThat(small.length()).isLessThanOrEqualTo(32);
        assertThat(small.statusCount()).isEqualTo(added);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(small.write(out)).isEqualTo(out.readableBytes()).isLessThanOrEqualTo(32);
            assertThat(RtcpHeader.packetLength(out, 0)).isEqualTo(out.readableBytes());
        } finally {
            out.release();
        }
        assertThatThrownBy(() -> small.addReceived(5, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TransportFeedbackBuilder(8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sequenceNumbersWrapAndTheReferenceTimeIsTwentyFourBits() {
        long arrival = (1L << 24) * TransportFeedbackBuilder.REFERENCE_TIME_NANOS + 5 * MS;
        builder.begin(1, 2, 65535, arrival, 255);
        builder.addReceived(65535, arrival);
        builder.addReceived(0, arrival + MS);
        // 20 + one chunk (1|0|1 1 0.. = b000) + two one-byte deltas = 24: no padding, length field 5.
        assertThat(write()).isEqualTo("8fcd0005" + "00000001" + "00000002" + "ffff" + "0002" + "000000" + "ff"
                + "b000" + "14" + "04");
    }

    private String write() {
        ByteBuf out = Unpooled.buffer();
        try {
            int length = builder.write(out);
            assertThat(length).isEqualTo(out.readableBytes());
            assertThat(length % 4).isZero();
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }
}
