package io.edgeway.signaling.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the control plane's database can be reached, as a two-state machine with one log line per
 * change: a failure to connect (or a connection lost mid-statement) marks it <em>unavailable</em>, and from
 * then on every call fails at once ({@link StoreException#isUnavailable()}, answered as 503
 * {@code database_unavailable}) instead of each waiting out the pool's connection timeout and logging a
 * stack trace; a probe, once a second on a thread of its own, marks it <em>available</em> again as soon as
 * a connection validates. While available there is no probe and no cost beyond a volatile read.
 *
 * <p>Thread-safe.
 */
public final class DatabaseHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);
    static final long PROBE_INTERVAL_MILLIS = 1000;
    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final ScheduledExecutorService prober;
    private volatile boolean available = true;
    private long downSinceNanos;
    private ScheduledFuture<?> probe;

    DatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeway-db-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether calls go to the database (true) or fail at once as unavailable (false). */
    public boolean available() {
        return available;
    }

    /**
     * Whether {@code e} says the database cannot be reached, rather than that a statement was wrong: the
     * pool's timeout, a refused or broken connection (SQLSTATE class 08), or a server shutting down (57P).
     */
    public static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null
                    && ((SQLException) t).getSQLState() == null) {
                // The pool's timeout with no failed connection behind it: every connection was busy,
                // the database itself answered.
                continue;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** A call failed to reach the database: unavailable from now on, until a probe succeeds. */
    synchronized void markUnavailable(SQLException cause) {
        if (!available || prober.isShutdown()) {
            return;
        }
        available = false;
        downSinceNanos = System.nanoTime();
        LOG.warn("control plane database unavailable ({}): answering 503 database_unavailable until it is back,"
                + " checking every {} ms", cause.getMessage(), PROBE_INTERVAL_MILLIS);
        probe = prober.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(VALIDATION_SECONDS)) {
                markAvailable();
            }
        } catch (SQLException | RuntimeException stillDown) {
            // one line per change: the WARN said it is down
        }
    }

    private synchronized void markAvailable() {
        if (available) {
            return;
        }
        available = true;
        if (probe != null) {
            probe.cancel(false);
            probe = null;
        }
        LOG.info("control plane database available again after {} s",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSinceNanos));
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
