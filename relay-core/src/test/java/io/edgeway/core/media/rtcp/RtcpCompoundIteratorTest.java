package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtcpCompoundIteratorTest {

    private final RtcpCompoundIterator compound = new RtcpCompoundIterator();

    /** pion/rtcp's packet dump: six packets, offsets and types as that test lists them. */
    @Test
    void walksARealCompoundPacket() {
        ByteBuf buf = hex(RtcpVectors.PION_REAL_PACKET);
        try {
            compound.wrap(buf);
            assertThat(walk()).containsExactly("201@0+32", "202@32+52", "203@84+8", "206@92+12", "205@104+12",
                    "204@116+16");
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.NONE);
            assertThat(compound.validate()).isEqualTo(RtcpCompoundError.NONE);
            assertThat(compound.isRfc3550Compound()).isTrue();
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    /** pion TestBadCompound: the dump cut after 34 bytes leaves 2 bytes where a header should be. */
    @Test
    void stopsAtATruncatedHeaderAndKeepsWhatCameBefore() {
        ByteBuf buf = hex(RtcpVectors.PION_REAL_PACKET.substring(0, 68));
        try {
            compound.wrap(buf);
            assertThat(walk()).containsExactly("201@0+32");
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.TRUNCATED_HEADER);
            assertThat(compound.next()).isFalse();
            assertThat(compound.packetOffset()).isEqualTo(-1);
        } finally {
            buf.release();
        }
    }

    /**
     * pion TestBadCompound: bytes 84-104 (BYE, PLI) do not start with an SR or RR. The iterator reads
     * them (RFC 5506 reduced size is legal in WebRTC), and only {@code isRfc3550Compound} says no.
     */
    @Test
    void readsAReducedSizeCompound() {
        ByteBuf buf = hex(RtcpVectors.PION_REAL_PACKET.substring(168, 208));
        try {
            compound.wrap(buf);
            assertThat(walk()).containsExactly("203@0+8", "206@8+12");
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.NONE);
            assertThat(compound.isRfc3550Compound()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void walksChromesSenderReportAndSdes() {
        ByteBuf buf = hex(RtcpVectors.CHROME_SR_SDES);
        try {
            compound.wrap(buf);
            assertThat(walk()).containsExactly("200@0+28", "202@28+28");
            assertThat(compound.isRfc3550Compound()).isTrue();
        } finally {
            buf.release();
        }
    }

    /** RFC 3550 §6.4.1: padding on the last packet; Wireshark's dissection of this one agrees (32 bytes). */
    @Test
    void acceptsPaddingOnTheLastPacket() {
        ByteBuf buf = hex(RtcpVectors.WIRESHARK_TWCC_PADDED);
        try {
            compound.wrap(buf);
            assertThat(compound.next()).isTrue();
            assertThat(compound.packetType()).isEqualTo(RtcpPacketType.RTPFB);
            assertThat(compound.count()).isEqualTo(RtcpPacketType.FMT_TRANSPORT_CC);
            assertThat(compound.packetLength()).isEqualTo(32);
            assertThat(compound.next()).isFalse();
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.NONE);
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesBadHeadersCleanly() {
        assertError("", RtcpCompoundError.EMPTY, 0);
        // pion TestInvalidHeaderLength: an RR claiming 101 words in 4 bytes.
        assertError("81c90064", RtcpCompoundError.LENGTH_OVERRUN, 0);
        // pion TestReadEOF: two bytes of header.
        assertError("81c9", RtcpCompoundError.TRUNCATED_HEADER, 0);
        // Version 0 after a good RR without blocks.
        assertError("80c90001" + "00000001" + "00c90001" + "00000001", RtcpCompoundError.BAD_VERSION, 1);
        // RFC 3550 §6.4.1: padding only on the last packet.
        assertError("a0c90001" + "00000001" + "80c90001" + "00000001", RtcpCompoundError.BAD_PADDING, 0);
        // Padding count 0, and a count larger than the body.
        assertError("a0c90001" + "00000000", RtcpCompoundError.BAD_PADDING, 0);
        assertError("a0c90001" + "00000009", RtcpCompoundError.BAD_PADDING, 0);
        // pion's SR "valid" vector carries a report block but says length 7 (32 bytes): the 21st word is
        // then read as a header, and its version is 0.
        assertError("81c80007" + "902f9e2e" + "da8bd1fcdddda05a" + "aaf4edd5" + "00000001" + "00000002"
                + "bc5e9a40" + "00000000" + "000046e1" + "00000111" + "09f36432" + "00024a79",
                RtcpCompoundError.BAD_VERSION, 1);
    }

    @Test
    void aWindowLongerThanTheBufferIsCutToTheBuffer() {
        ByteBuf buf = hex("80c90001" + "00000001");
        try {
            compound.wrap(buf, 0, 1000);
            assertThat(walk()).containsExactly("201@0+8");
            assertThat(compound.error()).isEqualTo(RtcpCompoundError.NONE);
        } finally {
            buf.release();
        }
    }

    /**
     * Seeded random and mutated input: the iterator and every flyweight's {@code isValid()} must never
     * throw, and every packet the iterator yields lies inside the input.
     */
    @Test
    void neverThrowsOnRandomOrMutatedInput() {
        SplittableRandom random = new SplittableRandom(7983);
        byte[] real = ByteBufUtil.decodeHexDump(RtcpVectors.PION_REAL_PACKET);
        Flyweights all = new Flyweights();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[random.nextInt(0, 80)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                if (bytes.length > 0) {
                    bytes[0] = (byte) (0x80 | (bytes[0] & 0x3f)); // mostly version 2, to get further
                }
            } else {
                bytes = real.clone();
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                bytes = Arrays.copyOf(bytes, random.nextInt(0, bytes.length + 1));
            }
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                compound.wrap(buf);
                while (compound.next()) {
                    assertThat(compound.packetOffset() + compound.packetLength()).isLessThanOrEqualTo(bytes.length);
                    all.exercise(compound);
                }
            } finally {
                buf.release();
            }
        }
    }

    /**
     * The per-packet read path allocates nothing: walk a compound and read every packet through its
     * flyweight many times, and compare the thread's allocation counter before and after. A proper
     * figure comes from JMH with -prof gc in bench.
     */
    @Test
    void readingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuf buf = hex(RtcpVectors.PION_REAL_PACKET + RtcpVectors.CHROME_REMB + "81cd0003902f9e2e902f9e2eaaaa5555");
        Flyweights all = new Flyweights();
        try {
            for (int i = 0; i < 20_000; i++) {
                walkAndRead(buf, all); // warm up, so the interpreter's and JIT's own allocations are done
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            long sink = 0;
            for (int i = 0; i < 100_000; i++) {
                sink += walkAndRead(buf, all);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(sink).isNotZero();
            assertThat(allocated).as("bytes allocated over 100 000 compound walks").isLessThan(100_000);
        } finally {
            buf.release();
        }
    }

    private long walkAndRead(ByteBuf buf, Flyweights all) {
        long sum = 0;
        compound.wrap(buf);
        while (compound.next()) {
            sum += all.exercise(compound);
        }
        return sum;
    }

    /** One of each flyweight, read the way a pipeline node would. */
    private static final class Flyweights {
        final SenderReportFlyweight sr = new SenderReportFlyweight();
        final ReceiverReportFlyweight rr = new ReceiverReportFlyweight();
        final ReportBlockFlyweight block = new ReportBlockFlyweight();
        final SdesFlyweight sdes = new SdesFlyweight();
        final ByeFlyweight bye = new ByeFlyweight();
        final PliFlyweight pli = new PliFlyweight();
        final FirFlyweight fir = new FirFlyweight();
        final NackFlyweight nack = new NackFlyweight();
        final RembFlyweight remb = new RembFlyweight();

        long exercise(RtcpCompoundIterator compound) {
            long sum = 0;
            if (sr.wrap(compound).isValid()) {
                sum += sr.ntpTimestamp() + sr.rtpTimestamp();
                for (int i = 0; i < sr.reportCount(); i++) {
                    sum += sr.reportBlock(i, block).extendedHighestSequence();
                }
            }
            if (rr.wrap(compound).isValid()) {
                for (int i = 0; i < rr.reportCount(); i++) {
                    sum += rr.reportBlock(i, block).jitter() + block.cumulativeLost();
                }
            }
            if (sdes.wrap(compound).isValid()) {
                while (sdes.nextChunk()) {
                    sum += sdes.chunkSsrc() + sdes.cnameLength();
                }
            }
            if (bye.wrap(compound).isValid()) {
                for (int i = 0; i < bye.sourceCount(); i++) {
                    sum += bye.ssrc(i);
                }
                sum += bye.reasonLength();
            }
            if (pli.wrap(compound).isValid()) {
                sum += pli.mediaSsrc();
            }
            if (fir.wrap(compound).isValid()) {
                for (int i = 0; i < fir.entryCount(); i++) {
                    sum += fir.ssrc(i) + fir.sequenceNumber(i);
                }
            }
            if (nack.wrap(compound).isValid()) {
                while (nack.nextLost()) {
                    sum += nack.lostSequenceNumber();
                }
            }
            if (remb.wrap(compound).isValid()) {
                sum += remb.bitrate();
                for (int i = 0; i < remb.ssrcCount(); i++) {
                    sum += remb.ssrc(i);
                }
            }
            return sum + 1;
        }
    }

    private void assertError(String hex, RtcpCompoundError expected, int goodPackets) {
        ByteBuf buf = hex(hex);
        try {
            compound.wrap(buf);
            assertThat(walk()).as(hex).hasSize(goodPackets);
            assertThat(compound.error()).as(hex).isEqualTo(expected);
            assertThat(compound.validate()).isEqualTo(expected);
        } finally {
            buf.release();
        }
    }

    /** "type@offset+length" of every packet from the current position. */
    private List<String> walk() {
        List<String> out = new ArrayList<>();
        while (compound.next()) {
            out.add(compound.packetType() + "@" + compound.packetOffset() + "+" + compound.packetLength());
        }
        return out;
    }
}
