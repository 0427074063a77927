package io.edgeway.core.media.srtp;

import java.util.Optional;

/**
 * The DTLS-SRTP protection profiles Edgeway negotiates, with the key, salt and tag sizes each one
 * fixes. The identifier is the two-octet value carried in the DTLS {@code use_srtp} extension.
 *
 * <pre>
 *                                 id      master key  master salt  auth key  tag (SRTP / SRTCP)
 * SRTP_AES128_CM_HMAC_SHA1_80     0x0001  16          14           20        10 / 10   RFC 5764 §4.1.2
 * SRTP_AEAD_AES_128_GCM           0x0007  16          12           -         16 / 16   RFC 7714 §14.2
 * </pre>
 *
 * <p>Immutable; safe to share between threads.
 */
public enum SrtpProfile {

    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711, RFC 5764 §4.1.2). */
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 20, 10, false),

    /** AES-128-GCM with a 16-octet tag and a 12-octet salt (RFC 7714 §12, §14.2). */
    SRTP_AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16, true);

    /** SRTCP appends the E flag and the 31-bit SRTCP index to every packet (RFC 3711 §3.4). */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int id;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int authKeyLength;
    private final int tagLength;
    private final boolean aead;

    SrtpProfile(int id, int masterKeyLength, int masterSaltLength, int authKeyLength, int tagLength,
            boolean aead) {
        this.id = id;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.authKeyLength = authKeyLength;
        this.tagLength = tagLength;
        this.aead = aead;
    }

    /** The two-octet SRTPProtectionProfile value of the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2). */
    public int id() {
        return id;
    }

    /** Master (and session) encryption key length in octets. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Master (and session) salt length in octets: 14 for AES-CM, 12 for GCM (RFC 7714 §12). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Session authentication key length in octets; 0 for AEAD profiles, whose tag comes from GCM. */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Authentication tag length in octets, the same for SRTP and SRTCP with both profiles. */
    public int tagLength() {
        return tagLength;
    }

    /** Whether the profile is an AEAD (GCM) profile rather than AES-CM plus HMAC-SHA1. */
    public boolean aead() {
        return aead;
    }

    /**
     * Octets {@link SrtpContext#protect} appends to an RTP packet: the caller must leave this much
     * writable space after the packet.
     */
    public int rtpTrailerLength() {
        return tagLength;
    }

    /**
     * Octets {@link SrtcpContext#protect} appends to an RTCP packet (E flag and SRTCP index, plus the
     * tag): the caller must leave this much writable space after the packet.
     */
    public int rtcpTrailerLength() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }

    /**
     * Octets to export from the DTLS session for this profile: client and server write keys, then
     * client and server write salts (RFC 5764 §4.2).
     */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this {@code use_srtp} identifier, if Edgeway supports it. */
    public static Optional<SrtpProfile> byId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
