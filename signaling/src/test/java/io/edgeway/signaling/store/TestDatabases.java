package io.edgeway.signaling.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two databases every control plane test runs against: {@code "h2"} (an embedded file database in a
 * fresh temporary directory) and {@code "postgresql"} (a fresh database in the JVM's
 * {@link PostgresCluster}).
 */
public final class TestDatabases {

    /** The values of {@code @ValueSource} for tests parameterised over both databases. */
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    /** Where one test database lives. */
    public record Target(String kind, String url, String user) {

        public Database open() {
            return Database.open(url, user, null, 4);
        }
    }

    private TestDatabases() {
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // it is in the temporary directory; leave it
        }
    }

    /** A new, empty database of {@code kind}, named after {@code owner} (the test class). */
    public static Target create(String kind, String owner) throws IOException {
        switch (kind) {
            case H2: {
                Path dir = Files.createTempDirectory("edgeway-h2-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "edgeway-h2-cleanup"));
                return new Target(kind, Database.h2Url(dir), null);
            }
            case POSTGRESQL: {
                PostgresCluster pg = PostgresCluster.get();
                return new Target(kind, pg.createDatabase(owner), pg.user());
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
