package io.edgeway.signaling.live;

/**
 * Told of every change of the live sessions, in order: a session started, a participant joined it, left it,
 * it ended. {@link LiveSessions} calls it under its lock, so the calls come in the order the changes
 * happened; implementations must not block (the session history hands each event to one writer thread).
 */
public interface SessionEvents {

    /** Nothing listens. */
    SessionEvents NONE = new SessionEvents() {
    };

    /** {@code first} started a session of its meeting at {@code at} (Unix seconds). */
    default void started(String sessionId, io.edgeway.signaling.token.TokenGrant first, long at) {
    }

    /** {@code claim} joined its session (at {@code claim.joinedAt()}); the session has had at most {@code maxConcurrent}. */
    default void joined(Claim claim, int maxConcurrent) {
    }

    /** {@code claim}'s participant left its session (or was kicked) at {@code at}. */
    default void left(Claim claim, long at) {
    }

    /** The meeting's session ended at {@code at}. */
    default void ended(String meetingId, String sessionId, long at) {
    }
}
