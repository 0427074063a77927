package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoints of a running process (in-process, real sockets on loopback): /healthz,
 * /readyz, /metrics with the metric names operators' dashboards and alerts use, the admin routes only
 * on the loopback admin port, and JSON errors with stable codes.
 */
class OperationsEndpointsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CountDownLatch exited = new CountDownLatch(1);
    private EdgewayProcess process;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;
    private String base;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0",
                "--tls-listening-port", "0", "--relay-ip", "127.0.0.1", "--min-port", "41000", "--max-port", "41099",
                "--user", "alice:pw", "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--admin-port", "0",
                "--drain-deadline", "2", "--data-dir", dataDir.toString(), "--media-port", "0", "--ice-tcp-port", "0"};
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, java.util.Map.of(),
                new java.util.Random(1), System.err, config), exited::countDown);
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
        admin = "http://127.0.0.1:" + process.http().adminAddress().getPort();
    }

    @AfterEach
    void stop() {
        process.close();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(base + "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void metricsExposeTheOperationsContractNames() throws Exception {
        HttpResponse<String> metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains(
                "edgeway_turn_allocations_active ",
                "edgeway_turn_permissions_active ",
                "edgeway_turn_channels_active ",
                "edgeway_turn_allocations_total{result=\"created\"}",
                "edgeway_turn_allocations_refused_total{reason=\"draining\"}",
                "edgeway_turn_relayed_packets_total{direction=\"to_peer\",transport=\"udp\"}",
                "edgeway_turn_relayed_bytes_total{direction=\"to_client\",transport=\"tls\"}",
                "edgeway_turn_auth_failures_total{reason=\"stale_nonce\"}",
                "edgeway_turn_drops_total{reason=\"malformed\"}",
                "edgeway_turn_socket_errors_total",
                "edgeway_turn_allocate_duration_seconds_bucket{le=",
                "edgeway_tls_certificate_expiry_timestamp_seconds{listener=\"turn\"}",
                "edgeway_event_loop_pending_tasks{loop=\"0\"}",
                "edgeway_event_loop_lag_seconds{loop=\"0\"}",
                "edgeway_netty_direct_memory_used_bytes",
                "edgeway_ready 1.0",
                "edgeway_draining 0.0",
                "jvm_memory_used_bytes");
        // Low cardinality: no label carries an address, a user or a port.
        assertThat(metrics.body()).doesNotContain("127.0.0.1", "alice");
    }

    @Test
    void adminRoutesOnlyOnTheAdminPort() throws Exception {
        HttpResponse<String> refused = post(base + "/admin/drain");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("\"success\":false", "\"code\":\"not_found\"", "admin-port");
        assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void drainMakesTheProcessNotReadyThenExitsWhenNoFlowIsLeft() throws Exception {
        HttpResponse<String> drained = post(admin + "/admin/drain");
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.body()).contains("\"success\":true", "draining");
        HttpResponse<String> ready = get(base + "/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(get(base + "/metrics").body()).contains("edgeway_draining 1.0", "edgeway_ready 0.0");
        // No allocation exists, so the drain ends at once and the exit action runs.
        assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void errorsAreJsonWithStableCodes() throws Exception {
        HttpResponse<String> missing = get(base + "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(missing.body()).isEqualTo("{\"success\":false,\"errors\":[{\"code\":\"not_found\",\"message\":\"no route /nope\"}]}");
        HttpResponse<String> wrongMethod = post(base + "/metrics");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("\"code\":\"method_not_allowed\"");
        HttpResponse<String> getAdmin = get(admin + "/admin/reload");
        assertThat(getAdmin.statusCode()).isEqualTo(405);
    }

    @Test
    void reloadReportsWhatItApplied() throws Exception {
        HttpResponse<String> reloaded = post(admin + "/admin/reload");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).contains("reloaded:", "credentials (1 static user(s), 0 REST secret(s))",
                "peer policy", "quotas").doesNotContain("needs a restart");
    }
}
