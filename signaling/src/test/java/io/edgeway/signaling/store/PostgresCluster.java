package io.edgeway.signaling.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} package, a throwaway cluster made with
 * {@code initdb} in a temporary directory, listening on a free loopback port, started once per JVM and
 * stopped (and deleted) when the JVM exits. Each test class takes its own database
 * ({@link #createDatabase}), so classes never see each other's rows.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, initdb and pg_ctl run as the
 * {@code postgres} system user (the package creates it) through {@code runuser}, and the directory is
 * handed to that user. Durability is switched off (fsync, synchronous_commit): the data is thrown away.
 *
 * <p>When PostgreSQL cannot be started the test fails if {@code CI=true} (scripts/test.sh installs the
 * package) and is skipped otherwise, with the reason. Thread-safe.
 */
public final class PostgresCluster {

    private static final String SUPERUSER = "edgeway";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresCluster instance;
    private static String failure;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresCluster(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The running cluster; fails (CI) or skips (locally) the calling test when there is none. */
    public static synchronized PostgresCluster get() {
        if (instance == null && failure == null) {
            try {
                instance = start();
            } catch (Exception e) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
        if (instance == null) {
            String message = "PostgreSQL could not be started for the tests: " + failure
                    + " (install Debian's postgresql package; scripts/test.sh does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true: " + message);
            }
            Assumptions.abort(message);
        }
        return instance;
    }

    /** A new empty database; returns its JDBC URL (user {@link #user()}, no password). */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet());
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String user() {
        return SUPERUSER;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * A cluster of the caller's own, for a test that stops and starts the server ({@link #stopServer},
     * {@link #startServer}) and so must not share the JVM's; removed when the JVM exits. Fails when
     * PostgreSQL cannot be started.
     */
    public static PostgresCluster startPrivate() throws Exception {
        return start();
    }

    /** Stops the server as an operator would ({@code pg_ctl stop -m fast}: connections are terminated). */
    public void stopServer() throws IOException, InterruptedException {
        if (!Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
            return; // stopped already
        }
        run(command("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), false, "pg_ctl stop");
    }

    /** Starts the stopped server again on the same port. */
    public void startServer() throws IOException, InterruptedException {
        run(command("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-t", "60", "-o", options(), "start"), false, "pg_ctl start");
    }

    private String options() {
        return "-p " + port + " -k " + dir.resolve("sockets") + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off";
    }

    private static PostgresCluster start() throws Exception {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("edgeway-pg-");
        Path data = dir.resolve("data");
        Path sockets = dir.resolve("sockets");
        Files.createDirectories(sockets);
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false, "chown");
        }
        int port = freePort();
        PostgresCluster cluster = new PostgresCluster(dir, bin, port, root);
        run(cluster.command("initdb", "-D", data.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync"), false, "initdb");
        cluster.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "edgeway-pg-stop"));
        return cluster;
    }

    private void stop() {
        try {
            run(command("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true, "pg_ctl stop");
        } catch (Exception e) {
            // the JVM is exiting; the directory is removed below either way
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it: it is in the temporary directory
        }
    }

    private List<String> command(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(List<String> cmd, boolean quiet, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " did not finish");
        }
        if (p.exitValue() != 0 && !quiet) {
            throw new IOException(what + " failed (exit " + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8).trim());
        }
    }

    /** The newest /usr/lib/postgresql/N/bin with initdb, or EDGEWAY_PG_BIN. */
    private static Path findBin() throws IOException {
        String env = System.getenv("EDGEWAY_PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Path.of(env);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no " + root + " (Debian's postgresql package is not installed)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion))
                    .orElseThrow(() -> new IOException("no initdb under " + root));
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
