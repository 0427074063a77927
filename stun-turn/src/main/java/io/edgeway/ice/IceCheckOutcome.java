package io.edgeway.ice;

/** How {@link IceLiteResponder} disposed of each STUN packet; counted per responder. */
public enum IceCheckOutcome {
    /** A check answered with a Binding success response. */
    ANSWERED,
    /** 400: no FINGERPRINT, USERNAME or integrity attribute, or a malformed ICE attribute. */
    BAD_REQUEST,
    /** 401: unknown or malformed username, wrong remote ufrag, or integrity that does not verify. */
    UNAUTHENTICATED,
    /** 420: an authenticated check with comprehension-required attributes this agent does not know. */
    UNKNOWN_ATTRIBUTE,
    /** 487: a full agent claimed the controlled role, which belongs to this lite agent. */
    ROLE_CONFLICT,
    /** An unauthenticated error answer suppressed by the per-source rate limit. */
    RATE_LIMITED,
    /** Well-formed STUN that needs no answer: Binding indications (keepalives), responses, other methods. */
    IGNORED,
    /** Not a well-formed STUN message (bad framing, bad FINGERPRINT). */
    NOT_STUN
}
