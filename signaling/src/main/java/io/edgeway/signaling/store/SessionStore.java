package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.model.SessionPeer;
import io.edgeway.signaling.model.SessionRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session history: sessions and their peers (one row per join). Blocking; thread-safe.
 */
public final class SessionStore {

    /** Seconds spent in a session by its peers, those still in counted until the bound time parameter. */
    private static final String SECONDS = "(SELECT COALESCE(SUM(COALESCE(p.left_at, ?) - p.joined_at), 0)"
            + " FROM session_peers p WHERE p.session_id = s.id)";
    private static final String SESSION_COLUMNS = "s.id, s.app_id, s.meeting_id, s.meeting_title, s.status,"
            + " s.started_at, s.ended_at, s.max_concurrent, " + SECONDS + ", s.updated_at";
    private static final String PEER_COLUMNS = "id, session_id, participant_id, custom_participant_id, display_name,"
            + " preset_name, joined_at, left_at, updated_at";

    private final Jdbc jdbc;

    public SessionStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void started(String id, String appId, String meetingId, String title, long at) {
        jdbc.update("INSERT INTO sessions (id, app_id, meeting_id, meeting_title, status, started_at, max_concurrent,"
                + " updated_at) VALUES (?, ?, ?, ?, 'LIVE', ?, 0, ?)", id, appId, meetingId, title, at, at);
    }

    public void joined(SessionPeer peer, int maxConcurrent) {
        jdbc.transaction(tx -> {
            tx.update("INSERT INTO session_peers (" + PEER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                    peer.id(), peer.sessionId(), peer.participantId(), peer.customParticipantId(), peer.displayName(),
                    peer.presetName(), peer.joinedAt(), peer.joinedAt());
            tx.update("UPDATE sessions SET max_concurrent = ?, updated_at = ? WHERE id = ?", maxConcurrent,
                    peer.joinedAt(), peer.sessionId());
            return null;
        });
    }

    public void left(String peerId, String sessionId, long at) {
        jdbc.transaction(tx -> {
            tx.update("UPDATE session_peers SET left_at = ?, updated_at = ? WHERE id = ? AND left_at IS NULL", at, at,
                    peerId);
            tx.update("UPDATE sessions SET updated_at = ? WHERE id = ?", at, sessionId);
            return null;
        });
    }

    public void ended(String sessionId, long at) {
        jdbc.transaction(tx -> {
            tx.update("UPDATE session_peers SET left_at = ?, updated_at = ? WHERE session_id = ? AND left_at IS NULL",
                    at, at, sessionId);
            tx.update("UPDATE sessions SET status = 'ENDED', ended_at = ?, updated_at = ? WHERE id = ? AND status = 'LIVE'",
                    at, at, sessionId);
            return null;
        });
    }

    /**
     * Ends every session still LIVE (the process that ran them stopped): at its last update, when it was last
     * seen changing. Returns how many.
     */
    public int endOrphans() {
        return jdbc.transaction(tx -> {
            tx.update("UPDATE session_peers SET left_at = (SELECT s.updated_at FROM sessions s WHERE s.id ="
                    + " session_peers.session_id), updated_at = (SELECT s.updated_at FROM sessions s WHERE s.id ="
                    + " session_peers.session_id) WHERE left_at IS NULL");
            return tx.update("UPDATE sessions SET status = 'ENDED', ended_at = updated_at WHERE status = 'LIVE'");
        });
    }

    public Optional<SessionRecord> find(String appId, String id, long now) {
        return jdbc.one("SELECT " + SESSION_COLUMNS + " FROM sessions s WHERE s.id = ? AND s.app_id = ?",
                SessionStore::session, now, id, appId);
    }

    /** The session, whatever its app (for a signed link, which names it). */
    public Optional<SessionRecord> find(String id, long now) {
        return jdbc.one("SELECT " + SESSION_COLUMNS + " FROM sessions s WHERE s.id = ?", SessionStore::session, now, id);
    }

    /** What a list of sessions may be filtered and sorted by; null fields do not filter. */
    public record Query(String meetingId, String search, Boolean live, Long startedFrom, Long startedTo,
            boolean byMinutes, boolean descending) {
    }

    /** A page of the app's sessions. */
    public Page<SessionRecord> list(String appId, Query q, long now, long offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE s.app_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(appId);
        if (q.meetingId() != null) {
            where.append(" AND s.meeting_id = ?");
            params.add(q.meetingId());
        }
        if (q.search() != null) {
            where.append(" AND (LOWER(s.id) LIKE ? OR LOWER(s.meeting_id) LIKE ? OR LOWER(s.meeting_title) LIKE ?)");
            String pattern = Jdbc.containsPattern(q.search());
            params.add(pattern);
            params.add(pattern);
            params.add(pattern);
        }
        if (q.live() != null) {
            where.append(" AND s.status = ?");
            params.add(q.live() ? "LIVE" : "ENDED");
        }
        if (q.startedFrom() != null) {
            where.append(" AND s.started_at >= ?");
            params.add(q.startedFrom());
        }
        if (q.startedTo() != null) {
            where.append(" AND s.started_at <= ?");
            params.add(q.startedTo());
        }
        long total = jdbc.count("SELECT COUNT(*) FROM sessions s" + where, params.toArray());
        List<Object> all = new ArrayList<>();
        all.add(now);
        all.addAll(params);
        if (q.byMinutes()) {
            all.add(now);
        }
        all.add(limit);
        all.add(offset);
        String dir = q.descending() ? " DESC" : "";
        String order = q.byMinutes() ? SECONDS + dir + ", s.seq" + dir : "s.seq" + dir;
        return new Page<>(jdbc.query("SELECT " + SESSION_COLUMNS + " FROM sessions s" + where + " ORDER BY " + order
                + " LIMIT ? OFFSET ?", SessionStore::session, all.toArray()), offset, total);
    }

    /** Peers of a session: in join order, or by time spent; {@code search} in ids and display name. */
    public Page<SessionPeer> peers(String sessionId, String search, boolean byDuration, boolean descending, long now,
            long offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE session_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(sessionId);
        if (search != null) {
            where.append(" AND (LOWER(id) LIKE ? OR LOWER(participant_id) LIKE ? OR LOWER(custom_participant_id) LIKE ?"
                    + " OR LOWER(display_name) LIKE ?)");
            String pattern = Jdbc.containsPattern(search);
            for (int i = 0; i < 4; i++) {
                params.add(pattern);
            }
        }
        long total = jdbc.count("SELECT COUNT(*) FROM session_peers" + where, params.toArray());
        List<Object> all = new ArrayList<>(params);
        String dir = descending ? " DESC" : "";
        String order;
        if (byDuration) {
            order = "(COALESCE(left_at, ?) - joined_at)" + dir + ", seq" + dir;
            all.add(now);
        } else {
            order = "seq" + dir;
        }
        all.add(limit);
        all.add(offset);
        return new Page<>(jdbc.query("SELECT " + PEER_COLUMNS + " FROM session_peers" + where + " ORDER BY " + order
                + " LIMIT ? OFFSET ?", SessionStore::peer, all.toArray()), offset, total);
    }

    /** The peer with this id, or else the first join of the participant with this id, in the session. */
    public Optional<SessionPeer> peer(String sessionId, String peerOrParticipantId) {
        return jdbc.one("SELECT " + PEER_COLUMNS + " FROM session_peers WHERE session_id = ? AND (id = ? OR participant_id = ?)"
                + " ORDER BY seq LIMIT 1", SessionStore::peer, sessionId, peerOrParticipantId, peerOrParticipantId);
    }

    /** The peer with this id, in a session of the app. */
    public Optional<SessionPeer> peerInApp(String appId, String peerId) {
        return jdbc.one("SELECT p.id, p.session_id, p.participant_id, p.custom_participant_id, p.display_name,"
                + " p.preset_name, p.joined_at, p.left_at, p.updated_at FROM session_peers p JOIN sessions s ON"
                + " s.id = p.session_id WHERE p.id = ? AND s.app_id = ?", SessionStore::peer, peerId, appId);
    }

    private static SessionRecord session(ResultSet rs) throws SQLException {
        long ended = rs.getLong(7);
        return new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                "LIVE".equals(rs.getString(5)), rs.getLong(6), rs.wasNull() ? 0 : ended, rs.getInt(8), rs.getLong(9),
                rs.getLong(10));
    }

    private static SessionPeer peer(ResultSet rs) throws SQLException {
        long left = rs.getLong(8);
        boolean leftNull = rs.wasNull();
        return new SessionPeer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), leftNull ? 0 : left, rs.getLong(9));
    }
}
