package io.edgeway.bench.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.bench.load.LoadOptions;
import io.edgeway.bench.load.LoadReport;
import io.edgeway.bench.load.LoadRun;
import io.edgeway.signaling.app.ConfigLoader;
import io.edgeway.signaling.app.ConfigReloader;
import io.edgeway.signaling.app.EdgewayConfig;
import io.edgeway.signaling.app.EdgewayProcess;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}, on loopback) scrapes a running Edgeway once a second
 * while the bench harness relays a known number of packets through it. Prometheus's HTTP API must then
 * report the relayed-packet counter within 1% of the harness's own count, and the allocation gauge
 * back at zero once the harness has released its allocations.
 */
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EdgewayProcess process;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (process != null) {
            process.close();
        }
    }

    @Test
    void prometheusSeesTheRelayedPacketsTheHarnessCounted() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            fail("Debian's prometheus is not installed: run scripts/test.sh, which installs it");
        }
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--relay-ip", "127.0.0.1",
            "--min-port", "43000", "--max-port", "43199", "--user", "bench:secret", "--allowed-peer-ip", "127.0.0.0/8",
            "--http-listening-ip", "127.0.0.1", "--http-port", "0"};
        ConfigLoader.Outcome outcome = ConfigLoader.load(args, Map.of(), new Random(7), System.err);
        assertThat(outcome).isInstanceOf(ConfigLoader.Loaded.class);
        EdgewayConfig config = ((ConfigLoader.Loaded) outcome).config();
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new Random(7), System.err, config), () -> { });
        int metricsPort = process.http().httpAddresses().get(0).getPort();

        int prometheusPort = freePort();
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: edgeway\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + metricsPort + "']\n");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + yml,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String api = "http://127.0.0.1:" + prometheusPort;
        awaitUntil(() -> get(api + "/-/ready").statusCode() == 200, "Prometheus ready");
        awaitUntil(() -> query(api, "up{job=\"edgeway\"}") == 1.0, "Prometheus scraping Edgeway");

        // A known number of packets: 4 clients x 50 packets/s for 3 s, echoed by the harness's peer.
        LoadOptions options = new LoadOptions().label("prometheus").server(process.turn().udpAddresses().get(0))
                .transport(LoadOptions.Transport.UDP).user("bench", "secret").clients(4).ratePerClient(50)
                .payloadSize(172).warmup(Duration.ZERO).duration(Duration.ofSeconds(3)).progress(false);
        LoadReport report = LoadRun.run(options, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        long toPeer = report.traffic().peerReceivedPackets();
        long toClient = report.traffic().receivedPackets();
        assertThat(toPeer).as("harness relayed packets").isGreaterThan(400);

        awaitUntil(() -> query(api, "edgeway_turn_allocations_active") == 0.0
                && Math.abs(query(api, "sum(edgeway_turn_relayed_packets_total{direction=\"to_peer\"})") - toPeer) <= toPeer * 0.01,
                "Prometheus has scraped the final counts");
        double scrapedToPeer = query(api, "sum(edgeway_turn_relayed_packets_total{direction=\"to_peer\"})");
        double scrapedToClient = query(api, "sum(edgeway_turn_relayed_packets_total{direction=\"to_client\"})");
        System.out.printf("harness to_peer=%d to_client=%d; prometheus to_peer=%.0f to_client=%.0f%n",
                toPeer, toClient, scrapedToPeer, scrapedToClient);
        assertThat(scrapedToPeer).isCloseTo(toPeer, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(scrapedToClient).isCloseTo(toClient, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(query(api, "edgeway_turn_allocations_active")).isZero();
        assertThat(query(api, "sum(edgeway_turn_allocations_total{result=\"created\"})")).isEqualTo(4.0);
    }

    private double query(String api, String promql) throws Exception {
        HttpResponse<String> response = get(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        if (!result.isArray() || result.isEmpty()) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private HttpResponse<String> get(String url) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void awaitUntil(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (NullPointerException e) {
                // Not up yet.
            }
            Thread.sleep(250);
        }
        fail("timed out waiting for: " + what + " (see " + dir.resolve("prometheus.log") + ")");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
