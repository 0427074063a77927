package io.edgeway.core.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reading transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): the packet
 * {@link TransportFeedbackBuilderTest} works out by hand, read back; random packets from the builder read
 * back status for status; and malformed packets refused without reading past their end.
 */
class TransportFeedbackFlyweightTest {

    private static final long MS = 1_000_000L;

    private final TransportFeedbackFlyweight feedback = new TransportFeedbackFlyweight();

    @Test
    void readsThePacketWorkedOutByHand() {
        ByteBuf packet = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("afcd0008" + "fa17fa17" + "1ce1ce15"
                + "0100" + "00e4" + "00000f" + "07" + "d460" + "00dc" + "e000" + "a0" + "04" + "24" + "ffec" + "017c"
                + "000003"));
        try {
            assertThat(feedback.wrap(packet, 0, packet.readableBytes()).isValid()).isTrue();
            assertThat(feedback.senderSsrc()).isEqualTo(0xFA17FA17);
            assertThat(feedback.mediaSsrc()).isEqualTo(0x1CE1CE15);
            assertThat(feedback.baseSequence()).isEqualTo(256);
            assertThat(feedback.statusCount()).isEqualTo(228);
            assertThat(feedback.referenceTime()).isEqualTo(15);
            assertThat(feedback.feedbackPacketCount()).isEqualTo(7);

            List<long[]> arrivals = received();
            // 1000, 1001, 1010, 1005 and 1100 ms are 4000, 4004, 4040, 4020 and 4400 ticks of 250 µs.
            assertThat(arrivals).containsExactly(new long[] {256, 4000}, new long[] {257, 4004},
                    new long[] {259, 4040}, new long[] {260, 4020}, new long[] {483, 4400});
        } finally {
            packet.release();
        }
    }

    @Test
    void readsBackWhatTheBuilderWrote() {
        SplittableRandom random = new SplittableRandom(42);
        TransportFeedbackBuilder builder = new TransportFeedbackBuilder(1200);
        for (int round = 0; round < 500; round++) {
            int base = random.nextInt(65536);
            long start = random.nextLong(1L << 40);
            builder.begin(1, 2, base, start, round);
            List<long[]> expected = new ArrayList<>();
            int sequence = base;
            long arrival = start;
            int packets = 1 + random.nextInt(300);
            for (int i = 0; i < packets; i++) {
                // Mostly consecutive, sometimes a gap; mostly small deltas, sometimes reordered or late.
                int step = random.nextInt(10) == 0 ? 1 + random.nextInt(40) : 1;
                long delta = random.nextInt(8) == 0 ? (random.nextLong(400) - 100) * MS : random.nextLong(20 * MS);
                int next = (sequence + (i == 0 ? 0 : step)) & 0xFFFF;
                long nextArrival = Math.max(0, arrival + (i == 0 ? 0 : delta));
                if (!builder.addReceived(next, nextArrival)) {
                    break;
                }
                sequence = next;
                arrival = nextArrival;
                expected.add(new long[] {sequence, Math.floorDiv(arrival, TransportFeedbackBuilder.DELTA_TICK_NANOS)});
            }
            ByteBuf packet = Unpooled.buffer();
            try {
                builder.write(packet);
                assertThat(feedback.wrap(packet, 0, packet.readableBytes()).isValid()).isTrue();
                List<long[]> read = received();
                assertThat(read).hasSameSizeAs(expected);
                // Ticks are relative to the reference time's origin modulo 2^24 units: compare differences.
                long offset = read.get(0)[1] - expected.get(0)[1];
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i)[0]).isEqualTo(expected.get(i)[0]);
                    assertThat(read.get(i)[1] - offset).isEqualTo(expected.get(i)[1]);
                }
            } finally {
                packet.release();
            }
        }
    }

    @Test
    void refusesPacketsWhoseChunksOrDeltasDoNotFit() {
        // Status count 20 but one one-bit chunk (14 statuses) and nothing more.
        assertInvalid("8fcd0005" + "00000001" + "00000002" + "0000" + "0014" + "000000" + "00" + "bfff" + "0000");
        // A run of 5 small deltas with only 3 delta bytes.
        assertInvalid("8fcd0005" + "00000001" + "00000002" + "0000" + "0005" + "000000" + "00" + "2005" + "0101");
        // A run of reserved status 11.
        assertInvalid("8fcd0005" + "00000001" + "00000002" + "0000" + "0002" + "000000" + "00" + "6002" + "0000");
        // Zero-length run chunks until the end.
        assertInvalid("8fcd0005" + "00000001" + "00000002" + "0000" + "0002" + "000000" + "00" + "0000" + "0000");
        // Not FMT 15.
        assertInvalid("81cd0005" + "00000001" + "00000002" + "0000" + "0001" + "000000" + "00" + "2001" + "0100");
    }

    @Test
    void skipsZeroLengthRunChunks() {
        // A zero-length run, then one small delta of 8 ticks.
        ByteBuf packet = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
                "8fcd0006" + "00000001" + "00000002" + "0010" + "0001" + "000001" + "00" + "0000" + "2001" + "08000000"));
        try {
            assertThat(feedback.wrap(packet, 0, packet.readableBytes()).isValid()).isTrue();
            assertThat(received()).containsExactly(new long[] {16, 256 + 8});
        } finally {
            packet.release();
        }
    }

    private void assertInvalid(String hex) {
        ByteBuf packet = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThat(feedback.wrap(packet, 0, packet.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            packet.release();
        }
    }

    private List<long[]> received() {
        List<long[]> arrivals = new ArrayList<>();
        feedback.rewind();
        while (feedback.next()) {
            if (feedback.received()) {
                arrivals.add(new long[] {feedback.sequence(), feedback.arrivalTicks()});
            }
        }
        return arrivals;
    }
}
