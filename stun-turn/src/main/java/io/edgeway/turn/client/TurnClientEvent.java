package io.edgeway.turn.client;

/**
 * What a {@link TurnClientSession} made of the bytes or the timeout it was given, and so what the caller
 * does next.
 */
public enum TurnClientEvent {
    /** Nothing for the caller: a stray or duplicate response, or a message that failed its checks. */
    NONE,
    /** Allocate succeeded: {@link TurnClientSession#relayedAddress()} and the lifetime are set. */
    ALLOCATED,
    /** Refresh succeeded with a non-zero lifetime: {@link TurnClientSession#lifetimeSeconds()}. */
    REFRESHED,
    /** Refresh with lifetime 0 succeeded, or was answered 437: the allocation is gone (RFC 8656 §7.3). */
    DEALLOCATED,
    /** CreatePermission succeeded. */
    PERMISSION_CREATED,
    /** ChannelBind succeeded: ChannelData may now flow on that channel. */
    CHANNEL_BOUND,
    /**
     * The request was challenged (401 with a new realm and nonce) or its nonce went stale (438): call
     * {@link TurnClientSession#writePending} to send it again as a new, authenticated transaction.
     */
    RETRY,
    /** A datagram transaction's retransmission timer fired: call {@link TurnClientSession#writePending}. */
    RETRANSMIT,
    /** The request failed: {@link TurnClientSession#errorCode()} (0 when it timed out) and reason. */
    FAILED,
    /** Application data from a peer, as ChannelData or a Data indication: see the session's data accessors. */
    DATA
}
