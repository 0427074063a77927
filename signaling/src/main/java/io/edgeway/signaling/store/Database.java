package io.edgeway.signaling.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's database: a connection pool (HikariCP) over an embedded H2 file database or a
 * PostgreSQL server, with the schema brought up to date by Flyway migrations
 * ({@code classpath:db/migration}, portable SQL that runs unchanged on both) before anything uses it.
 *
 * <p>Every method that touches the database blocks: call them off the event loops (the REST handler
 * runs them on its bounded executor). Thread-safe; {@link #close()} closes the pool and, for H2, the
 * database file.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * How long a call waits for a connection before the database counts as unavailable. Short: a request
     * that cannot reach the database is answered 503 at once rather than after a long stall (issue #10).
     */
    static final long CONNECTION_TIMEOUT_MILLIS = 2000;
    /** PostgreSQL's connect timeout and how long a statement may wait for the server's bytes, seconds. */
    private static final String PG_CONNECT_TIMEOUT_SECONDS = "2";
    private static final String PG_SOCKET_TIMEOUT_SECONDS = "30";

    private final HikariDataSource pool;
    private final Jdbc jdbc;
    private final String url;
    private final DatabaseHealth health;

    private Database(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
        this.health = new DatabaseHealth(pool);
        this.jdbc = new Jdbc(pool, health);
    }

    /** The JDBC URL of the default embedded database: an H2 file {@code edgeway} in {@code dataDir}. */
    public static String h2Url(Path dataDir) {
        // DB_CLOSE_ON_EXIT=FALSE: the database closes with the pool, after the process has stopped using
        // it, not in a shutdown hook of H2's own that could run while a drain still writes.
        // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to 500 ms later, and a
        // process killed in that window loses writes already answered 201 (issue #10: 71 of 645 in a
        // kill -9 burst). With 0 each commit reaches the file (the OS's page cache) before the answer, so
        // a crashed process loses nothing; a power cut is bounded by the OS's write-back.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("edgeway")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * Connects and migrates.
     *
     * @param url      a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
     * @param user     null or empty for none (H2's default user)
     * @param password null for none
     * @param poolSize connections kept, at least 1
     * @throws IllegalArgumentException for another kind of URL
     */
    public static Database open(String url, String user, String password, int poolSize) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database-url must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null && !user.isEmpty()) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(Math.max(1, poolSize));
        config.setMinimumIdle(1);
        config.setPoolName("edgeway-db");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        if (url.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("connectTimeout", PG_CONNECT_TIMEOUT_SECONDS);
            config.addDataSourceProperty("socketTimeout", PG_SOCKET_TIMEOUT_SECONDS);
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("control plane database ready: {}", redact(url));
        return new Database(pool, url);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** Whether the database can be reached now (one log line per change; see {@link DatabaseHealth}). */
    public DatabaseHealth health() {
        return health;
    }

    /** True for PostgreSQL, false for H2. */
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL without query parameters, which may carry a password. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    @Override
    public void close() {
        health.close();
        pool.close();
    }
}
