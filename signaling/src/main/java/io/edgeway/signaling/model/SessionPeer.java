package io.edgeway.signaling.model;

/**
 * One join of a participant to a session (RealtimeKit's peer): joined and, once gone, left. Immutable.
 *
 * @param id       the peer id
 * @param leftAt   Unix seconds, or 0 while in the session
 */
public record SessionPeer(String id, String sessionId, String participantId, String customParticipantId,
        String displayName, String presetName, long joinedAt, long leftAt, long updatedAt) {

    /** Seconds in the session, until {@code now} while still in it. */
    public long seconds(long now) {
        return Math.max(0, (leftAt == 0 ? now : leftAt) - joinedAt);
    }
}
