package io.edgeway.signaling.live;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.token.TokenGrant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The live sessions of this process and who is in them: the "token in use" registry and the limits
 * that apply at join time.
 *
 * <p>Theory of operation. The session layer verifies a token ({@code ParticipantTokens.verify}), then
 * calls {@link #claim} with the grant and a {@link KickListener}. A claim succeeds unless
 * <ol>
 *   <li>the participant is already live ({@link ErrorCode#TOKEN_REUSE}): one live session per token, and
 *       since every token of a participant names the same participant, per participant;</li>
 *   <li>the meeting's session already has {@link Limits#MAX_PARTICIPANTS_PER_SESSION}
 *       ({@link ErrorCode#SESSION_FULL});</li>
 *   <li>the meeting has no session and {@link Limits#MAX_CONCURRENT_SESSIONS} are running
 *       ({@link ErrorCode#TOO_MANY_SESSIONS});</li>
 *   <li>the meeting's session has run {@link Limits#MAX_MEETING_DURATION}
 *       ({@link ErrorCode#MEETING_DURATION_EXCEEDED}).</li>
 * </ol>
 * The first claim for a meeting starts its session (a new session id); the release of its last claim
 * ends it, unless the meeting keeps sessions alive ({@code session_keep_alive_time_in_secs}): then it stays
 * open, empty, for that long, a join in the meantime joins it, and {@link #endIdleSessions()} ends it after.
 * The {@linkplain #onSessionEnded ended listeners} hear of every end (chat history is per session).
 * {@link #kick} and {@link #kickAll} release claims on the server's initiative and call their listeners;
 * {@link #endSessionsOverDuration()} does so for sessions past the longest duration (the owner calls it
 * periodically).
 *
 * <p>Thread-safe: state changes under this object's lock, which is never held while listeners run.
 * Nothing here blocks or touches the database.
 */
public final class LiveSessions implements ActiveSessions {

    private final Clock clock;
    private final int maxPerSession;
    private final int maxSessions;
    private final Map<String, Session> byMeeting = new HashMap<>();
    private final Map<String, Claim> byParticipant = new HashMap<>();
    private final List<BiConsumer<String, String>> endedListeners = new CopyOnWriteArrayList<>();
    private volatile SessionEvents events = SessionEvents.NONE;

    private static final class Session {
        final String id = UUID.randomUUID().toString();
        final String meetingId;
        final String appId;
        final String meetingTitle;
        final long startedAt;
        final Map<String, Claim> claims = new LinkedHashMap<>();
        /** The most participants it had at once. */
        int maxConcurrent;
        /** Seconds spent in it by participants who have left. */
        long participantSeconds;
        /** Seconds it stays open once empty, from the meeting's setting at the last join. */
        int keepAliveSecs;
        /** Unix seconds since when it has been empty (kept alive), or -1 while someone is in it. */
        long emptySince = -1;

        Session(TokenGrant first, long startedAt) {
            this.meetingId = first.meetingId();
            this.appId = first.appId();
            this.meetingTitle = first.meetingTitle();
            this.startedAt = startedAt;
        }
    }

    /** With RealtimeKit's limits. */
    public LiveSessions(Clock clock) {
        this(clock, Limits.MAX_PARTICIPANTS_PER_SESSION, Limits.MAX_CONCURRENT_SESSIONS);
    }

    LiveSessions(Clock clock, int maxPerSession, int maxSessions) {
        this.clock = clock;
        this.maxPerSession = maxPerSession;
        this.maxSessions = maxSessions;
    }

    /** From now on {@code events} hears of every start, join, leave and end, in order (under this object's lock). */
    public void events(SessionEvents events) {
        this.events = events;
    }

    /**
     * Called with (meeting id, session id) after a session's last participant has gone.
     */
    public void onSessionEnded(BiConsumer<String, String> listener) {
        endedListeners.add(listener);
    }

    /**
     * Makes the grant's participant live in its meeting's session.
     *
     * @param onKick told if the server removes this participant; see {@link KickListener}
     * @throws ApiException {@link ErrorCode#TOKEN_REUSE}, {@link ErrorCode#SESSION_FULL},
     *     {@link ErrorCode#TOO_MANY_SESSIONS} or {@link ErrorCode#MEETING_DURATION_EXCEEDED}
     */
    public synchronized Claim claim(TokenGrant grant, KickListener onKick) {
        if (byParticipant.containsKey(grant.participantId())) {
            throw new ApiException(ErrorCode.TOKEN_REUSE, "this participant's token is already in use in a live"
                    + " session; a token joins one session at a time: leave the other session first, or have"
                    + " your server add a new participant for a second device");
        }
        long now = clock.epochSeconds();
        Session session = byMeeting.get(grant.meetingId());
        if (session == null) {
            if (byMeeting.size() >= maxSessions) {
                throw new ApiException(ErrorCode.TOO_MANY_SESSIONS, "this app already has " + byMeeting.size()
                        + " live sessions, the most it may have at once (" + maxSessions + "); try again when one ends");
            }
            session = new Session(grant, now);
            events.started(session.id, grant, now);
        } else {
            Limits.checkMeetingDuration(session.startedAt, now);
            if (session.claims.size() >= maxPerSession) {
                throw new ApiException(ErrorCode.SESSION_FULL, "this session already has " + session.claims.size()
                        + " participants, the most a session may have (" + maxPerSession + ")");
            }
        }
        byMeeting.putIfAbsent(grant.meetingId(), session);
        Claim claim = new Claim(session.id, grant, now, onKick);
        session.claims.put(grant.participantId(), claim);
        session.maxConcurrent = Math.max(session.maxConcurrent, session.claims.size());
        session.keepAliveSecs = grant.sessionKeepAliveSecs();
        session.emptySince = -1;
        byParticipant.put(grant.participantId(), claim);
        events.joined(claim, session.maxConcurrent);
        return claim;
    }

    /** Ends the claim (the participant left). Idempotent; a claim already kicked or replaced is ignored. */
    public void release(Claim claim) {
        String ended = null;
        synchronized (this) {
            ended = remove(claim, true, null);
        }
        if (ended != null) {
            fireEnded(claim.grant().meetingId(), ended);
        }
    }

    /** Whether this participant is live now. */
    public synchronized boolean isLive(String participantId) {
        return byParticipant.containsKey(participantId);
    }

    /** Live sessions now. */
    public synchronized int sessionCount() {
        return byMeeting.size();
    }

    /**
     * Returns the ended session's id when this removal emptied it and it is not kept alive, else null.
     * Caller holds the lock.
     */
    private String remove(Claim claim, boolean keepAlive, ErrorCode endedBy) {
        String pid = claim.grant().participantId();
        if (byParticipant.get(pid) != claim) {
            return null;
        }
        byParticipant.remove(pid);
        Session session = byMeeting.get(claim.grant().meetingId());
        session.claims.remove(pid);
        long now = clock.epochSeconds();
        session.participantSeconds += Math.max(0, now - claim.joinedAt());
        events.left(claim, now);
        if (session.claims.isEmpty()) {
            if (keepAlive && session.keepAliveSecs > 0) {
                // RealtimeKit's session_keep_alive_time_in_secs: whoever joins within it joins the same session.
                session.emptySince = now;
                return null;
            }
            byMeeting.remove(session.meetingId);
            events.ended(session.meetingId, session.id, now, endedBy);
            return session.id;
        }
        return null;
    }

    /**
     * Ends the sessions that stayed empty for their keep-alive time; returns how many. The owner calls it
     * every second.
     */
    public int endIdleSessions() {
        List<Session> idle = new ArrayList<>();
        synchronized (this) {
            long now = clock.epochSeconds();
            for (Session s : byMeeting.values()) {
                if (s.claims.isEmpty() && s.emptySince >= 0 && now - s.emptySince >= s.keepAliveSecs) {
                    idle.add(s);
                }
            }
            for (Session s : idle) {
                byMeeting.remove(s.meetingId, s);
                events.ended(s.meetingId, s.id, now, null);
            }
        }
        for (Session s : idle) {
            fireEnded(s.meetingId, s.id);
        }
        return idle.size();
    }

    @Override
    public synchronized Optional<SessionSnapshot> activeSession(String meetingId) {
        Session s = byMeeting.get(meetingId);
        if (s == null) {
            return Optional.empty();
        }
        List<LiveParticipant> live = new ArrayList<>(s.claims.size());
        long seconds = s.participantSeconds;
        long now = clock.epochSeconds();
        for (Claim c : s.claims.values()) {
            live.add(c.participant());
            seconds += Math.max(0, now - c.joinedAt());
        }
        return Optional.of(new SessionSnapshot(s.id, s.meetingId, s.appId, s.meetingTitle, s.startedAt,
                s.maxConcurrent, seconds, List.copyOf(live)));
    }

    @Override
    public List<LiveParticipant> kick(String meetingId, Collection<String> participantIds,
            Collection<String> customParticipantIds) {
        List<Claim> kicked = new ArrayList<>();
        String ended = null;
        synchronized (this) {
            Session s = byMeeting.get(meetingId);
            if (s != null) {
                for (Claim c : new ArrayList<>(s.claims.values())) {
                    if (participantIds.contains(c.grant().participantId())
                            || customParticipantIds.contains(c.grant().customParticipantId())) {
                        kicked.add(c);
                        String e = remove(c, true, null);
                        ended = e != null ? e : ended;
                    }
                }
            }
        }
        notifyKicked(kicked, ErrorCode.KICKED, "you were removed from the meeting");
        if (ended != null) {
            fireEnded(meetingId, ended);
        }
        List<LiveParticipant> out = new ArrayList<>(kicked.size());
        for (Claim c : kicked) {
            out.add(c.participant());
        }
        return out;
    }

    @Override
    public int kickAll(String meetingId) {
        return endSession(meetingId, ErrorCode.SESSION_ENDED, "the meeting's session was ended for everyone");
    }

    /** Ends every session that has run {@link Limits#MAX_MEETING_DURATION}; returns how many were ended. */
    public int endSessionsOverDuration() {
        List<String> over = new ArrayList<>();
        synchronized (this) {
            long now = clock.epochSeconds();
            for (Session s : byMeeting.values()) {
                if (now - s.startedAt >= Limits.MAX_MEETING_DURATION.getSeconds()) {
                    over.add(s.meetingId);
                }
            }
        }
        for (String meetingId : over) {
            endSession(meetingId, ErrorCode.MEETING_DURATION_EXCEEDED, "the session reached the longest a session may run ("
                    + Limits.MAX_MEETING_DURATION.toHours() + " hours, started " + startedAt(meetingId) + ")");
        }
        return over.size();
    }

    private synchronized String startedAt(String meetingId) {
        Session s = byMeeting.get(meetingId);
        return s == null ? "earlier" : Instant.ofEpochSecond(s.startedAt).toString();
    }

    @Override
    public int endSession(String meetingId, ErrorCode reason, String message) {
        List<Claim> kicked;
        String ended = null;
        synchronized (this) {
            Session s = byMeeting.get(meetingId);
            if (s == null) {
                return 0;
            }
            kicked = new ArrayList<>(s.claims.values());
            for (Claim c : kicked) {
                String e = remove(c, false, reason);
                ended = e != null ? e : ended;
            }
            if (kicked.isEmpty()) {
                // Empty, kept alive: ending it is all there is to do.
                byMeeting.remove(meetingId, s);
                events.ended(meetingId, s.id, clock.epochSeconds(), reason);
                ended = s.id;
            }
        }
        notifyKicked(kicked, reason, message);
        if (ended != null) {
            fireEnded(meetingId, ended);
        }
        return kicked.size();
    }

    private static void notifyKicked(List<Claim> kicked, ErrorCode reason, String message) {
        for (Claim c : kicked) {
            c.listener.kicked(reason, message);
        }
    }

    private void fireEnded(String meetingId, String sessionId) {
        for (BiConsumer<String, String> l : endedListeners) {
            l.accept(meetingId, sessionId);
        }
    }
}
