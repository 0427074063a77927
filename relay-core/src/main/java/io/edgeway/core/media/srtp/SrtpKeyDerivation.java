package io.edgeway.core.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function: the AES-CM pseudo-random function of RFC 3711 §4.3.3 keyed with
 * the master key, used by both profiles (RFC 7714 §11 keeps it for AES-GCM).
 *
 * <p>With the key derivation rate 0 that DTLS-SRTP uses, {@code index DIV kdr} is 0 (RFC 3711
 * §4.3.1), so the session keys are derived once per master key and do not depend on the SSRC: every
 * context of one {@link SrtpSession} shares them.
 *
 * <pre>
 * PRF input block (16 octets), RFC 3711 §4.3.1 and §4.3.3:
 *   octets 0..13   master salt, XORed with key_id = label || (index DIV kdr = 0) aligned to the right,
 *                  which puts the label on octet 7; a 12-octet GCM salt fills octets 0..11 and
 *                  octets 12..13 stay zero
 *   octets 14..15  block counter 0, 1, 2, ...  (x * 2^16 + counter)
 * output = AES_masterKey(block 0) || AES_masterKey(block 1) || ...  truncated to the length asked
 * </pre>
 *
 * <p>Runs once per session, never per packet; it allocates. Stateless and thread-safe.
 */
public final class SrtpKeyDerivation {

    /** RFC 3711 §4.3.1 labels. */
    public static final int LABEL_RTP_ENCRYPTION = 0x00;
    public static final int LABEL_RTP_AUTHENTICATION = 0x01;
    public static final int LABEL_RTP_SALT = 0x02;
    public static final int LABEL_RTCP_ENCRYPTION = 0x03;
    public static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    public static final int LABEL_RTCP_SALT = 0x05;

    private static final int BLOCK = 16;
    private static final int PRF_INPUT_LENGTH = 14;
    private static final int LABEL_OFFSET = 7;

    private SrtpKeyDerivation() {
    }

    /**
     * Derives {@code length} octets for {@code label} from a master key (16 octets) and master salt
     * (14 octets, or 12 for AEAD profiles), with key derivation rate 0.
     */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterKey.length != 16) {
            throw new IllegalArgumentException("AES-128 master key must be 16 octets, got " + masterKey.length);
        }
        if (masterSalt.length != 14 && masterSalt.length != 12) {
            throw new IllegalArgumentException("master salt must be 14 or 12 octets, got " + masterSalt.length);
        }
        if (label < 0 || label > 0xff) {
            throw new IllegalArgumentException("label out of range: " + label);
        }
        byte[] counterBlocks = new byte[(length + BLOCK - 1) / BLOCK * BLOCK];
        for (int block = 0; block * BLOCK < counterBlocks.length; block++) {
            int at = block * BLOCK;
            System.arraycopy(masterSalt, 0, counterBlocks, at, masterSalt.length);
            counterBlocks[at + LABEL_OFFSET] ^= (byte) label;
            counterBlocks[at + PRF_INPUT_LENGTH] = (byte) (block >>> 8);
            counterBlocks[at + PRF_INPUT_LENGTH + 1] = (byte) block;
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] keystream = aes.doFinal(counterBlocks);
            byte[] out = Arrays.copyOf(keystream, length);
            Arrays.fill(keystream, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding", e);
        }
    }

    /** The SRTP session keys (labels 0, 1, 2) of a master key and salt. */
    static SrtpSessionKeys rtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return keys(profile, masterKey, masterSalt, LABEL_RTP_ENCRYPTION, LABEL_RTP_AUTHENTICATION, LABEL_RTP_SALT);
    }

    /** The SRTCP session keys (labels 3, 4, 5) of a master key and salt. */
    static SrtpSessionKeys rtcp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return keys(profile, masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_AUTHENTICATION, LABEL_RTCP_SALT);
    }

    private static SrtpSessionKeys keys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
            int encryptionLabel, int authLabel, int saltLabel) {
        if (masterKey.length != profile.masterKeyLength() || masterSalt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.masterKeyLength()
                    + "-octet master key and a " + profile.masterSaltLength() + "-octet master salt");
        }
        byte[] encryptionKey = derive(masterKey, masterSalt, encryptionLabel, profile.masterKeyLength());
        byte[] salt = derive(masterKey, masterSalt, saltLabel, profile.masterSaltLength());
        byte[] authKey = profile.authKeyLength() == 0
                ? new byte[0]
                : derive(masterKey, masterSalt, authLabel, profile.authKeyLength());
        try {
            return new SrtpSessionKeys(profile, encryptionKey, salt, authKey);
        } finally {
            Arrays.fill(encryptionKey, (byte) 0);
            Arrays.fill(salt, (byte) 0);
            Arrays.fill(authKey, (byte) 0);
        }
    }
}
