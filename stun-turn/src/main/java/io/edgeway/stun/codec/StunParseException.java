package io.edgeway.stun.codec;

/**
 * The only exception the STUN decoder throws. Malformed input is routine on a public port, so the
 * exception carries no stack trace (filling one in would cost more than parsing the packet) and
 * callers count it as a drop by {@link #reason()}.
 */
public final class StunParseException extends Exception {

    /** Why a packet was refused; used as a low-cardinality metric tag. */
    public enum Reason {
        TOO_SHORT, NOT_STUN, BAD_LENGTH, BAD_ATTRIBUTE, TOO_MANY_ATTRIBUTES, BAD_FINGERPRINT
    }

    private final Reason reason;

    public StunParseException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
