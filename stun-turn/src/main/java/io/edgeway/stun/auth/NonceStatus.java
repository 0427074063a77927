package io.edgeway.stun.auth;

/** The verdict of {@link NonceService#check}. */
public enum NonceStatus {
    /** Issued by this process for this client and not yet expired. */
    VALID,
    /** Issued by this process for this client but past its expiry: answer 438 Stale Nonce (RFC 8489 §9.2.4). */
    STALE,
    /** Not ours: forged, altered, issued to another client address, from another process, or malformed. */
    INVALID
}
