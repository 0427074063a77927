package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Meetings of apps, in creation order. Blocking; thread-safe. */
public final class MeetingStore {

    private static final String COLUMNS = "id, app_id, title, status, record_on_start, persist_chat,"
            + " live_stream_on_start, summarize_on_end, session_keep_alive_secs, created_at, updated_at";

    private final Jdbc jdbc;

    public MeetingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Meeting m) {
        jdbc.update("INSERT INTO meetings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.appId(), m.title(), m.status().name(), m.recordOnStart(), m.persistChat(),
                m.liveStreamOnStart(), m.summarizeOnEnd(), m.sessionKeepAliveSecs(), m.createdAt(), m.updatedAt());
    }

    /** Writes every field but id, app and createdAt; returns false when the meeting does not exist. */
    public boolean update(Meeting m) {
        return jdbc.update("UPDATE meetings SET title = ?, status = ?, record_on_start = ?, persist_chat = ?,"
                + " live_stream_on_start = ?, summarize_on_end = ?, session_keep_alive_secs = ?, updated_at = ?"
                + " WHERE id = ?", m.title(), m.status().name(), m.recordOnStart(), m.persistChat(),
                m.liveStreamOnStart(), m.summarizeOnEnd(), m.sessionKeepAliveSecs(), m.updatedAt(), m.id()) == 1;
    }

    /** The meeting, whatever its app. */
    public Optional<Meeting> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM meetings WHERE id = ?", MeetingStore::row, id);
    }

    /** The meeting if it belongs to {@code appId}. */
    public Optional<Meeting> find(String appId, String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM meetings WHERE id = ? AND app_id = ?", MeetingStore::row, id, appId);
    }

    /** What a list of meetings may be filtered by; null fields do not filter. */
    public record Filter(String search, MeetingStatus status, Long createdFrom, Long createdTo) {
        public static final Filter NONE = new Filter(null, null, null, null);
    }

    /**
     * A page of the app's meetings in creation order, filtered: {@code search} in the id or title
     * (case-insensitive), {@code status}, created at or after {@code createdFrom} and at or before
     * {@code createdTo} (Unix seconds).
     */
    public Page<Meeting> list(String appId, Filter filter, long offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE app_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(appId);
        if (filter.search() != null) {
            where.append(" AND (LOWER(id) LIKE ? OR LOWER(title) LIKE ?)");
            String pattern = Jdbc.containsPattern(filter.search());
            params.add(pattern);
            params.add(pattern);
        }
        if (filter.status() != null) {
            where.append(" AND status = ?");
            params.add(filter.status().name());
        }
        if (filter.createdFrom() != null) {
            where.append(" AND created_at >= ?");
            params.add(filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            where.append(" AND created_at <= ?");
            params.add(filter.createdTo());
        }
        long total = jdbc.count("SELECT COUNT(*) FROM meetings" + where, params.toArray());
        params.add(limit);
        params.add(offset);
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM meetings" + where + " ORDER BY seq LIMIT ? OFFSET ?",
                MeetingStore::row, params.toArray()), offset, total);
    }

    private static Meeting row(ResultSet rs) throws SQLException {
        return new Meeting(rs.getString(1), rs.getString(2), rs.getString(3), MeetingStatus.valueOf(rs.getString(4)),
                rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getInt(9), rs.getLong(10),
                rs.getLong(11));
    }
}
