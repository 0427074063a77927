package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.model.Participant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Participants of meetings. A custom participant id is unique within its meeting (the database refuses a
 * second one: {@link StoreException#isUniqueViolation()}). Blocking; thread-safe.
 */
public final class ParticipantStore {

    private static final String COLUMNS = "id, meeting_id, custom_participant_id, preset_name, name, picture,"
            + " created_at, updated_at";

    private final Jdbc jdbc;

    public ParticipantStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Participant p) {
        jdbc.update("INSERT INTO participants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                p.id(), p.meetingId(), p.customParticipantId(), p.presetName(), p.name(), p.picture(),
                p.createdAt(), p.updatedAt());
    }

    public boolean update(Participant p) {
        return jdbc.update("UPDATE participants SET custom_participant_id = ?, preset_name = ?, name = ?, picture = ?,"
                + " updated_at = ? WHERE id = ?", p.customParticipantId(), p.presetName(), p.name(), p.picture(),
                p.updatedAt(), p.id()) == 1;
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM participants WHERE id = ?", id) == 1;
    }

    /** The participant, whatever its meeting. */
    public Optional<Participant> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM participants WHERE id = ?", ParticipantStore::row, id);
    }

    public Optional<Participant> findByCustomId(String meetingId, String customParticipantId) {
        return jdbc.one("SELECT " + COLUMNS + " FROM participants WHERE meeting_id = ? AND custom_participant_id = ?",
                ParticipantStore::row, meetingId, customParticipantId);
    }

    public Page<Participant> list(String meetingId, long offset, int limit) {
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM participants WHERE meeting_id = ? ORDER BY seq"
                + " LIMIT ? OFFSET ?", ParticipantStore::row, meetingId, limit, offset), offset,
                jdbc.count("SELECT COUNT(*) FROM participants WHERE meeting_id = ?", meetingId));
    }

    private static Participant row(ResultSet rs) throws SQLException {
        return new Participant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8));
    }
}
