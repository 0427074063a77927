package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.TAILROOM;
import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with an independent implementation, jitsi-srtp (Jitsi Videobridge's SRTP), from master key
 * and salt onwards: ours protects and theirs unprotects, and the reverse, for SRTP across a sequence
 * number wrap and for SRTCP. This is the check for the AEAD key derivation, for which RFC 7714
 * publishes no vector, and for the whole AES-CM path including HMAC and the ROC in the tag.
 */
class JitsiSrtpInteropTest {

    private static final int SSRC = 0x0BAD_CAFE;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtpBothWaysAcrossASequenceNumberWrap(SrtpProfile profile) throws Exception {
        Keys keys = new Keys(profile);
        SrtpSession ours = new SrtpSession(profile, keys.key, keys.salt);
        SrtpSession oursReceiving = new SrtpSession(profile, keys.key, keys.salt);
        SrtpCryptoContext theirsReceiving = keys.factory(false).deriveContext(SSRC, 0);
        SrtpCryptoContext theirsSending = keys.factory(true).deriveContext(SSRC, 0);
        Random random = new Random(11);

        for (int i = 0; i < 40; i++) {
            int seq = (65_516 + i) & 0xFFFF;
            byte[] plain = SrtpTestSupport.rtp(SSRC, seq, random.nextInt(4), random.nextInt(4) - 1,
                    random.nextInt(1200), random);

            byte[] oursOnTheWire = protect(ours, plain);
            TestBuffer received = new TestBuffer(oursOnTheWire);
            assertThat(theirsReceiving.reverseTransformPacket(received, false)).as("seq %d", seq).isEqualTo(SrtpErrorStatus.OK);
            assertThat(received.bytes()).as("seq %d", seq).isEqualTo(plain);

            TestBuffer theirsOnTheWire = new TestBuffer(plain);
            assertThat(theirsSending.transformPacket(theirsOnTheWire)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(theirsOnTheWire.bytes()).as("identical ciphertext, seq %d", seq).isEqualTo(oursOnTheWire);
            assertThat(unprotect(oursReceiving, theirsOnTheWire.bytes())).as("seq %d", seq).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpBothWays(SrtpProfile profile) throws Exception {
        Keys keys = new Keys(profile);
        SrtpSession ours = new SrtpSession(profile, keys.key, keys.salt);
        SrtpSession oursReceiving = new SrtpSession(profile, keys.key, keys.salt);
        SrtcpCryptoContext theirsReceiving = keys.factory(false).deriveControlContext(SSRC);
        SrtcpCryptoContext theirsSending = keys.factory(true).deriveControlContext(SSRC);
        Random random = new Random(12);

        for (int i = 0; i < 10; i++) {
            byte[] plain = SrtpTestSupport.rtcp(SSRC, random.nextInt(40), random);

            byte[] oursOnTheWire = protectRtcp(ours, plain);
            TestBuffer received = new TestBuffer(oursOnTheWire);
            assertThat(theirsReceiving.reverseTransformPacket(received)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(received.bytes()).isEqualTo(plain);

            TestBuffer theirsOnTheWire = new TestBuffer(plain);
            assertThat(theirsSending.transformPacket(theirsOnTheWire)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(theirsOnTheWire.bytes()).isEqualTo(oursOnTheWire);
            assertThat(unprotectRtcp(oursReceiving, theirsOnTheWire.bytes())).isEqualTo(plain);
        }
    }

    private static byte[] protect(SrtpSession session, byte[] plain) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(plain.length + TAILROOM).writeBytes(plain);
        try {
            assertThat(session.protectRtp(buffer)).isEqualTo(SrtpResult.OK);
            return readable(buffer);
        } finally {
            buffer.release();
        }
    }

    private static byte[] unprotect(SrtpSession session, byte[] wire) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(wire.length).writeBytes(wire);
        try {
            assertThat(session.unprotectRtp(buffer)).isEqualTo(SrtpResult.OK);
            return readable(buffer);
        } finally {
            buffer.release();
        }
    }

    private static byte[] protectRtcp(SrtpSession session, byte[] plain) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.heapBuffer(plain.length + TAILROOM).writeBytes(plain);
        try {
            assertThat(session.protectRtcp(buffer)).isEqualTo(SrtpResult.OK);
            return readable(buffer);
        } finally {
            buffer.release();
        }
    }

    private static byte[] unprotectRtcp(SrtpSession session, byte[] wire) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
        try {
            assertThat(session.unprotectRtcp(buffer)).isEqualTo(SrtpResult.OK);
            return readable(buffer);
        } finally {
            buffer.release();
        }
    }

    /** A master key and salt, and jitsi-srtp's policy for the same profile. */
    private static final class Keys {
        final byte[] key;
        final byte[] salt;
        final SrtpPolicy policy;

        Keys(SrtpProfile profile) {
            Random random = new Random(profile.id());
            key = SrtpTestSupport.bytes(random, profile.masterKeyLength());
            salt = SrtpTestSupport.bytes(random, profile.masterSaltLength());
            policy = profile.aead()
                    ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                    : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        }

        SrtpContextFactory factory(boolean sender) {
            return new SrtpContextFactory(sender, key, salt, policy, policy, new LoggerImpl("interop"));
        }
    }

    /** jitsi-srtp's buffer interface over a growable array. */
    private static final class TestBuffer implements ByteArrayBuffer {
        private byte[] buffer;
        private int offset;
        private int length;

        TestBuffer(byte[] bytes) {
            buffer = Arrays.copyOf(bytes, bytes.length + 64);
            length = bytes.length;
        }

        byte[] bytes() {
            return Arrays.copyOfRange(buffer, offset, offset + length);
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int length) {
            this.length = length;
        }

        @Override
        public void setOffset(int offset) {
            this.offset = offset;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buffer, offset + off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > buffer.length) {
                buffer = Arrays.copyOf(buffer, offset + length + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
