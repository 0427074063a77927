package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.HttpServer;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.http.OpsEndpoints;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.turncreds.TurnEndpoints;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A control plane served over real HTTP on loopback, on one test database, with a {@link ManualClock}:
 * the REST contract tests talk to it with {@link HttpClient} exactly as an app's server would.
 * {@link #restart()} stops the HTTP server and the control plane and starts them again on the same
 * database, as a process restart would.
 */
final class RestFixture implements AutoCloseable {

    static final TurnEndpoints ENDPOINTS = new TurnEndpoints("127.0.0.1", 3478, 3478, List.of(5349, 443));

    final ManualClock clock = new ManualClock();
    final TestDatabases.Target target;
    private final int rateLimit;
    /** {@code webhook-allowed-target}: none by default, as a server's. */
    private final List<String> webhookTargets;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    ControlPlane plane;
    private HttpServer server;
    String base;
    /** The API key generated on first start (bootstrap), used by every helper. */
    String apiKey;

    private RestFixture(TestDatabases.Target target, int rateLimit, List<String> webhookTargets) {
        this.target = target;
        this.rateLimit = rateLimit;
        this.webhookTargets = webhookTargets;
    }

    static RestFixture start(String kind, String owner) throws Exception {
        return start(kind, owner, 3500);
    }

    static RestFixture start(String kind, String owner, int rateLimit) throws Exception {
        return start(kind, owner, rateLimit, List.of());
    }

    /** With {@code webhook-allowed-target} ranges (tests open loopback for their receiver). */
    static RestFixture start(String kind, String owner, int rateLimit, List<String> webhookTargets) throws Exception {
        RestFixture f = new RestFixture(TestDatabases.create(kind, owner), rateLimit, webhookTargets);
        f.up();
        f.apiKey = f.plane.bootstrapKey().orElseThrow().key();
        return f;
    }

    private void up() throws Exception {
        ControlPlane.Settings settings = new ControlPlane.Settings(target.url(), target.user(), null, List.of(),
                rateLimit, Duration.ofMinutes(5), 2, Duration.ofHours(24), "edgeway.test", null, null, webhookTargets);
        plane = ControlPlane.start(settings, clock, () -> ENDPOINTS, null);
        server = HttpServer.start(List.of(InetAddress.getLoopbackAddress()), 0, -1, new NoOps(),
                List.of(plane.httpHandlers()));
        base = "http://127.0.0.1:" + server.httpAddresses().get(0).getPort();
        plane.httpBound(base);
    }

    /** Stops everything and starts again on the same database. */
    void restart() throws Exception {
        close();
        up();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (plane != null) {
            plane.close();
            plane = null;
        }
    }

    // ------------------------------------------------------------------ HTTP

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** With the API key. */
    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer " + apiKey);
    }

    /** With the API key; the parsed body, after checking the status. */
    JsonNode ok(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? null : JsonEnvelope.JSON.readTree(r.body());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JsonEnvelope.JSON.readTree(r.body());
    }

    static String errorCode(HttpResponse<String> r) throws Exception {
        return json(r).path("errors").path(0).path("code").asText();
    }

    static String errorMessage(HttpResponse<String> r) throws Exception {
        return json(r).path("errors").path(0).path("message").asText();
    }

    static ObjectNode obj() {
        return JsonEnvelope.JSON.createObjectNode();
    }

    // ------------------------------------------------------------------ resources

    String meeting(String title) throws Exception {
        return ok(201, "POST", "/v1/meetings", obj().put("title", title).toString()).path("data").path("id").asText();
    }

    String preset(String name) throws Exception {
        return ok(201, "POST", "/v1/presets", obj().put("name", name).toString()).path("data").path("id").asText();
    }

    /** Adds a participant; returns the data object (id, token, ...). */
    JsonNode participant(String meetingId, String customId, String presetName) throws Exception {
        return ok(201, "POST", "/v1/meetings/" + meetingId + "/participants", obj().put("custom_participant_id", customId)
                .put("preset_name", presetName).put("name", "Name " + customId).toString()).path("data");
    }

    /** The operations endpoints are not under test here: always ready, nothing to scrape. */
    private static final class NoOps implements OpsEndpoints {
        @Override public boolean ready() { return true; }
        @Override public String scrape() { return ""; }
        @Override public String drain() { return "not draining in tests"; }
        @Override public String reload() { return "nothing to reload in tests"; }
    }
}
