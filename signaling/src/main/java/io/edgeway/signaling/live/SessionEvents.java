package io.edgeway.signaling.live;

import io.edgeway.signaling.http.ErrorCode;
import java.util.List;

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

    /**
     * The meeting's session ended at {@code at}.
     *
     * @param endedBy null when its last participant left (or its keep-alive time ran out empty); otherwise why
     *     the server ended it for everyone ({@link ErrorCode#SESSION_ENDED}, {@link ErrorCode#MEETING_INACTIVE},
     *     {@link ErrorCode#MEETING_DURATION_EXCEEDED})
     */
    default void ended(String meetingId, String sessionId, long at, ErrorCode endedBy) {
    }

    /** Every one of {@code listeners}, in the order given. */
    static SessionEvents all(SessionEvents... listeners) {
        List<SessionEvents> list = List.of(listeners);
        return new SessionEvents() {
            @Override
            public void started(String sessionId, io.edgeway.signaling.token.TokenGrant first, long at) {
                list.forEach(l -> l.started(sessionId, first, at));
            }

            @Override
            public void joined(Claim claim, int maxConcurrent) {
                list.forEach(l -> l.joined(claim, maxConcurrent));
            }

            @Override
            public void left(Claim claim, long at) {
                list.forEach(l -> l.left(claim, at));
            }

            @Override
            public void ended(String meetingId, String sessionId, long at, ErrorCode endedBy) {
                list.forEach(l -> l.ended(meetingId, sessionId, at, endedBy));
            }
        };
    }
}
