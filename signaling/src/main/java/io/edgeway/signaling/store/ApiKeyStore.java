package io.edgeway.signaling.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's API keys: a public id, a name, the SHA-256 of the secret (never the secret) and the app
 * the key is limited to, if any.
 * Blocking; thread-safe.
 */
public final class ApiKeyStore {

    /** One stored key; {@code appId} is the one app it may use, null for every app. */
    public record Row(String id, String name, String secretHash, long createdAt, String appId) {
    }

    private final Jdbc jdbc;

    public ApiKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row key) {
        jdbc.update("INSERT INTO api_keys (id, name, secret_hash, created_at, app_id) VALUES (?, ?, ?, ?, ?)",
                key.id(), key.name(), key.secretHash(), key.createdAt(), key.appId());
    }

    public Optional<Row> find(String id) {
        return jdbc.one("SELECT id, name, secret_hash, created_at, app_id FROM api_keys WHERE id = ?", ApiKeyStore::row, id);
    }

    public List<Row> list() {
        return jdbc.query("SELECT id, name, secret_hash, created_at, app_id FROM api_keys ORDER BY seq", ApiKeyStore::row);
    }

    public long count() {
        return jdbc.count("SELECT COUNT(*) FROM api_keys");
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM api_keys WHERE id = ?", id) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));
    }
}
