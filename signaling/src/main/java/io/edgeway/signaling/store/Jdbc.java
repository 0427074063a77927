package io.edgeway.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC with the ceremony removed: positional parameters bound with {@code setObject}, rows mapped
 * by a lambda, SQL errors rethrown unchecked ({@link StoreException}), and transactions that commit or
 * roll back as a whole. Blocking; thread-safe (each call borrows its own connection, except inside
 * {@link #transaction}, where calls made through the given {@link Jdbc} share one).
 */
public final class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Jdbc tx);
    }

    /** Thrown, shared, while the database is known to be unreachable: failing fast costs no allocation. */
    private static final SQLException KNOWN_UNAVAILABLE = new java.sql.SQLTransientConnectionException(
            "the database is unavailable (waiting for it to come back)", "08000");

    private final DataSource dataSource;
    private final Connection shared;
    private final DatabaseHealth health;

    Jdbc(DataSource dataSource, DatabaseHealth health) {
        this.dataSource = dataSource;
        this.shared = null;
        this.health = health;
    }

    private Jdbc(Connection shared, DatabaseHealth health) {
        this.dataSource = null;
        this.shared = shared;
        this.health = health;
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = query(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows changed. */
    public int update(String sql, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        if (shared != null) {
            return work.run(this);
        }
        failFastWhileUnavailable();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new Jdbc(c, health));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * A {@code LIKE} pattern for text containing {@code text}, lower-cased (compare with {@code LOWER(column)}):
     * {@code %}, {@code _} and the backslash are escaped with a backslash, the default escape character of both
     * H2 and PostgreSQL.
     */
    public static String containsPattern(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return "%" + lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        try {
            if (shared != null) {
                return work.run(shared);
            }
            failFastWhileUnavailable();
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** While the database is known to be down, no call waits for the pool's connection timeout. */
    private void failFastWhileUnavailable() {
        if (!health.available()) {
            throw StoreException.unavailable(KNOWN_UNAVAILABLE);
        }
    }

    /** A connection-level failure marks the database unavailable and says so; anything else is a plain failure. */
    private StoreException failure(SQLException e) {
        if (DatabaseHealth.isConnectionFailure(e)) {
            health.markUnavailable(e);
            return StoreException.unavailable(e);
        }
        return new StoreException(e);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
