package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.TAILROOM;
import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static io.edgeway.core.media.srtp.SrtpTestSupport.rtcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.srtp.SrtpTestSupport.BufferKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SrtcpContextTest {

    private static final int SSRC = 0xCAFE_BABE;

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
    void compoundPacketRoundTripsWithTheHeaderInTheClear(SrtpProfile profile, BufferKind kind) {
        byte[] plain = rtcp(SSRC, 7, new Random(5));
        Pair pair = new Pair(profile);
        ByteBuf buffer = kind.wrap(plain, TAILROOM);
        try {
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.OK);
            byte[] wire = readable(buffer);
            assertThat(wire).hasSize(plain.length + profile.rtcpTrailerLength());
            assertThat(Arrays.copyOf(wire, 8)).isEqualTo(Arrays.copyOf(plain, 8));
            assertThat(Arrays.copyOfRange(wire, 8, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 8, plain.length));

            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(plain);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void firstPacketCarriesIndexZeroWithTheEFlagAndTheIndexThenCounts(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        for (int expected = 0; expected < 3; expected++) {
            byte[] wire = pair.protect(rtcp(SSRC, 0, new Random(expected)));
            int at = pair.sender.profile().aead() ? wire.length - 4 : wire.length - 14;
            int word = ((wire[at] & 0xff) << 24) | ((wire[at + 1] & 0xff) << 16) | ((wire[at + 2] & 0xff) << 8)
                    | (wire[at + 3] & 0xff);
            // RFC 3711 §3.4: E=1, index 0 for the first packet, incremented after each.
            assertThat(word).isEqualTo(0x8000_0000 | expected);
        }
        assertThat(pair.sender.nextIndex()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void duplicateIsReplayedAndLeftAsItWas(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[] wire = pair.protect(rtcp(SSRC, 2, new Random(1)));
        pair.unprotect(wire);

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
    void outOfOrderInsideTheWindowIsAcceptedAndBehindItIsNot(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        List<byte[]> wires = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            wires.add(pair.protect(rtcp(SSRC, 1, new Random(i))));
        }
        pair.unprotect(wires.get(199));
        pair.unprotect(wires.get(150));
        pair.unprotect(wires.get(72)); // 127 behind: the oldest a 128-packet window still holds

        assertThat(pair.unprotectResult(wires.get(71))).isEqualTo(SrtpResult.REPLAYED);
        assertThat(pair.receiver.highestIndex()).isEqualTo(199);
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void tamperingAnywhereFailsAuthenticationAndChangesNothing(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[] wire = pair.protect(rtcp(SSRC, 3, new Random(2)));
        int indexWord = profile.aead() ? wire.length - 4 : wire.length - 14;
        // header, encrypted body, E flag (claims "not encrypted"), index, last tag octet
        for (int[] flip : new int[][] {{2, 0x01}, {20, 0x40}, {indexWord, 0x80}, {indexWord + 3, 0x01},
                {profile.aead() ? wire.length - 5 : wire.length - 1, 0x01}}) {
            byte[] tampered = wire.clone();
            tampered[flip[0]] ^= (byte) flip[1];
            ByteBuf buffer = kind.wrap(tampered, 0);
            try {
                assertThat(pair.receiver.unprotect(buffer)).as("octet %d", flip[0]).isEqualTo(SrtpResult.AUTH_FAILED);
                assertThat(readable(buffer)).isEqualTo(tampered);
            } finally {
                buffer.release();
            }
        }
        assertThat(pair.unprotect(wire)).isEqualTo(rtcp(SSRC, 3, new Random(2)));
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void authenticationOnlyPacketsAreAcceptedAndCarryTheBodyInTheClear(SrtpProfile profile, BufferKind kind) {
        byte[] plain = rtcp(SSRC, 4, new Random(9));
        Pair pair = new Pair(profile);
        ByteBuf buffer = kind.wrap(plain, TAILROOM);
        try {
            assertThat(pair.sender.protect(buffer, false)).isEqualTo(SrtpResult.OK);
            assertThat(Arrays.copyOf(readable(buffer), plain.length)).isEqualTo(plain);

            assertThat(pair.receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(plain);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void senderStopsAfter2To31Packets(SrtpProfile profile) {
        Pair pair = new Pair(profile);
        pair.sender.nextIndex(SrtcpContext.MAX_INDEX);

        byte[] last = pair.protect(rtcp(SSRC, 0, new Random(1)));
        assertThat(pair.unprotect(last)).isEqualTo(rtcp(SSRC, 0, new Random(1)));
        assertThat(pair.receiver.highestIndex()).isEqualTo(SrtcpContext.MAX_INDEX);

        ByteBuf buffer = Unpooled.buffer(64).writeBytes(rtcp(SSRC, 0, new Random(2)));
        try {
            assertThat(pair.sender.protect(buffer)).isEqualTo(SrtpResult.INDEX_EXHAUSTED);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndBuffers")
    void malformedShortAndForeignPacketsAreRejectedUntouched(SrtpProfile profile, BufferKind kind) {
        Pair pair = new Pair(profile);
        byte[] versionOne = rtcp(SSRC, 0, new Random(1));
        versionOne[0] = 0x41;

        assertResult(pair.sender, true, kind, Arrays.copyOf(rtcp(SSRC, 0, new Random(1)), 7), TAILROOM, SrtpResult.TOO_SHORT);
        assertResult(pair.sender, true, kind, versionOne, TAILROOM, SrtpResult.MALFORMED);
        assertResult(pair.sender, true, kind, rtcp(SSRC + 1, 0, new Random(1)), TAILROOM, SrtpResult.WRONG_SSRC);
        assertResult(pair.sender, true, kind, rtcp(SSRC, 0, new Random(1)), profile.rtcpTrailerLength() - 1,
                SrtpResult.NO_TAILROOM);
        byte[] tooShort = Arrays.copyOf(rtcp(SSRC, 0, new Random(1)), 8 + profile.rtcpTrailerLength() - 1);
        assertResult(pair.receiver, false, kind, tooShort, 0, SrtpResult.TOO_SHORT);
        assertResult(pair.receiver, false, kind, versionOne, 0, SrtpResult.MALFORMED);
        assertThat(pair.sender.nextIndex()).isZero();
    }

    private static void assertResult(SrtcpContext context, boolean protect, BufferKind kind, byte[] packet,
            int tailroom, SrtpResult expected) {
        ByteBuf buffer = kind.wrap(packet, 0);
        ByteBuf sized = buffer.capacity(packet.length + tailroom);
        try {
            assertThat(protect ? context.protect(sized) : context.unprotect(sized)).isEqualTo(expected);
            assertThat(readable(sized)).isEqualTo(packet);
        } finally {
            sized.release();
        }
    }

    static final class Pair {
        final SrtcpContext sender;
        final SrtcpContext receiver;

        Pair(SrtpProfile profile) {
            SrtpSessionKeys keys = SrtpTestSupport.rtcpKeys(profile, 17);
            sender = new SrtcpContext(SSRC, keys, 128, new CryptoScratch());
            receiver = new SrtcpContext(SSRC, keys, 128, new CryptoScratch());
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
