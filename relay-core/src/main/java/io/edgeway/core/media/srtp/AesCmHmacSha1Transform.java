package io.edgeway.core.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 in counter mode (RFC 3711 §4.1.1) with an HMAC-SHA1 tag truncated to 80 bits (§4.2.1):
 * {@code SRTP_AES128_CM_HMAC_SHA1_80}.
 *
 * <p>The keystream is made by encrypting counter blocks with an {@code AES/ECB/NoPadding} cipher
 * initialised once with the session key. A {@code AES/CTR} cipher would need a new IV object and a
 * re-initialisation per packet, which allocates about a kilobyte each time; ECB over counter blocks
 * built in a reused array computes the same keystream with the JDK's AES intrinsics and allocates
 * nothing.
 *
 * <pre>
 * counter block j = IV + j,  IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)       RFC 3711 §4.1.1
 *   octets 0..13   session salt, SSRC XORed into octets 4..7, 48-bit index i into octets 8..13
 *   octets 14..15  j (the IV's low 16 bits are zero, so j &lt; 2^16 never carries)
 *
 * SRTP:   header | encrypted payload | tag(10)          tag = HMAC(k_a, header | payload | ROC)
 * SRTCP:  header(8) | encrypted rest | E+index(4) | tag(10)   tag = HMAC(k_a, all before the tag)
 * </pre>
 *
 * Confined to the thread of its context.
 */
final class AesCmHmacSha1Transform extends SrtpTransform {

    private static final int BLOCK = 16;
    private static final int SALT_LENGTH = 14;
    // XOR eight octets at a time; the byte order does not matter to XOR, the native one costs nothing.
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Cipher aes;
    private final byte[] salt;
    private final HmacSha1 hmac;
    private final CryptoScratch scratch;
    private final byte[] iv = new byte[BLOCK];
    private final byte[] word = new byte[4];

    AesCmHmacSha1Transform(SrtpSessionKeys keys, CryptoScratch scratch) {
        super(keys.profile());
        this.scratch = scratch;
        this.salt = keys.salt();
        this.hmac = new HmacSha1(keys.authKey());
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.encryptionKey(), "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding", e);
        }
    }

    @Override
    int protectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index) {
        applyKeystream(array, offset + headerLength, length - headerLength, ssrc, index);
        // RFC 3711 §4.2: the authenticated portion is the header and encrypted payload, followed by the ROC.
        hmac.start();
        hmac.update(array, offset, length);
        putInt(word, 0, (int) (index >>> 16));
        hmac.update(word, 0, 4);
        hmac.finish(array, offset + length, tagLength);
        return length + tagLength;
    }

    @Override
    int unprotectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index) {
        int authenticated = length - tagLength;
        // RFC 3711 §3.3 step 5: verify before decrypting; a forged packet is left untouched.
        hmac.start();
        hmac.update(array, offset, authenticated);
        putInt(word, 0, (int) (index >>> 16));
        hmac.update(word, 0, 4);
        if (!hmac.finishAndVerify(array, offset + authenticated, tagLength)) {
            return -1;
        }
        applyKeystream(array, offset + headerLength, authenticated - headerLength, ssrc, index);
        return authenticated;
    }

    @Override
    int protectRtcp(byte[] array, int offset, int length, int ssrc, int index, boolean encrypt) {
        if (encrypt) {
            applyKeystream(array, offset + RtpHeaders.RTCP_HEADER_LENGTH, length - RtpHeaders.RTCP_HEADER_LENGTH,
                    ssrc, index);
        }
        // RFC 3711 §3.4: E flag and index follow the (encrypted) packet and are authenticated with it.
        putInt(array, offset + length, encrypt ? index | 0x8000_0000 : index);
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        hmac.start();
        hmac.update(array, offset, authenticated);
        hmac.finish(array, offset + authenticated, tagLength);
        return authenticated + tagLength;
    }

    @Override
    int unprotectRtcp(byte[] array, int offset, int length, int ssrc, int indexWord) {
        int authenticated = length - tagLength;
        hmac.start();
        hmac.update(array, offset, authenticated);
        if (!hmac.finishAndVerify(array, offset + authenticated, tagLength)) {
            return -1;
        }
        int plainLength = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        if (indexWord < 0) {
            applyKeystream(array, offset + RtpHeaders.RTCP_HEADER_LENGTH,
                    plainLength - RtpHeaders.RTCP_HEADER_LENGTH, ssrc, indexWord & 0x7fff_ffff);
        }
        return plainLength;
    }

    @Override
    int rtcpIndexWordOffset(int length) {
        return length - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /**
     * XORs the AES-CM keystream for ({@code ssrc}, {@code index}) into {@code array[offset, offset + length)}.
     * Applying it twice restores the input. At most 2^16 blocks (1 MiB) per packet.
     */
    void applyKeystream(byte[] array, int offset, int length, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        iv[8] ^= (byte) (index >>> 40);
        iv[9] ^= (byte) (index >>> 32);
        iv[10] ^= (byte) (index >>> 24);
        iv[11] ^= (byte) (index >>> 16);
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
        byte[] counterBlocks = scratch.counterBlocks();
        byte[] keystream = scratch.keystream();
        int block = 0;
        for (int done = 0; done < length; ) {
            int chunk = Math.min(length - done, CryptoScratch.KEYSTREAM_CHUNK);
            int blocks = (chunk + BLOCK - 1) / BLOCK;
            for (int b = 0; b < blocks; b++, block++) {
                int at = b * BLOCK;
                System.arraycopy(iv, 0, counterBlocks, at, SALT_LENGTH);
                counterBlocks[at + 14] = (byte) (block >>> 8);
                counterBlocks[at + 15] = (byte) block;
            }
            try {
                aes.update(counterBlocks, 0, blocks * BLOCK, keystream, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("keystream buffer too small", e);
            }
            int at = offset + done;
            int i = 0;
            for (; i + 8 <= chunk; i += 8) {
                LONGS.set(array, at + i, (long) LONGS.get(array, at + i) ^ (long) LONGS.get(keystream, i));
            }
            for (; i < chunk; i++) {
                array[at + i] ^= keystream[i];
            }
            done += chunk;
        }
    }
}
