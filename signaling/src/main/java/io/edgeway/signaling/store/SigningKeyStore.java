package io.edgeway.signaling.store;

import java.util.List;

/** The ES256 keys that sign participant tokens, as JWK JSON (private part included). Blocking; thread-safe. */
public final class SigningKeyStore {

    /** One key; {@code retiredAt} is 0 while it may still sign. */
    public record Row(String kid, String jwk, long createdAt, long retiredAt) {
    }

    private final Jdbc jdbc;

    public SigningKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row row) {
        jdbc.update("INSERT INTO signing_keys (kid, jwk, created_at) VALUES (?, ?, ?)", row.kid(), row.jwk(),
                row.createdAt());
    }

    /** Every key, oldest first. */
    public List<Row> all() {
        return jdbc.query("SELECT kid, jwk, created_at, retired_at FROM signing_keys ORDER BY seq", rs -> {
            long retired = rs.getLong(4);
            return new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.wasNull() ? 0 : retired);
        });
    }

    public void retire(String kid, long now) {
        jdbc.update("UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL", now, kid);
    }

    /** Removes keys retired before {@code before}: no token they signed can still be valid. */
    public int deleteRetiredBefore(long before) {
        return jdbc.update("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?", before);
    }
}
