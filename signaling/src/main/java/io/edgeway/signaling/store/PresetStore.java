package io.edgeway.signaling.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.model.Preset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Presets of apps, looked up by id or by exact (case-sensitive) name within their app. A second preset with
 * a name taken in its app is refused by the database's unique constraint ({@link StoreException#isUniqueViolation()}). Blocking;
 * thread-safe.
 */
public final class PresetStore {

    private static final String COLUMNS = "id, app_id, name, body, created_at, updated_at";

    private final Jdbc jdbc;

    public PresetStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Preset p) {
        jdbc.update("INSERT INTO presets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                p.id(), p.appId(), p.name(), json(p.document()), p.createdAt(), p.updatedAt());
    }

    public boolean update(Preset p) {
        return jdbc.update("UPDATE presets SET name = ?, body = ?, updated_at = ? WHERE id = ?",
                p.name(), json(p.document()), p.updatedAt(), p.id()) == 1;
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM presets WHERE id = ?", id) == 1;
    }

    /** The app's preset with this id. */
    public Optional<Preset> find(String appId, String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM presets WHERE id = ? AND app_id = ?", PresetStore::row, id, appId);
    }

    /** The app's preset with exactly this name (case-sensitive). */
    public Optional<Preset> findByName(String appId, String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM presets WHERE app_id = ? AND name = ?", PresetStore::row, appId,
                name);
    }

    /** A page of the app's presets in creation order; with {@code search}, those whose name contains it (any case). */
    public Page<Preset> list(String appId, String search, long offset, int limit) {
        String where = " WHERE app_id = ?" + (search == null ? "" : " AND LOWER(name) LIKE ?");
        Object[] params = search == null ? new Object[] {appId} : new Object[] {appId, Jdbc.containsPattern(search)};
        Object[] paged = java.util.Arrays.copyOf(params, params.length + 2);
        paged[params.length] = limit;
        paged[params.length + 1] = offset;
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM presets" + where + " ORDER BY seq LIMIT ? OFFSET ?",
                PresetStore::row, paged), offset, jdbc.count("SELECT COUNT(*) FROM presets" + where, params));
    }

    private static String json(ObjectNode node) {
        return node.toString();
    }

    private static Preset row(ResultSet rs) throws SQLException {
        try {
            ObjectNode doc = (ObjectNode) JsonEnvelope.JSON.readTree(rs.getString(4));
            return new Preset(rs.getString(1), rs.getString(2), rs.getString(3), doc, rs.getLong(5), rs.getLong(6));
        } catch (JsonProcessingException e) {
            throw new SQLException("preset " + rs.getString(1) + " has a body that is not JSON", e);
        }
    }
}
