package io.edgeway.signaling.netns;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code java -jar edgeway.jar} with nothing configured, on a host with a
 * "public" address (a network namespace of its own) while another host (a second namespace) probes it.
 * Before issue #10's fix every listener bound every interface: the other host fetched working TURN
 * credentials from {@code /v1/dev/ice-servers} and could join any meeting. Now the process runs in
 * protected mode: loopback only, said at WARN, and exposing it takes {@code expose-open-sessions}.
 */
class ProtectedModeNamespaceIT {

    private static final long START_SECONDS = 60;
    private static TwoHostNetwork net;
    private static Path data;

    @BeforeAll
    static void network() throws Exception {
        net = TwoHostNetwork.create();
        data = Files.createTempDirectory("edgeway-protected-");
    }

    @AfterAll
    static void removeNetwork() throws IOException {
        if (net != null) {
            net.close();
        }
        try (var walk = Files.walk(data)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theFirstCommandServesLoopbackOnlyAndSaysSo() throws Exception {
        try (Server server = Server.start()) {
            String log = server.awaitBanner();
            assertThat(log).contains("Listening: udp 127.0.0.1:3478", "HTTP: 127.0.0.1:8080")
                    .containsPattern(" WARN .*Protected mode: open sessions are on \\(no credentials are configured\\)");

            // On the host itself the demo works: the development credentials endpoint answers.
            TwoHostNetwork.Result local = TwoHostNetwork.exec(net.inServer(curl("http://127.0.0.1:8080/v1/dev/ice-servers")));
            assertThat(local.output()).as(local.output()).endsWith("\n200").contains("\"username\"");

            // From another host nothing answers: no HTTP (so no credentials), no STUN/TURN.
            TwoHostNetwork.Result remote = TwoHostNetwork.exec(net.inClient(curl(
                    "http://" + TwoHostNetwork.SERVER_IP + ":8080/v1/dev/ice-servers")));
            assertThat(remote.output()).as(remote.output()).endsWith("\n000");
            assertThat(remote.exitCode()).as("curl: connection refused").isEqualTo(7);
            TwoHostNetwork.Result stun = TwoHostNetwork.exec(net.inClient(List.of("timeout", "3",
                    "turnutils_stunclient", TwoHostNetwork.SERVER_IP)));
            assertThat(stun.output()).doesNotContain("UDP reflexive addr");
        }
    }

    @Test
    void exposingOpenSessionsIsExplicitAndLoud() throws Exception {
        try (Server server = Server.start("--expose-open-sessions")) {
            String log = server.awaitBanner();
            assertThat(log).containsPattern(" WARN .*OPEN SESSIONS EXPOSED \\(expose-open-sessions: true\\)");

            TwoHostNetwork.Result remote = TwoHostNetwork.exec(net.inClient(curl(
                    "http://" + TwoHostNetwork.SERVER_IP + ":8080/v1/dev/ice-servers")));
            assertThat(remote.output()).as(remote.output()).endsWith("\n200").contains("\"username\"");
        }
    }

    /** curl printing the body, then the status code on a line of its own ("000" and exit 7 when refused). */
    private static List<String> curl(String url) {
        return List.of("curl", "-sS", "--max-time", "5", "-w", "\\n%{http_code}", url);
    }

    /** The shaded jar started in the server namespace with its default ports. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Server(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            }, "edgeway-netns-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Server start(String... extra) throws IOException {
            Path jar = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/edgeway.jar");
            assertThat(jar).as("the shaded jar; run through 'mvn verify'").exists();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--data-dir", Files.createTempDirectory(data, "run-").toString()));
            cmd.addAll(List.of(extra));
            ProcessBuilder pb = new ProcessBuilder(net.inServer(cmd)).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("EDGEWAY_"));
            return new Server(pb.start());
        }

        /**
         * Everything printed up to the end of the development credentials banner, which comes after every
         * log line of the start (the WARN about open sessions included).
         */
        String awaitBanner() throws InterruptedException {
            while (true) {
                String line = lines.poll(START_SECONDS, TimeUnit.SECONDS);
                assertThat(line).as("output so far:\n%s", String.join("\n", seen)).isNotNull();
                seen.add(line);
                if (line.equals("]")) {
                    return String.join("\n", seen);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
