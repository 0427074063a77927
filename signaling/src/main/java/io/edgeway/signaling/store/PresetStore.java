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
 * Presets, looked up by id or by exact (case-sensitive) name. A second preset with a taken name is
 * refused by the database's unique constraint ({@link StoreException#isUniqueViolation()}). Blocking;
 * thread-safe.
 */
public final class PresetStore {

    private static final String COLUMNS = "id, name, body, created_at, updated_at";

    private final Jdbc jdbc;

    public PresetStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Preset p) {
        jdbc.update("INSERT INTO presets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                p.id(), p.name(), json(p.document()), p.createdAt(), p.updatedAt());
    }

    public boolean update(Preset p) {
        return jdbc.update("UPDATE presets SET name = ?, body = ?, updated_at = ? WHERE id = ?",
                p.name(), json(p.document()), p.updatedAt(), p.id()) == 1;
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM presets WHERE id = ?", id) == 1;
    }

    public Optional<Preset> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM presets WHERE id = ?", PresetStore::row, id);
    }

    public Optional<Preset> findByName(String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM presets WHERE name = ?", PresetStore::row, name);
    }

    public Page<Preset> list(long offset, int limit) {
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM presets ORDER BY seq LIMIT ? OFFSET ?",
                PresetStore::row, limit, offset), offset, jdbc.count("SELECT COUNT(*) FROM presets"));
    }

    private static String json(ObjectNode node) {
        return node.toString();
    }

    private static Preset row(ResultSet rs) throws SQLException {
        try {
            ObjectNode doc = (ObjectNode) JsonEnvelope.JSON.readTree(rs.getString(3));
            return new Preset(rs.getString(1), rs.getString(2), doc, rs.getLong(4), rs.getLong(5));
        } catch (JsonProcessingException e) {
            throw new SQLException("preset " + rs.getString(1) + " has a body that is not JSON", e);
        }
    }
}
