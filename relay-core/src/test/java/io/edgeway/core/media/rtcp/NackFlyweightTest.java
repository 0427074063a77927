package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NackFlyweightTest {

    private final NackFlyweight nack = new NackFlyweight();

    /**
     * pion/rtcp transport_layer_nack_test.go "valid": one entry, PID 0xaaaa, BLP 0x5555. RFC 4585
     * §6.2.1: BLP bit i reports PID+i+1, so 0x5555 (bits 0, 2, ..., 14) adds PID+1, +3, ..., +15.
     */
    @Test
    void readsPionsNackAndListsTheLostPackets() {
        ByteBuf buf = hex("81cd0003" + "902f9e2e" + "902f9e2e" + "aaaa5555");
        try {
            nack.wrap(buf, 0, buf.readableBytes());
            assertThat(nack.isValid()).isTrue();
            assertThat(nack.senderSsrc()).isEqualTo(0x902f9e2e);
            assertThat(nack.mediaSsrc()).isEqualTo(0x902f9e2e);
            assertThat(nack.entryCount()).isEqualTo(1);
            assertThat(nack.pid(0)).isEqualTo(0xaaaa);
            assertThat(nack.blp(0)).isEqualTo(0x5555);
            assertThat(nack.lostCount()).isEqualTo(9);
            assertThat(lost()).containsExactly(0xaaaa, 0xaaab, 0xaaad, 0xaaaf, 0xaab1, 0xaab3, 0xaab5, 0xaab7, 0xaab9);
        } finally {
            buf.release();
        }
    }

    /** pion TestNackPair: the PID and BLP bit layouts. */
    @Test
    void expandsEachBitOfTheBlp() {
        assertThat(lostOf(42, 0)).containsExactly(42);
        assertThat(lostOf(42, 1)).containsExactly(42, 43);
        assertThat(lostOf(42, 2)).containsExactly(42, 44);
        assertThat(lostOf(42, 3)).containsExactly(42, 43, 44);
        assertThat(lostOf(42, 0x8000)).containsExactly(42, 58);
        assertThat(lostOf(65535, 0x0003)).as("wraps").containsExactly(65535, 0, 1);
    }

    /** pion TestTransportLayerNackPairGeneration: the same PID/BLP pairs from the same lost lists. */
    @Test
    void packsLostListsAsPionDoes() {
        assertThat(build(100)).isEqualTo("00640000");
        assertThat(build(100, 101, 105, 115)).isEqualTo("00644011");
        assertThat(build(100, 117, 500, 501, 502)).isEqualTo("00640000" + "00750000" + "01f40003");
        assertThat(build(65534, 65535, 0, 17)).as("across the wrap").isEqualTo("fffe0003" + "00110000");
        assertThat(build(7, 7, 8)).as("a repeated PID is dropped").isEqualTo("00070001");
    }

    @Test
    void buildRoundTripsThroughTheFlyweight() {
        int[] lost = {9, 1000, 1001, 1016, 1017, 1018, 40000};
        ByteBuf out = Unpooled.buffer(64);
        try {
            int written = RtcpBuilder.buildNack(out, 0x01020304, 0x05060708, lost, 1, 5);
            assertThat(written).isEqualTo(12 + 8);
            nack.wrap(out, 0, written);
            assertThat(nack.isValid()).isTrue();
            assertThat(nack.senderSsrc()).isEqualTo(0x01020304);
            assertThat(nack.mediaSsrc()).isEqualTo(0x05060708);
            assertThat(lost()).containsExactly(1000, 1001, 1016, 1017, 1018);
            assertThatThrownBy(() -> RtcpBuilder.buildNack(out, 1, 2, lost, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }

    @Test
    void refusesMalformedNacks() {
        // pion "short report": length 2 with 8 bytes present.
        assertInvalid("81cd0002" + "902f9e2e");
        // No FCI.
        assertInvalid("81cd0002" + "902f9e2e" + "902f9e2e");
        // Padding leaves half an FCI entry.
        assertInvalid("a1cd0003" + "902f9e2e" + "902f9e2e" + "aaaa0002");
        // pion "wrong type": an SR.
        assertInvalid("81c80007" + "902f9e2e" + "bc5e9a40" + "00000000" + "000046e1" + "00000111" + "09f36432"
                + "00024a79");
        // RTPFB FMT 15 (transport-cc) is not a NACK.
        assertInvalid(RtcpVectors.WIRESHARK_TWCC_PADDED);
    }

    private List<Integer> lost() {
        List<Integer> out = new ArrayList<>();
        nack.rewindLost();
        while (nack.nextLost()) {
            out.add(nack.lostSequenceNumber());
        }
        return out;
    }

    private List<Integer> lostOf(int pid, int blp) {
        ByteBuf buf = Unpooled.buffer(16);
        try {
            buf.writeInt(0x81cd0003).writeInt(1).writeInt(2).writeShort(pid).writeShort(blp);
            nack.wrap(buf, 0, 16);
            assertThat(nack.isValid()).isTrue();
            return lost();
        } finally {
            buf.release();
        }
    }

    private static String build(int... lost) {
        ByteBuf out = Unpooled.buffer(64);
        try {
            int written = RtcpBuilder.buildNack(out, 1, 2, lost, 0, lost.length);
            assertThat(written).isEqualTo(out.readableBytes());
            assertThat(RtcpHeader.packetLength(out, 0)).isEqualTo(written);
            return ByteBufUtil.hexDump(out, 12, written - 12);
        } finally {
            out.release();
        }
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(nack.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
