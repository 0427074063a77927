package io.edgeway.signaling.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import io.edgeway.signaling.app.JarProcess;
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
    private static final Pattern BANNER_END = Pattern.compile("^]$");
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
        try (JarProcess server = start()) {
            String log = awaitBanner(server);
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
        try (JarProcess server = start("--expose-open-sessions")) {
            String log = awaitBanner(server);
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

    /** The shaded jar in the server namespace with its default ports; the development banner ends its start. */
    private static JarProcess start(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--data-dir", Files.createTempDirectory(data, "run-").toString()));
        args.addAll(List.of(extra));
        return JarProcess.start(net.inServer(List.of()), args);
    }

    /** Everything printed up to the end of the banner, which follows every log line of the start. */
    private static String awaitBanner(JarProcess server) throws InterruptedException {
        server.await(BANNER_END, Duration.ofSeconds(START_SECONDS));
        return server.output();
    }
}
