package io.edgeway.signaling.store;

import java.sql.SQLException;

/**
 * A database failure, unchecked. {@link #isUniqueViolation()} tells a duplicate key (SQLSTATE 23505 on
 * both H2 and PostgreSQL) from everything else, so stores can turn it into a clear conflict.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String UNIQUE_VIOLATION = "23505";

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
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
