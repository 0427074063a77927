package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator runs it: no configuration, prints the one-time banner, stops on
 * SIGTERM with exit status 0. Runs in the integration-test phase, after the shaded jar is built.
 */
class MainProcessIT {

    private static final long TIMEOUT_SECONDS = 60;
    /** Every started process's data-dir lives under this, removed after the class. */
    private static Path DATA;

    @org.junit.jupiter.api.BeforeAll
    static void dataRoot() throws IOException {
        DATA = Files.createTempDirectory("edgeway-main-it-");
    }

    @org.junit.jupiter.api.AfterAll
    static void removeDataRoot() throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(DATA)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/edgeway.jar");
        assertThat(jar).as("the shaded jar; run through 'mvn verify'").exists();
        return jar;
    }

    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        // The control plane's embedded database goes to a fresh directory, not the working tree.
        cmd.add("--data-dir");
        cmd.add(Files.createTempDirectory(DATA, "run-").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith(ConfigKey.ENV_PREFIX));
        return pb.start();
    }

    /** The process's output lines as they come; {@link #rest} returns what is left once it has ended. */
    private static final class Output {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader;

        void rest(List<String> seen) throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(reader.isAlive()).as("output reader reached the end").isFalse();
            queue.drainTo(seen);
        }
    }

    private static Output lines(Process p) {
        Output out = new Output();
        BlockingQueue<String> q = out.queue;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    q.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "edgeway-output");
        t.setDaemon(true);
        t.start();
        out.reader = t;
        return out;
    }

    private static void awaitLine(BlockingQueue<String> q, List<String> seen, Predicate<String> wanted) throws InterruptedException {
        while (true) {
            String line = q.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(line).as("output so far: %s", seen).isNotNull();
            seen.add(line);
            if (wanted.test(line)) {
                return;
            }
        }
    }

    private static String valueAfter(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length()).trim().split("\\s+")[0];
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The README's first command with nothing configured but free ports, exposed on purpose: all
     * interfaces, relay addresses found on the host (an interface's IPv6 address carries a scope such as
     * %eth0, which must not reach the certificate or the peer policy), TLS with a self-signed
     * certificate, and a WARN that says open sessions are exposed.
     */
    @Test
    void startsOnEveryInterfaceWithAutodetectedRelayAddresses() throws Exception {
        Process p = start("--listening-port", "0", "--tls-listening-port", "0", "--http-port", "0",
                "--media-port", "0", "--ice-tcp-port", "0", "--expose-open-sessions");
        List<String> seen = new ArrayList<>();
        try {
            Output out = lines(p);
            awaitLine(out.queue, seen, l -> l.contains("OPEN SESSIONS EXPOSED"));
            assertThat(String.join("\n", seen)).contains("TURN server listening").doesNotContain("Could not start")
                    .containsPattern("Listening: udp (0\\.0\\.0\\.0|\\[::\\]):");
            p.toHandle().destroy();
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void startsOnDefaultsPrintsCredentialsOnceAndStopsWithStatusZeroOnSigterm() throws Exception {
        Process p = start("--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0", "--no-tls",
                "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0");
        List<String> seen = new ArrayList<>();
        try {
            Output out = lines(p);
            awaitLine(out.queue, seen, l -> l.contains("Listening: udp 127.0.0.1:"));
            awaitLine(out.queue, seen, l -> l.equals("]"));   // end of the banner's iceServers array

            // SIGTERM. Process.destroy() would also close our end of the pipes and lose the last lines.
            p.toHandle().destroy();
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(p.exitValue()).isZero();
            out.rest(seen);
        } finally {
            p.destroyForcibly();
        }
        String all = String.join("\n", seen);
        assertThat(all).containsPattern("Transport: (EPOLL|IO_URING|NIO) \\(AUTO requested\\)");
        assertThat(all).containsPattern(" WARN .*Protected mode: open sessions are on");
        assertThat(all).contains("Stopping: draining, then releasing allocations and closing sockets", "Stopped");

        String password = valueAfter(seen, "  password ");
        String secret = valueAfter(seen, "  REST secret ");
        // The banner shows the password twice (credentials, iceServers) and the secret once; no log line has them.
        assertThat(count(all, password)).isEqualTo(2);
        assertThat(count(all, secret)).isEqualTo(1);
        assertThat(seen.stream().filter(l -> l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR ")))
                .noneMatch(l -> l.contains(password) || l.contains(secret));
    }

    @Test
    void invalidConfigurationExitsTwoWithoutStarting() throws Exception {
        Process p = start("--max-port", "1000", "--relam", "x");
        List<String> seen = new ArrayList<>();
        Output out = lines(p);
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        out.rest(seen);
        assertThat(seen).contains("  --relam: unknown option (did you mean --realm?)");
    }

    @Test
    void jsonLogFormatWritesJsonLines() throws Exception {
        Path conf = Files.createTempFile("edgeway", ".yaml");
        Files.writeString(conf, "log-format: json\nlistening-ip: [127.0.0.1]\nlistening-port: 0\nno-tls: true\n"
                + "media-port: 0\nice-tcp-port: 0\n"
                + "user: [\"ops:not-printed-anywhere\"]\n");
        Process p = start("--config", conf.toString());
        List<String> seen = new ArrayList<>();
        try {
            Output out = lines(p);
            awaitLine(out.queue, seen, l -> l.contains("Listening: "));
            p.toHandle().destroy();
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            out.rest(seen);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(conf);
        }
        assertThat(seen).isNotEmpty().allMatch(l -> l.startsWith("{\"ts\":") && l.endsWith("}"));
        assertThat(seen).anyMatch(l -> l.contains("\"msg\":\"Stopped\""));
        assertThat(String.join("\n", seen)).doesNotContain("not-printed-anywhere")
                .as("no banner when credentials are configured").doesNotContain("generated development credentials");
    }
}
