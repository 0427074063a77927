package io.edgeway.signaling.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's API keys: a public id, a name, and the SHA-256 of the secret (never the secret).
 * Blocking; thread-safe.
 */
public final class ApiKeyStore {

    /** One stored key. */
    public record Row(String id, String name, String secretHash, long createdAt) {
    }

    private final Jdbc jdbc;

    public ApiKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row key) {
        jdbc.update("INSERT INTO api_keys (id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                key.id(), key.name(), key.secretHash(), key.createdAt());
    }

    public Optional<Row> find(String id) {
        return jdbc.one("SELECT id, name, secret_hash, created_at FROM api_keys WHERE id = ?", ApiKeyStore::row, id);
    }

    public List<Row> list() {
        return jdbc.query("SELECT id, name, secret_hash, created_at FROM api_keys ORDER BY seq", ApiKeyStore::row);
    }

    public long count() {
        return jdbc.count("SELECT COUNT(*) FROM api_keys");
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM api_keys WHERE id = ?", id) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }
}
