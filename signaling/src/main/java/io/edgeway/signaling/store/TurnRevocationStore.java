package io.edgeway.signaling.store;

import java.util.List;

/** TURN credentials revoked before their expiry. Blocking; thread-safe. */
public final class TurnRevocationStore {

    /** One revoked username, kept until {@code expiresAt} (Unix seconds). */
    public record Row(String username, String keyId, long expiresAt) {
    }

    private final Jdbc jdbc;

    public TurnRevocationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the revocation; revoking the same username twice is not an error. */
    public void insert(Row row) {
        jdbc.transaction(tx -> {
            if (tx.count("SELECT COUNT(*) FROM turn_revocations WHERE username = ?", row.username()) == 0) {
                tx.update("INSERT INTO turn_revocations (username, key_id, expires_at) VALUES (?, ?, ?)",
                        row.username(), row.keyId(), row.expiresAt());
            }
            return null;
        });
    }

    /** Revocations whose credential has not expired at {@code now}. */
    public List<Row> unexpired(long now) {
        return jdbc.query("SELECT username, key_id, expires_at FROM turn_revocations WHERE expires_at > ?",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3)), now);
    }

    public int deleteExpired(long now) {
        return jdbc.update("DELETE FROM turn_revocations WHERE expires_at <= ?", now);
    }
}
