package io.edgeway.core.media.dtls;

/**
 * The SRTP protection profiles this server negotiates in the DTLS {@code use_srtp} extension, in the
 * server's order of preference (declaration order): AEAD first, because AES-GCM both encrypts and
 * authenticates in one pass and the JDK runs it faster than AES-CTR plus HMAC-SHA1 (see DESIGN.md).
 *
 * <p>Each constant carries the two lengths DTLS-SRTP key export needs; the SRTP transform itself
 * (tag lengths, nonce construction) belongs to the SRTP contexts, not here.
 */
public enum SrtpProtectionProfile {

    /**
     * RFC 7714 §14.2: {@code SRTP_AEAD_AES_128_GCM = {0x00, 0x07}}, a 128-bit key and a 96-bit salt
     * (RFC 7714 §12).
     */
    SRTP_AEAD_AES_128_GCM(0x0007, 16, 12),

    /**
     * RFC 5764 §4.1.2: {@code SRTP_AES128_CM_HMAC_SHA1_80 = {0x00, 0x01}}, a 128-bit AES-CM key and a
     * 112-bit salt.
     */
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, 16, 14);

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpProtectionProfile(int id, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The two-byte SRTPProtectionProfile value carried in {@code use_srtp}. */
    public int id() {
        return id;
    }

    /** SRTP master key length in bytes. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** SRTP master salt length in bytes. */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /**
     * How many bytes to ask the TLS exporter for: RFC 5764 §4.2 derives one key and one salt for each
     * direction, {@code 2 * (key + salt)}.
     */
    public int exporterLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The constant with this wire value, or {@code null} for a profile this server does not support. */
    public static SrtpProtectionProfile forId(int id) {
        for (SrtpProtectionProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        return null;
    }

    /**
     * The first profile in the server's preference order that the client offered, or {@code null} if
     * there is none in common. RFC 5764 §4.1.1 leaves the choice to the server among the client's
     * offers; the client's own order is only a hint.
     */
    public static SrtpProtectionProfile select(int[] offeredIds) {
        for (SrtpProtectionProfile preferred : values()) {
            for (int offered : offeredIds) {
                if (offered == preferred.id) {
                    return preferred;
                }
            }
        }
        return null;
    }
}
