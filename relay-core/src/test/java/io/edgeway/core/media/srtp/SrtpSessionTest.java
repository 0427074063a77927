package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.TAILROOM;
import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static io.edgeway.core.media.srtp.SrtpTestSupport.rtcp;
import static io.edgeway.core.media.srtp.SrtpTestSupport.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void clientAndServerKeysComeFromTheirPlacesInTheExportedMaterial(SrtpProfile profile) {
        byte[] material = SrtpTestSupport.bytes(new Random(1), profile.keyingMaterialLength());
        int key = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        // RFC 5764 §4.2: client key | server key | client salt | server salt.
        SrtpSession clientByHand = new SrtpSession(profile, Arrays.copyOfRange(material, 0, key),
                Arrays.copyOfRange(material, 2 * key, 2 * key + salt));
        SrtpSession serverByHand = new SrtpSession(profile, Arrays.copyOfRange(material, key, 2 * key),
                Arrays.copyOfRange(material, 2 * key + salt, 2 * key + 2 * salt));

        byte[] fromClient = protect(clientByHand, rtp(1, 1, 100));
        byte[] fromServer = protect(serverByHand, rtp(1, 1, 100));

        assertThat(unprotect(SrtpSession.ofClientWrite(profile, material), fromClient)).isEqualTo(SrtpResult.OK);
        assertThat(unprotect(SrtpSession.ofServerWrite(profile, material), fromServer)).isEqualTo(SrtpResult.OK);
        assertThat(unprotect(SrtpSession.ofServerWrite(profile, material), fromClient)).isEqualTo(SrtpResult.AUTH_FAILED);
        assertThat(unprotect(SrtpSession.ofClientWrite(profile, material), fromServer)).isEqualTo(SrtpResult.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void contextsAreCreatedPerSsrcAndOnlyForAuthenticPackets(SrtpProfile profile) {
        byte[] material = SrtpTestSupport.bytes(new Random(2), profile.keyingMaterialLength());
        SrtpSession sender = SrtpSession.ofServerWrite(profile, material);
        SrtpSession receiver = SrtpSession.ofServerWrite(profile, material);

        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            for (int seq = 0; seq < 4; seq++) {
                assertThat(unprotect(receiver, protect(sender, rtp(ssrc, seq, 50)))).isEqualTo(SrtpResult.OK);
            }
        }
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            assertThat(unprotect(receiver, rtp(random.nextInt(), i, 80))).isEqualTo(SrtpResult.AUTH_FAILED);
        }

        assertThat(sender.rtpContextCount()).isEqualTo(3);
        assertThat(receiver.rtpContextCount()).isEqualTo(3);
        assertThat(receiver.count(SrtpResult.OK)).isEqualTo(12);
        assertThat(receiver.count(SrtpResult.AUTH_FAILED)).isEqualTo(100);
        assertThat(receiver.rtpContext(2).highestIndex()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void retransmissionsGoThroughTheExistingContextAndCreateNone(SrtpProfile profile) {
        byte[] material = SrtpTestSupport.bytes(new Random(4), profile.keyingMaterialLength());
        SrtpSession sender = SrtpSession.ofServerWrite(profile, material);
        byte[] first = protect(sender, rtp(7, 10, 50));
        protect(sender, rtp(7, 11, 50));

        ByteBuf again = PooledByteBufAllocator.DEFAULT.directBuffer(62 + TAILROOM).writeBytes(rtp(7, 10, 50));
        ByteBuf unknown = PooledByteBufAllocator.DEFAULT.directBuffer(62 + TAILROOM).writeBytes(rtp(8, 10, 50));
        try {
            assertThat(sender.protectRtpRetransmission(again)).isEqualTo(SrtpResult.OK);
            assertThat(readable(again)).isEqualTo(first);
            assertThat(sender.protectRtpRetransmission(unknown)).isEqualTo(SrtpResult.NEVER_SENT);
        } finally {
            again.release();
            unknown.release();
        }
        assertThat(sender.rtpContextCount()).isEqualTo(1);
        assertThat(sender.count(SrtpResult.NEVER_SENT)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsBeyondTheSsrcLimitAreRefused(SrtpProfile profile) {
        byte[] material = SrtpTestSupport.bytes(new Random(4), profile.keyingMaterialLength());
        SrtpSession sender = new SrtpSession(profile, Arrays.copyOf(material, 16), Arrays.copyOfRange(material, 32,
                32 + profile.masterSaltLength()), 64, 2);
        SrtpSession receiver = new SrtpSession(profile, Arrays.copyOf(material, 16), Arrays.copyOfRange(material, 32,
                32 + profile.masterSaltLength()), 64, 2);
        byte[] first = protect(sender, rtp(1, 1, 10));
        byte[] second = protect(sender, rtp(2, 1, 10));
        SrtpSession unlimited = new SrtpSession(profile, Arrays.copyOf(material, 16), Arrays.copyOfRange(material, 32,
                32 + profile.masterSaltLength()));
        byte[] third = protect(unlimited, rtp(3, 1, 10));

        assertThat(protectResult(sender, rtp(3, 1, 10))).isEqualTo(SrtpResult.SSRC_LIMIT);
        assertThat(unprotect(receiver, first)).isEqualTo(SrtpResult.OK);
        assertThat(unprotect(receiver, second)).isEqualTo(SrtpResult.OK);
        assertThat(unprotect(receiver, third)).isEqualTo(SrtpResult.SSRC_LIMIT);

        assertThat(receiver.removeSsrc(1)).isTrue();
        assertThat(receiver.removeSsrc(1)).isFalse();
        assertThat(unprotect(receiver, third)).isEqualTo(SrtpResult.OK);
        assertThat(sender.count(SrtpResult.SSRC_LIMIT)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpGoesThroughItsOwnContextsAndKeys(SrtpProfile profile) {
        byte[] material = SrtpTestSupport.bytes(new Random(5), profile.keyingMaterialLength());
        SrtpSession sender = SrtpSession.ofClientWrite(profile, material);
        SrtpSession receiver = SrtpSession.ofClientWrite(profile, material);
        byte[] plain = rtcp(77, 3, new Random(6));

        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(plain.length + TAILROOM).writeBytes(plain);
        try {
            assertThat(sender.protectRtcp(buffer)).isEqualTo(SrtpResult.OK);
            byte[] wire = readable(buffer);
            assertThat(receiver.unprotectRtcp(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(plain);
            assertThat(receiver.unprotectRtcp(buffer.clear().writeBytes(wire))).isEqualTo(SrtpResult.REPLAYED);
        } finally {
            buffer.release();
        }
        byte[] forged = rtcp(78, 3, new Random(7));
        assertThat(unprotectRtcp(receiver, forged)).isEqualTo(SrtpResult.AUTH_FAILED);
        assertThat(receiver.rtcpContextCount()).isEqualTo(1);
        assertThat(receiver.rtpContextCount()).isZero();
        assertThat(receiver.rtcpContext(77).highestIndex()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tooShortPacketsAreCountedBeforeAnySsrcIsRead(SrtpProfile profile) {
        SrtpSession session = SrtpSession.ofClientWrite(profile, new byte[profile.keyingMaterialLength()]);

        assertThat(unprotect(session, new byte[11])).isEqualTo(SrtpResult.TOO_SHORT);
        assertThat(unprotectRtcp(session, new byte[7])).isEqualTo(SrtpResult.TOO_SHORT);
        assertThat(session.count(SrtpResult.TOO_SHORT)).isEqualTo(2);
        assertThat(session.rtpContextCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rejectsMaterialOfTheWrongLengthAndUnsupportedWindows(SrtpProfile profile) {
        assertThatThrownBy(() -> SrtpSession.ofClientWrite(profile, new byte[profile.keyingMaterialLength() - 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpSession(profile, new byte[16], new byte[profile.masterSaltLength()], 32, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SrtpSession.ofClientWrite(profile, new byte[profile.keyingMaterialLength()]).toString())
                .contains(profile.name())
                .doesNotContain("key");
    }

    private static byte[] protect(SrtpSession session, byte[] plain) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(plain.length + TAILROOM).writeBytes(plain);
        try {
            assertThat(session.protectRtp(buffer)).isEqualTo(SrtpResult.OK);
            return readable(buffer);
        } finally {
            buffer.release();
        }
    }

    private static SrtpResult protectResult(SrtpSession session, byte[] plain) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(plain.length + TAILROOM).writeBytes(plain);
        try {
            return session.protectRtp(buffer);
        } finally {
            buffer.release();
        }
    }

    private static SrtpResult unprotect(SrtpSession session, byte[] wire) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
        try {
            return session.unprotectRtp(buffer);
        } finally {
            buffer.release();
        }
    }

    private static SrtpResult unprotectRtcp(SrtpSession session, byte[] wire) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
        try {
            return session.unprotectRtcp(buffer);
        } finally {
            buffer.release();
        }
    }
}
