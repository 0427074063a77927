package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.TAILROOM;
import static io.edgeway.core.media.srtp.SrtpTestSupport.hex;
import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.srtp.SrtpTestSupport.BufferKind;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published vectors: RFC 3711 Appendix B.2 (AES-CM keystream) and RFC 7714 §16.1 and §17.1/§17.3
 * (AEAD_AES_128_GCM SRTP and SRTCP). Both RFCs give session keys, so contexts are built from them
 * directly; key derivation has its own vectors in {@link SrtpKeyDerivationTest}.
 */
class SrtpRfcVectorsTest {

    // RFC 3711 Appendix B.2.
    private static final byte[] B2_SESSION_KEY = hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] B2_SESSION_SALT = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
    private static final byte[] B2_FIRST_BLOCKS = hex("""
            E03EAD0935C95E80E166B16DD92B4EB4
            D23513162B02D0F72A43A2FE4A5F97AB
            41E95B3BB0A2E8DD477901E4FCA894C0""");
    // Counters ...FEFF, ...FF00, ...FF01: the last three of the 1044512-octet (65282-block) segment.
    private static final byte[] B2_LAST_BLOCKS = hex("""
            EC8CDF7398607CB0F2D21675EA9EA1E4
            362B7C3C6773516318A077D7FC5073AE
            6A2CC3787889374FBEB4C81B17BA6C44""");
    private static final int B2_SEGMENT_LENGTH = 1_044_512;

    // RFC 7714 §16 and §17: key 00 01 ... 0f, salt "Quid pro quo".
    private static final byte[] GCM_KEY = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = hex("517569642070726f2071756f");
    // §16.1.1: "Gallia est omnis divisa in partes tres", SSRC 5501a0b2, SEQ f17b, ROC 0.
    private static final byte[] RTP_PLAIN = hex("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");
    private static final byte[] RTP_PROTECTED = hex("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3
            fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf
            8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");
    // §17.1 and §17.3: a sender report of SSRC "Mars", SRTCP index 000005d4.
    private static final byte[] RTCP_PLAIN = hex("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");
    private static final byte[] RTCP_ENCRYPTED = hex("""
            81c8000d 4d617273 63e94885 dcdab67c
            a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");
    private static final byte[] RTCP_TAGGED_ONLY = hex("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4""");
    private static final int RTP_SSRC = 0x5501a0b2;
    private static final int RTCP_SSRC = 0x4d617273;
    private static final long SRTCP_INDEX = 0x5d4;

    @Test
    void rfc3711AppendixB2KeystreamWholeSegment() {
        AesCmHmacSha1Transform transform = new AesCmHmacSha1Transform(b2Keys(), new CryptoScratch());
        byte[] zeros = new byte[B2_SEGMENT_LENGTH];

        // SSRC 0 and index 0, so the counter is the salt shifted, as B.2 lists it.
        transform.applyKeystream(zeros, 0, zeros.length, 0, 0);

        assertThat(Arrays.copyOfRange(zeros, 0, 48)).isEqualTo(B2_FIRST_BLOCKS);
        assertThat(Arrays.copyOfRange(zeros, 0xFEFF * 16, B2_SEGMENT_LENGTH)).isEqualTo(B2_LAST_BLOCKS);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc3711AppendixB2KeystreamThroughAnSrtpPacket(BufferKind kind) {
        SrtpContext sender = new SrtpContext(0, b2Keys(), 128, new CryptoScratch());
        byte[] packet = new byte[12 + 48]; // V=2, SEQ 0, SSRC 0, 48 zero octets of payload
        packet[0] = (byte) 0x80;
        ByteBuf buffer = kind.wrap(packet, TAILROOM);
        try {
            assertThat(sender.protect(buffer)).isEqualTo(SrtpResult.OK);

            byte[] wire = readable(buffer);
            assertThat(wire).hasSize(12 + 48 + 10);
            assertThat(Arrays.copyOfRange(wire, 12, 60)).isEqualTo(B2_FIRST_BLOCKS);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714Section16_1_1SrtpEncryption(BufferKind kind) {
        SrtpContext sender = gcmRtp();
        ByteBuf buffer = kind.wrap(RTP_PLAIN, TAILROOM);
        try {
            assertThat(sender.protect(buffer)).isEqualTo(SrtpResult.OK);

            assertThat(readable(buffer)).isEqualTo(RTP_PROTECTED);
            assertThat(sender.highestIndex()).isEqualTo(0xf17b);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714Section16_1_2SrtpDecryption(BufferKind kind) {
        SrtpContext receiver = gcmRtp();
        ByteBuf buffer = kind.wrap(RTP_PROTECTED, 0);
        try {
            assertThat(receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);

            assertThat(readable(buffer)).isEqualTo(RTP_PLAIN);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714PacketWithOneFlippedBitIsRejectedAndLeftAsItWas(BufferKind kind) {
        // The header (AAD), the first ciphertext octet, the middle, and the last tag octet.
        for (int at : new int[] {3, 12, 30, RTP_PROTECTED.length - 1}) {
            byte[] altered = RTP_PROTECTED.clone();
            altered[at] ^= 0x01;
            SrtpContext receiver = gcmRtp();
            ByteBuf buffer = kind.wrap(altered, 0);
            try {
                assertThat(receiver.unprotect(buffer)).as("bit flipped at %d", at).isEqualTo(SrtpResult.AUTH_FAILED);

                assertThat(readable(buffer)).isEqualTo(altered);
                assertThat(receiver.highestIndex()).isEqualTo(-1);
            } finally {
                buffer.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714Section17_1SrtcpEncryptionAndTagging(BufferKind kind) {
        SrtcpContext sender = gcmRtcp();
        sender.nextIndex(SRTCP_INDEX);
        ByteBuf buffer = kind.wrap(RTCP_PLAIN, TAILROOM);
        try {
            assertThat(sender.protect(buffer)).isEqualTo(SrtpResult.OK);

            assertThat(readable(buffer)).isEqualTo(RTCP_ENCRYPTED);
            assertThat(sender.nextIndex()).isEqualTo(SRTCP_INDEX + 1);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714Section17_1SrtcpVerificationAndDecryption(BufferKind kind) {
        SrtcpContext receiver = gcmRtcp();
        ByteBuf buffer = kind.wrap(RTCP_ENCRYPTED, 0);
        try {
            assertThat(receiver.unprotect(buffer)).isEqualTo(SrtpResult.OK);

            assertThat(readable(buffer)).isEqualTo(RTCP_PLAIN);
            assertThat(receiver.highestIndex()).isEqualTo(SRTCP_INDEX);
        } finally {
            buffer.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void rfc7714Section17_3SrtcpTaggingOnly(BufferKind kind) {
        SrtcpContext sender = gcmRtcp();
        sender.nextIndex(SRTCP_INDEX);
        ByteBuf buffer = kind.wrap(RTCP_PLAIN, TAILROOM);
        try {
            assertThat(sender.protect(buffer, false)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(RTCP_TAGGED_ONLY);

            // A receiver accepts the E=0 form and strips the tag and index word.
            assertThat(gcmRtcp().unprotect(buffer)).isEqualTo(SrtpResult.OK);
            assertThat(readable(buffer)).isEqualTo(RTCP_PLAIN);
        } finally {
            buffer.release();
        }
    }

    @Test
    void rfc7714SrtcpWithFlippedTagBitIsRejectedAndLeftAsItWas() {
        byte[] altered = RTCP_ENCRYPTED.clone();
        altered[altered.length - 5] ^= 0x80; // last tag octet, before the E+index word
        ByteBuf buffer = BufferKind.HEAP.wrap(altered, 0);
        try {
            assertThat(gcmRtcp().unprotect(buffer)).isEqualTo(SrtpResult.AUTH_FAILED);
            assertThat(readable(buffer)).isEqualTo(altered);
        } finally {
            buffer.release();
        }
    }

    private static SrtpSessionKeys b2Keys() {
        return new SrtpSessionKeys(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, B2_SESSION_KEY, B2_SESSION_SALT, new byte[20]);
    }

    private static SrtpSessionKeys gcmKeys() {
        return new SrtpSessionKeys(SrtpProfile.SRTP_AEAD_AES_128_GCM, GCM_KEY, GCM_SALT, new byte[0]);
    }

    private static SrtpContext gcmRtp() {
        return new SrtpContext(RTP_SSRC, gcmKeys(), 128, new CryptoScratch());
    }

    private static SrtcpContext gcmRtcp() {
        return new SrtcpContext(RTCP_SSRC, gcmKeys(), 128, new CryptoScratch());
    }
}
