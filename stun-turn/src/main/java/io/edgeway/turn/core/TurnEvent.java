package io.edgeway.turn.core;

/**
 * Everything the TURN core counts, one slot each in {@link TurnCounters}. The names become metric tag
 * values (lower case), so they are a closed, low-cardinality set.
 */
public enum TurnEvent {
    // Allocation lifecycle.
    ALLOCATION_CREATED,
    ALLOCATION_EXPIRED,
    ALLOCATION_DELETED,
    ALLOCATION_REFUSED_QUOTA,
    ALLOCATION_REFUSED_CAPACITY,
    ALLOCATION_REFUSED_OTHER,
    PERMISSION_CREATED,
    CHANNEL_BOUND,

    // Requests.
    BINDING_ANSWERED,
    REQUEST_REJECTED,
    UNKNOWN_ATTRIBUTE_REJECTED,

    // Authentication failures, by reason.
    AUTH_CHALLENGED,
    AUTH_BAD_INTEGRITY,
    AUTH_UNKNOWN_USER,
    AUTH_STALE_NONCE,
    AUTH_WRONG_CREDENTIALS,

    // Drops, by reason: counted, never thrown, never logged per packet.
    DROP_MALFORMED,
    DROP_UNEXPECTED_MESSAGE,
    DROP_RATE_LIMITED,
    DROP_NO_ALLOCATION,
    DROP_NO_PERMISSION,
    DROP_NO_CHANNEL,
    DROP_FORBIDDEN_PEER,
    DROP_BANDWIDTH,
    DROP_FAMILY_MISMATCH,
    DROP_OVERSIZED,

    // Socket-level errors reported by the transport (ICMP errors surfaced by the kernel, TLS failures).
    SOCKET_ERROR;

    private static final TurnEvent[] VALUES = values();

    public static TurnEvent of(int ordinal) {
        return VALUES[ordinal];
    }

    public boolean isDrop() {
        return name().startsWith("DROP_");
    }
}
