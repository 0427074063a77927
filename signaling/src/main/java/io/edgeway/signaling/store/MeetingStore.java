package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Meetings, in creation order. Blocking; thread-safe. */
public final class MeetingStore {

    private static final String COLUMNS = "id, title, status, record_on_start, persist_chat, live_stream_on_start,"
            + " summarize_on_end, created_at, updated_at";

    private final Jdbc jdbc;

    public MeetingStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Meeting m) {
        jdbc.update("INSERT INTO meetings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.title(), m.status().name(), m.recordOnStart(), m.persistChat(), m.liveStreamOnStart(),
                m.summarizeOnEnd(), m.createdAt(), m.updatedAt());
    }

    /** Writes every field but id and createdAt; returns false when the meeting does not exist. */
    public boolean update(Meeting m) {
        return jdbc.update("UPDATE meetings SET title = ?, status = ?, record_on_start = ?, persist_chat = ?,"
                + " live_stream_on_start = ?, summarize_on_end = ?, updated_at = ? WHERE id = ?",
                m.title(), m.status().name(), m.recordOnStart(), m.persistChat(), m.liveStreamOnStart(),
                m.summarizeOnEnd(), m.updatedAt(), m.id()) == 1;
    }

    public Optional<Meeting> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM meetings WHERE id = ?", MeetingStore::row, id);
    }

    public Page<Meeting> list(long offset, int limit) {
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM meetings ORDER BY seq LIMIT ? OFFSET ?",
                MeetingStore::row, limit, offset), offset, jdbc.count("SELECT COUNT(*) FROM meetings"));
    }

    private static Meeting row(ResultSet rs) throws SQLException {
        return new Meeting(rs.getString(1), rs.getString(2), MeetingStatus.valueOf(rs.getString(3)), rs.getBoolean(4),
                rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getLong(8), rs.getLong(9));
    }
}
