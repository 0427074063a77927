package io.edgeway.signaling.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * TURN keys (Cloudflare's shape): a public id, a name, and the SHA-256 of the key's bearer token. A
 * deleted key keeps its row with {@code deleted_at} set, so credentials minted under it stay refused
 * until they would have expired. Blocking; thread-safe.
 */
public final class TurnKeyStore {

    /** One stored key; {@code deletedAt} is 0 while the key is live. */
    public record Row(String id, String name, String secretHash, long createdAt, long updatedAt, long deletedAt) {
    }

    private static final String COLUMNS = "id, name, secret_hash, created_at, updated_at, deleted_at";

    private final Jdbc jdbc;

    public TurnKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row key) {
        jdbc.update("INSERT INTO turn_keys (id, name, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                key.id(), key.name(), key.secretHash(), key.createdAt(), key.updatedAt());
    }

    /** The live (not deleted) key. */
    public Optional<Row> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM turn_keys WHERE id = ? AND deleted_at IS NULL", TurnKeyStore::row, id);
    }

    public List<Row> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM turn_keys WHERE deleted_at IS NULL ORDER BY seq", TurnKeyStore::row);
    }

    public boolean rename(String id, String name, long now) {
        return jdbc.update("UPDATE turn_keys SET name = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                name, now, id) == 1;
    }

    public boolean markDeleted(String id, long now) {
        return jdbc.update("UPDATE turn_keys SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                now, now, id) == 1;
    }

    /** Ids of keys deleted at or after {@code since}. */
    public List<String> deletedSince(long since) {
        return jdbc.query("SELECT id FROM turn_keys WHERE deleted_at IS NOT NULL AND deleted_at >= ?",
                rs -> rs.getString(1), since);
    }

    private static Row row(ResultSet rs) throws SQLException {
        long deleted = rs.getLong(6);
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.wasNull() ? 0 : deleted);
    }
}
