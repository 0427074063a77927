package io.edgeway.turn.interop;

/** Which long-term credential (RFC 8489 §9.2) the client presents. */
public enum CredentialKind {
    /** A configured user name and password. */
    STATIC_USER,
    /** A time-limited user name signed with a shared secret (the TURN REST API scheme). */
    REST_SECRET
}
