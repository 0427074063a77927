package io.edgeway.signaling.history;

import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.SessionEvents;
import io.edgeway.signaling.model.SessionPeer;
import io.edgeway.signaling.store.SessionStore;
import io.edgeway.signaling.token.TokenGrant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the history of sessions (RealtimeKit's sessions API) from the live sessions' events: each start,
 * join, leave and end becomes a row change in {@link SessionStore}, written in the order it happened by one
 * writer (a single-threaded executor), never on the thread that reported it (a leave may come from a media
 * event loop). At start, {@link #recover()} ends the sessions a stopped process left LIVE (live sessions are
 * process state; their last update is when they were last seen).
 *
 * <p>Thread-safe. A write that fails is logged and dropped: the history then lacks that change, and the
 * meeting goes on.
 */
public final class SessionHistory implements SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHistory.class);

    private final SessionStore store;
    private final Executor writer;

    /** @param writer runs one task at a time, in order */
    public SessionHistory(SessionStore store, Executor writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Ends the sessions left LIVE by a process that stopped; call once at start, before any join. */
    public void recover() {
        int n = store.endOrphans();
        if (n > 0) {
            LOG.info("ended {} session(s) left live by the previous run", n);
        }
    }

    @Override
    public void started(String sessionId, TokenGrant first, long at) {
        write("start", () -> store.started(sessionId, first.appId(), first.meetingId(), first.meetingTitle(), at));
    }

    @Override
    public void joined(Claim claim, int maxConcurrent) {
        TokenGrant g = claim.grant();
        SessionPeer peer = new SessionPeer(claim.peerId(), claim.sessionId(), g.participantId(), g.customParticipantId(),
                g.name(), g.presetName(), claim.joinedAt(), 0, claim.joinedAt());
        write("join", () -> store.joined(peer, maxConcurrent));
    }

    @Override
    public void left(Claim claim, long at) {
        write("leave", () -> store.left(claim.peerId(), claim.sessionId(), at));
    }

    @Override
    public void ended(String meetingId, String sessionId, long at) {
        write("end", () -> store.ended(sessionId, at));
    }

    private void write(String what, Runnable work) {
        try {
            writer.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("session history: recording a {} failed: {}", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("session history: shutting down, a {} was not recorded", what);
        }
    }
}
