package io.edgeway.signaling.store;

import java.sql.SQLException;

/**
 * A database failure, unchecked. {@link #isUniqueViolation()} tells a duplicate key (SQLSTATE 23505 on
 * both H2 and PostgreSQL) from everything else, so stores can turn it into a clear conflict;
 * {@link #isUnavailable()} a database that cannot be reached ({@link DatabaseHealth}), which callers
 * answer as {@code database_unavailable} rather than as an internal error.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String UNIQUE_VIOLATION = "23505";

    private final boolean unavailable;

    public StoreException(SQLException cause) {
        this(cause, false);
    }

    private StoreException(SQLException cause, boolean unavailable) {
        super(cause.getMessage(), cause);
        this.unavailable = unavailable;
    }

    /** The database could not be reached ({@link DatabaseHealth}): the call did not run. */
    static StoreException unavailable(SQLException cause) {
        return new StoreException(cause, true);
    }

    /** Whether the database could not be reached, rather than a statement failing. */
    public boolean isUnavailable() {
        return unavailable;
    }

    public boolean isUniqueViolation() {
        Throwable t = getCause();
        while (t != null) {
            if (t instanceof SQLException && UNIQUE_VIOLATION.equals(((SQLException) t).getSQLState())) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
