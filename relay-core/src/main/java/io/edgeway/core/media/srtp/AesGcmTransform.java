package io.edgeway.core.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714) on the JDK's {@code AES/GCM/NoPadding}.
 *
 * <pre>
 * RTP IV   (RFC 7714 §8.1):  00 00 | SSRC(4) | ROC(4) | SEQ(2)            XOR session salt (12)
 * RTCP IV  (RFC 7714 §9.1):  00 00 | SSRC(4) | 00 00 | 0 + index(31 bits)  XOR session salt (12)
 *
 * SRTP   (§8.2):        header (AAD) | ciphertext | tag(16)
 * SRTCP  E=1 (§9.2):    header(8) | ciphertext | tag(16) | E+index(4)     AAD = header(8) | E+index
 * SRTCP  E=0 (§9.3):    whole RTCP packet | tag(16) | E+index(4)          AAD = packet | E+index
 * </pre>
 *
 * <p><b>Allocation.</b> javax.crypto offers no way to give a GCM cipher a new IV except
 * {@code Cipher.init} with a new {@link GCMParameterSpec}, and JDK 17's GCM implementation builds
 * fresh internal state on every init: about 1 KB per packet that this class cannot avoid. Everything
 * else here is reused. {@code SrtpProtectBench} measures it.
 *
 * <p>A failed tag check leaves the array unchanged: the JDK verifies the whole tag before writing
 * any plaintext ({@code SrtpRfcVectorsTest} and {@code SrtpContextTest} check it). Confined to the thread of its context.
 */
final class AesGcmTransform extends SrtpTransform {

    private static final int IV_LENGTH = 12;

    private final Cipher gcm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] word = new byte[4];
    /** An IV no packet can have: RTP and RTCP IVs both start 00 00 before the salt is XORed in. */
    private final byte[] unusedIv = new byte[IV_LENGTH];
    private boolean encrypted;
    private int lastSsrc;
    private long lastIndex;

    AesGcmTransform(SrtpSessionKeys keys) {
        super(keys.profile());
        this.salt = keys.salt();
        this.key = new SecretKeySpec(keys.encryptionKey(), "AES");
        System.arraycopy(salt, 0, unusedIv, 0, IV_LENGTH);
        unusedIv[0] ^= (byte) 0x80;
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    @Override
    int protectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            if (encrypted && index == lastIndex && ssrc == lastSsrc) {
                // The JDK refuses to encrypt twice in a row under one key and IV, a guard against
                // accidental reuse. SrtpContext.protectRetransmission does it on purpose, with the very
                // same packet and so the very same output; an init with an IV no packet can have resets
                // the guard (it only remembers the last one).
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, unusedIv));
            }
            encrypted = true;
            lastSsrc = ssrc;
            lastIndex = index;
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, iv));
            gcm.updateAAD(array, offset, headerLength);
            int payload = offset + headerLength;
            gcm.doFinal(array, payload, length - headerLength, array, payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return length + tagLength;
    }

    @Override
    int unprotectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, iv));
            gcm.updateAAD(array, offset, headerLength);
            int payload = offset + headerLength;
            gcm.doFinal(array, payload, length - headerLength, array, payload);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        return length - tagLength;
    }

    @Override
    int protectRtcp(byte[] array, int offset, int length, int ssrc, int index, boolean encrypt) {
        rtcpIv(ssrc, index);
        int indexWord = encrypt ? index | 0x8000_0000 : index;
        putInt(word, 0, indexWord);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, iv));
            if (encrypt) {
                // RFC 7714 §9.2: AAD is the 8-octet header and the ESRTCP word; the rest is encrypted.
                gcm.updateAAD(array, offset, RtpHeaders.RTCP_HEADER_LENGTH);
                gcm.updateAAD(word, 0, 4);
                int body = offset + RtpHeaders.RTCP_HEADER_LENGTH;
                gcm.doFinal(array, body, length - RtpHeaders.RTCP_HEADER_LENGTH, array, body);
            } else {
                // RFC 7714 §9.3: tagged only; the whole packet and the ESRTCP word are AAD.
                gcm.updateAAD(array, offset, length);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(array, offset + length, 0, array, offset + length);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        // The ESRTCP word follows the tag (RFC 7714 §9.2, §17).
        putInt(array, offset + length + tagLength, indexWord);
        return length + tagLength + SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    int unprotectRtcp(byte[] array, int offset, int length, int ssrc, int indexWord) {
        rtcpIv(ssrc, indexWord & 0x7fff_ffff);
        putInt(word, 0, indexWord);
        int cipherEnd = length - SrtpProfile.SRTCP_INDEX_LENGTH;
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, iv));
            if (indexWord < 0) {
                gcm.updateAAD(array, offset, RtpHeaders.RTCP_HEADER_LENGTH);
                gcm.updateAAD(word, 0, 4);
                int body = offset + RtpHeaders.RTCP_HEADER_LENGTH;
                gcm.doFinal(array, body, cipherEnd - RtpHeaders.RTCP_HEADER_LENGTH, array, body);
            } else {
                int tagAt = cipherEnd - tagLength;
                gcm.updateAAD(array, offset, tagAt);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(array, offset + tagAt, tagLength, array, offset + tagAt);
            }
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        return cipherEnd - tagLength;
    }

    @Override
    int rtcpIndexWordOffset(int length) {
        return length - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    private void rtpIv(int ssrc, long index) {
        long roc = index >>> 16;
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = (byte) (salt[6] ^ (roc >>> 24));
        iv[7] = (byte) (salt[7] ^ (roc >>> 16));
        iv[8] = (byte) (salt[8] ^ (roc >>> 8));
        iv[9] = (byte) (salt[9] ^ roc);
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
    }

    private void rtcpIv(int ssrc, int index) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        iv[6] = salt[6];
        iv[7] = salt[7];
        iv[8] = (byte) (salt[8] ^ (index >>> 24));
        iv[9] = (byte) (salt[9] ^ (index >>> 16));
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
    }
}
