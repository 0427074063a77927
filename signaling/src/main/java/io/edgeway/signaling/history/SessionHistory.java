package io.edgeway.signaling.history;

import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.SessionEventWriter;
import io.edgeway.signaling.live.SessionEvents;
import io.edgeway.signaling.model.SessionPeer;
import io.edgeway.signaling.store.SessionStore;
import io.edgeway.signaling.token.TokenGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the history of sessions (RealtimeKit's sessions API) from the live sessions' events: each start,
 * join, leave and end becomes a row change in {@link SessionStore}, written in the order it happened by the
 * {@link SessionEventWriter}, never on the thread that reported it. At start, {@link #recover()} ends the sessions a stopped process left LIVE (live sessions are
 * process state; their last update is when they were last seen).
 *
 * <p>Thread-safe. A write that fails is logged and dropped: the history then lacks that change, and the
 * meeting goes on.
 */
public final class SessionHistory implements SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHistory.class);

    private final SessionStore store;
    private final SessionEventWriter writer;

    public SessionHistory(SessionStore store, SessionEventWriter writer) {
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
    public void ended(String meetingId, String sessionId, long at, io.edgeway.signaling.http.ErrorCode endedBy) {
        write("end", () -> store.ended(sessionId, at));
    }

    private void write(String what, Runnable work) {
        writer.write(LOG, "session " + what, work);
    }
}
