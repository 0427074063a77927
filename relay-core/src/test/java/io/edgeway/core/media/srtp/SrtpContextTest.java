package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.TAILROOM;
import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static io.edgeway.core.media.srtp.SrtpTestSupport.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.srtp.SrtpTestSupport.BufferKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SrtpContextTest {

    private static final int SSRC = 0x1234_5678;

    static Stream<Arguments> profilesAndBuffers() {
        List<Arguments> cases = new ArrayList<>();
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (BufferKind kind : BufferKind.values()) {
                cases.add(Arguments.of(profile, kind));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void roundTripKeepsCsrcsAndHeaderExtensionInTheClear(SrtpProfile profile, BufferKind kind) {
        byte[] plain = rtp(SSRC, 4711, 3, 2, 160, new Random(1));
        int headerLength = 12 + 3 * 4 + 4 + 2 * 4;
        Pair pair = new Pair(profile);
        ByteBuf buffer = kind.wrap(plain, TAILROOM);
        try {
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.OK);
            byte[] wire = readable(buffer);
            assertThat(wire).hasSize(plain.length + profile.rtpTrailerLength());
            assertThat(Arrays.copyOf(wire, headerLength)).isEqualTo(Arrays.copyOf(plain, headerLength));
            assertThat(Arrays.copyOfRange(wire, headerLength, plain.length))
                    .isNotEqualTo(Arrays.copyOfRange(plain, headerLength, plain.length));

            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(plain);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void worksOnAPacketThatDoesNotStartAtIndexZero(SrtpProfile profile, BufferKind kind) {
        byte[] plain = rtp(SSRC, 1, 40);
        byte[] framed = new byte[7 + plain.length];
        System.arraycopy(plain, 0, framed, 7, plain.length);
        Pair pair = new Pair(profile);
        ByteBuf buffer = kind.wrap(framed, TAILROOM);
        try {
            buffer.readerIndex(7);
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);

            assertThat(buffer.readerIndex()).isEqualTo(7);
            assertThat(readable(buffer)).isEqualTo(plain);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void headerOnlyPacketRoundTrips(SrtpProfile profile, BufferKind kind) {
        byte[] plain = rtp(SSRC, 9, 0);
        Pair pair = new Pair(profile);
        ByteBuf buffer = kind.wrap(plain, TAILROOM);
        try {
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(plain);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterAdvancesWhenTheSequenceNumberWraps(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        int[] sequence = {65_533, 65_534, 65_535, 0, 1, 2};
        byte[] afterWrap = null;
        for (int seq : sequence) {
            byte[] plain = rtp(SSRC, seq, 100);
            byte[] wire = pair.protect(plain);
            if (seq == 0) {
                afterWrap = wire;
            }
            assertThat(pair.unprotect(wire)).as("seq %d", seq).isEqualTo(plain);
        }

        assertThat(pair.sender.rolloverCounter()).isEqualTo(1);
        assertThat(pair.receiver.rolloverCounter()).isEqualTo(1);
        assertThat(pair.receiver.highestIndex()).isEqualTo(65_536 + 2);
        // The ROC is part of the IV: seq 0 under ROC 1 is not seq 0 under ROC 0.
        assertThat(new Pair(profile).protect(rtp(SSRC, 0, 100))).isNotEqualTo(afterWrap);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void receiverGuessesTheRocAcrossLossAndALatePacketFromBeforeTheWrap(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        byte[] before = pair.protect(rtp(SSRC, 65_530, 50));
        byte[] late = pair.protect(rtp(SSRC, 65_534, 50));
        byte[] after = pair.protect(rtp(SSRC, 60, 50)); // 62 packets after the wrap, the ones between lost

        assertThat(pair.unprotect(before)).isEqualTo(rtp(SSRC, 65_530, 50));
        // RFC 3711 Appendix A: s_l = 65530 >= 32768 and SEQ 60 < s_l - 32768, so v = ROC + 1.
        assertThat(pair.unprotect(after)).isEqualTo(rtp(SSRC, 60, 50));
        assertThat(pair.receiver.rolloverCounter()).isEqualTo(1);
        // s_l = 60 < 32768 and SEQ - s_l > 32768, so v = ROC - 1: 62 packets back, inside the window.
        assertThat(pair.unprotect(late)).isEqualTo(rtp(SSRC, 65_534, 50));
        assertThat(pair.receiver.rolloverCounter()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void duplicateIsRejectedAsReplayedAndLeftAsItWas(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[] wire = pair.protect(rtp(SSRC, 100, 80));
        assertThat(pair.unprotect(wire)).isNotNull();

        ByteBuf again = kind.wrap(wire, 0);
        try {
            assertThat(pair.receiver.unprotect(again)).isEqualTo(SrtpResult.REPLAYED);
            assertThat(readable(again)).isEqualTo(wire);
        } finally {
            again.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void outOfOrderPacketsInsideTheWindowAreAccepted(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        List<Integer> order = new ArrayList<>();
        List<byte[]> wires = new ArrayList<>();
        for (int seq = 1000; seq < 1100; seq++) {
            order.add(seq - 1000);
            wires.add(pair.protect(rtp(SSRC, seq, 30)));
        }
        Collections.shuffle(order, new Random(7));

        for (int i : order) {
            assertThat(pair.unprotect(wires.get(i))).as("seq %d", 1000 + i).isEqualTo(rtp(SSRC, 1000 + i, 30));
        }
        assertThat(pair.receiver.highestIndex()).isEqualTo(1099);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetBehindTheWindowIsReplayedEvenIfNeverSeen(SrtpProfile profile) {
        for (int window : new int[] {64, 128}) {
            Pair pair = new Pair(profile, window);
            byte[] oldest = pair.protect(rtp(SSRC, 1000 - window, 30));
            byte[] stillInside = pair.protect(rtp(SSRC, 1000 - window + 1, 30));
            byte[] newest = pair.protect(rtp(SSRC, 1000, 30));

            assertThat(pair.unprotect(newest)).isNotNull();
            assertThat(pair.unprotectResult(oldest)).as("window %d", window).isEqualTo(SrtpResult.REPLAYED);
            assertThat(pair.unprotectResult(stillInside)).as("window %d", window).isEqualTo(SrtpResult.OK);
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void tamperedTagFailsAuthenticationAndChangesNothing(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[] wire = pair.protect(rtp(SSRC, 500, 120));
        byte[] tampered = wire.clone();
        tampered[tampered.length - 1] ^= 0x01;

        ByteBuf buffer = kind.wrap(tampered, 0);
        try {
            int writerIndex = buffer.writerIndex();
            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.AUTH_FAILED);

            assertThat(readable(buffer)).isEqualTo(tampered);
            assertThat(buffer.readerIndex()).isZero();
            assertThat(buffer.writerIndex()).isEqualTo(writerIndex);
            assertThat(pair.receiver.highestIndex()).isEqualTo(-1);
        } finally {
            buffer.release();
        }
        // The genuine packet is still accepted: the forgery did not burn its index.
        assertThat(pair.unprotect(wire)).isEqualTo(rtp(SSRC, 500, 120));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPayloadOrHeaderExtensionFailsAuthentication(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        byte[] wire = pair.protect(rtp(SSRC, 77, 0, 1, 64, new Random(3)));
        for (int at : new int[] {1, 13, 18, 30, wire.length - profile.tagLength() - 1}) {
            byte[] tampered = wire.clone();
            tampered[at] ^= 0x10;
            assertThat(pair.unprotectResult(tampered)).as("octet %d", at).isEqualTo(SrtpResult.AUTH_FAILED);
        }
        assertThat(pair.unprotect(wire)).isEqualTo(rtp(SSRC, 77, 0, 1, 64, new Random(3)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketFarAheadMovesNeitherTheWindowNorTheRoc(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        assertThat(pair.unprotect(pair.protect(rtp(SSRC, 10, 40)))).isNotNull();
        byte[] forged = rtp(SSRC, 30_000, 40 + profile.tagLength()); // ROC guess unchanged, index 30000

        assertThat(pair.unprotectResult(forged)).isEqualTo(SrtpResult.AUTH_FAILED);

        assertThat(pair.receiver.highestIndex()).isEqualTo(10);
        assertThat(pair.unprotect(pair.protect(rtp(SSRC, 11, 40)))).isEqualTo(rtp(SSRC, 11, 40));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetFromBeforeTheFirstRolloverIsReplayed(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        assertThat(pair.unprotect(pair.protect(rtp(SSRC, 100, 20)))).isNotNull();

        // s_l = 100 and SEQ - s_l > 32768 would mean ROC - 1 = -1: no such index exists.
        assertThat(pair.unprotectResult(rtp(SSRC, 65_000, 20 + profile.tagLength()))).isEqualTo(SrtpResult.REPLAYED);
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void senderRefusesToProtectTheSameIndexTwice(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        pair.protect(rtp(SSRC, 5, 30));
        byte[] again = rtp(SSRC, 5, 30);

        ByteBuf buffer = kind.wrap(again, TAILROOM);
        try {
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.REPLAYED);
            assertThat(readable(buffer)).isEqualTo(again);
        } finally {
            buffer.release();
        }
    }

    /**
     * A NACKed packet from before the last rollover is protected again with ROC-1 (RFC 3711 §3.3.1) into
     * exactly the bytes first sent, which the receiver that lost them accepts; the window does not move.
     */
    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void retransmissionReproducesTheFirstTransmissionAcrossARollover(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[][] wire = new byte[4][];
        int[] seqs = {65534, 65535, 0, 1};
        for (int i = 0; i < seqs.length; i++) {
            wire[i] = pair.protect(rtp(SSRC, seqs[i], 3, 1, 60, new Random(seqs[i])));
        }
        assertThat(pair.sender.rolloverCounter()).isEqualTo(1);
        pair.unprotect(wire[0]);
        pair.unprotect(wire[2]); // 65535 was lost on the way

        ByteBuf again = kind.wrap(rtp(SSRC, 65535, 3, 1, 60, new Random(65535)), TAILROOM);
        try {
            assertThat(pair.sender.protectRetransmission(again)).isEqualTo(SrtpResult.OK);
            assertThat(readable(again)).isEqualTo(wire[1]);
        } finally {
            again.release();
        }
        assertThat(pair.unprotect(wire[1])).isEqualTo(rtp(SSRC, 65535, 3, 1, 60, new Random(65535)));
        assertThat(pair.sender.highestIndex()).isEqualTo((1L << 16) | 1);
        assertThat(pair.protectResult(rtp(SSRC, 0, 3, 1, 60, new Random(0)), TAILROOM))
                .as("a first transmission still may not repeat an index").isEqualTo(SrtpResult.REPLAYED);
        assertThat(pair.protect(rtp(SSRC, 2, 20))).isNotNull();
    }

    /**
     * The latest packet sent again, twice in a row: the JDK refuses two GCM encryptions in a row under
     * one key and IV unless told otherwise, so this is the case that must still work.
     */
    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void theLatestPacketCanBeRetransmittedRepeatedly(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        pair.protect(rtp(SSRC, 6, 30));
        byte[] first = pair.protect(rtp(SSRC, 7, 30));
        for (int i = 0; i < 2; i++) {
            ByteBuf again = kind.wrap(rtp(SSRC, 7, 30), TAILROOM);
            try {
                assertThat(pair.sender.protectRetransmission(again)).isEqualTo(SrtpResult.OK);
                assertThat(readable(again)).isEqualTo(first);
            } finally {
                again.release();
            }
        }
        assertThat(pair.unprotect(pair.protect(rtp(SSRC, 8, 30)))).isEqualTo(rtp(SSRC, 8, 30));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void retransmissionReachesBehindTheReplayWindowButNotPastTheHighestIndex(SrtpProfile profile) {
        Pair pair = new Pair(profile, 64);
        byte[] first = pair.protect(rtp(SSRC, 1000, 40));
        for (int seq = 1001; seq <= 1300; seq++) {
            pair.protect(rtp(SSRC, seq, 40));
        }
        assertThat(pair.protectResult(rtp(SSRC, 1000, 40), TAILROOM)).isEqualTo(SrtpResult.REPLAYED);

        ByteBuf again = Unpooled.buffer(40 + 12 + TAILROOM).writeBytes(rtp(SSRC, 1000, 40));
        ByteBuf ahead = Unpooled.buffer(40 + 12 + TAILROOM).writeBytes(rtp(SSRC, 1301, 40));
        try {
            assertThat(pair.sender.protectRetransmission(again)).isEqualTo(SrtpResult.OK);
            assertThat(readable(again)).isEqualTo(first);
            assertThat(pair.sender.protectRetransmission(ahead)).isEqualTo(SrtpResult.NEVER_SENT);
            assertThat(readable(ahead)).isEqualTo(rtp(SSRC, 1301, 40));
        } finally {
            again.release();
            ahead.release();
        }
        ByteBuf neverSent = Unpooled.buffer(64).writeBytes(rtp(SSRC, 5, 20));
        try {
            assertThat(new Pair(profile).sender.protectRetransmission(neverSent))
                    .as("before the first packet").isEqualTo(SrtpResult.NEVER_SENT);
        } finally {
            neverSent.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void senderStopsWhenTheRolloverCounterWouldOverflow(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        pair.sender.startAt((0xFFFF_FFFFL << 16) | 0xFFFF);

        assertThat(pair.protectResult(rtp(SSRC, 0, 10), TAILROOM)).isEqualTo(SrtpResult.INDEX_EXHAUSTED);
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void malformedShortAndForeignPacketsAreRejectedUntouched(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        int tag = profile.tagLength();
        byte[] versionOne = rtp(SSRC, 1, 20);
        versionOne[0] = 0x40;
        byte[] extensionOverrun = rtp(SSRC, 1, 0, 1, 0, new Random(1));
        extensionOverrun[12 + 3] = 50; // 50 words of extension in a 20-octet packet
        byte[] csrcOverrun = rtp(SSRC, 1, 20);
        csrcOverrun[0] = (byte) 0x8F; // 15 CSRCs = 60 octets
        byte[] shortHeader = Arrays.copyOf(rtp(SSRC, 1, 0), 11);

        assertProtectResult(pair.sender, kind, shortHeader, TAILROOM, SrtpResult.TOO_SHORT);
        assertProtectResult(pair.sender, kind, versionOne, TAILROOM, SrtpResult.MALFORMED);
        assertProtectResult(pair.sender, kind, extensionOverrun, TAILROOM, SrtpResult.MALFORMED);
        assertProtectResult(pair.sender, kind, csrcOverrun, TAILROOM, SrtpResult.MALFORMED);
        assertProtectResult(pair.sender, kind, rtp(SSRC + 1, 1, 20), TAILROOM, SrtpResult.WRONG_SSRC);
        assertProtectResult(pair.sender, kind, rtp(SSRC, 1, 20), tag - 1, SrtpResult.NO_TAILROOM);

        assertUnprotectResult(pair.receiver, kind, Arrays.copyOf(rtp(SSRC, 1, 0), 12 + tag - 1), SrtpResult.TOO_SHORT);
        assertUnprotectResult(pair.receiver, kind, versionOne, SrtpResult.MALFORMED);
        assertUnprotectResult(pair.receiver, kind, rtp(SSRC + 1, 1, 20), SrtpResult.WRONG_SSRC);
        // Nothing above moved any state: the first real packet still has index 1.
        assertThat(pair.unprotect(pair.protect(rtp(SSRC, 1, 20)))).isEqualTo(rtp(SSRC, 1, 20));
    }

    private static void assertProtectResult(SrtpContext context, BufferKind kind, byte[] packet, int tailroom,
            SrtpResult expected) {
        ByteBuf buffer = kind.wrap(packet, 0);
        ByteBuf sized = buffer.capacity(packet.length + tailroom);
        try {
            assertThat(context.protect(sized)).isEqualTo(expected);
            assertThat(readable(sized)).isEqualTo(packet);
        } finally {
            sized.release();
        }
    }

    private static void assertUnprotectResult(SrtpContext context, BufferKind kind, byte[] packet, SrtpResult expected) {
        ByteBuf buffer = kind.wrap(packet, 0);
        try {
            assertThat(context.unprotect(buffer)).isEqualTo(expected);
            assertThat(readable(buffer)).isEqualTo(packet);
        } finally {
            buffer.release();
        }
    }

    /** A sender and a receiver context of one SSRC under the same keys. */
    static final class Pair {
        final SrtpContext sender;
        final SrtpContext receiver;

        Pair(SrtpProfile profile) {
            this(profile, 128);
        }

        Pair(SrtpProfile profile, int window) {
            SrtpSessionKeys keys = SrtpTestSupport.rtpKeys(profile, 42);
            sender = new SrtpContext(SSRC, keys, window, new CryptoScratch());
            receiver = new SrtpContext(SSRC, keys, window, new CryptoScratch());
        }

        byte[] protect(byte[] plain) {
            ByteBuf buffer = Unpooled.buffer(plain.length + TAILROOM).writeBytes(plain);
            try {
                assertThat(sender.protect(buffer)).isEqualTo(SrtpResult.OK);
                return readable(buffer);
            } finally {
                buffer.release();
            }
        }

        SrtpResult protectResult(byte[] plain, int tailroom) {
            ByteBuf buffer = Unpooled.buffer(plain.length + tailroom).writeBytes(plain);
            try {
                return sender.protect(buffer);
            } finally {
                buffer.release();
            }
        }

        /** The plain packet, failing the test unless the result is OK. */
        byte[] unprotect(byte[] wire) {
            ByteBuf buffer = Unpooled.directBuffer(wire.length).writeBytes(wire);
            try {
                assertThat(receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);
                return readable(buffer);
            } finally {
                buffer.release();
            }
        }

        SrtpResult unprotectResult(byte[] wire) {
            ByteBuf buffer = Unpooled.buffer(wire.length).writeBytes(wire);
            try {
                return receiver.unprotect(buffer);
            } finally {
                buffer.release();
            }
        }
    }
}
