package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.signaling.store.PostgresCluster;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.RealPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Cloudflare TypeScript SDK (npm {@code cloudflare}, pinned in {@code src/test/js/package.json})
 * drives every {@code client.realtimeKit.*} operation against a running Edgeway with nothing changed but its
 * {@code baseURL}, once on the embedded H2 database and once on PostgreSQL: apps, presets, meetings and
 * participants; a live session of two token joins over the signaling WebSocket (active session, kick,
 * kick-all, a poll); the sessions calls after it ended (chat export fetched through its link); webhooks (created,
 * edited, replaced, deleted, and the session's events delivered to the script's own receiver in order, signed);
 * recordings, livestreams and analytics. {@code rtk-sdk-run.mjs} checks each answer against RealtimeKit's
 * documented fields or documented error and prints one {@code RTK-OP} line per operation, which this test
 * logs; every operation must answer as expected. About 10 s per database.
 */
class RealtimeKitSdkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyRealtimeKitOperationOfTheOfficialSdkAnswersAsDocumented(String database) throws Exception {
        Path node = RealPeers.executable("node", "nodejs");
        Path module = InteropDirs.moduleDir();
        Path script = RealPeers.file(module.resolve("src/test/js/rtk-sdk-run.mjs"), "part of this repository");
        RealPeers.file(module.resolve("src/test/js/node_modules/cloudflare/package.json"), "npm ci in signaling/src/test/js");
        List<String> args = new ArrayList<>(List.of("--listening-ip", "127.0.0.1", "--listening-port", "0",
                "--tls-listening-port", "0", "--min-port", "43300", "--max-port", "43399", "--http-listening-ip",
                "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0", "--open-sessions", "false",
                "--data-dir", work.resolve("data").toString(), "--api-key", "sdk-it.0123456789abcdef0123456789",
                "--webhook-allowed-target", "127.0.0.0/8"));
        if (database.equals("postgresql")) {
            PostgresCluster pg = PostgresCluster.get();
            args.addAll(List.of("--database-url", pg.createDatabase("rtk_sdk"), "--database-user", pg.user()));
        }
        String[] argv = args.toArray(String[]::new);
        EdgewayConfig config = Loading.valid(argv);
        try (EdgewayProcess process = EdgewayProcess.start(config,
                new ConfigReloader(argv, Map.of(), new Random(5), System.err, config), () -> { })) {
            int port = process.http().httpAddresses().get(0).getPort();
            String run = JSON.createObjectNode()
                    .put("baseURL", "http://127.0.0.1:" + port + "/client/v4")
                    .put("apiToken", "sdk-it.0123456789abcdef0123456789")
                    .put("accountId", process.controlPlane().accountId())
                    .put("wsUrl", "ws://127.0.0.1:" + port + "/ws")
                    .put("stepTimeoutMs", 10_000).toString();
            ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(node.toString(), "--experimental-websocket",
                    script.toString(), run), work.resolve("node.log"), Duration.ofSeconds(120), Map.of());
            List<String> lines = Files.readAllLines(work.resolve("node.log"));
            lines.stream().filter(l -> l.startsWith("RTK-")).forEach(l -> System.out.println("[" + database + "] " + l));
            assertThat(lines).as("the SDK run's log %s:%n%s", r.log(), r.output()).anyMatch(l -> l.startsWith("RTK-SUMMARY"));
            assertThat(lines.stream().filter(l -> l.startsWith("RTK-OP")).count()).as("operations run").isGreaterThanOrEqualTo(60);
            assertThat(lines).as("operations that did not answer as documented").noneMatch(l -> l.contains(" FAIL "));
            assertThat(r.exitCode()).as("%s", r.output()).isZero();
        }
    }
}
