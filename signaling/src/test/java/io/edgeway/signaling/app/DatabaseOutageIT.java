package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.store.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL outage, for real: the process runs on a PostgreSQL cluster of this test's own, which is
 * stopped ({@code pg_ctl stop -m fast}) while a participant is live and started again. Before issue #10's
 * fix REST answered 500 {@code internal_error} after 10 s stalls, a token join took 20-40 s to fail, a chat
 * hung for over a minute, {@code /readyz} stayed 200 and every request logged a stack trace. Now: 503
 * {@code database_unavailable} with Retry-After within a couple of seconds for every request, joins and
 * chats refused with that code as fast, {@code /readyz} 503, one log line when it goes and one when it
 * comes back, and everything working again once the database is back.
 */
class DatabaseOutageIT {

    private static final String API_KEY = "outage-it.0123456789abcdef0123456789";
    /** What "fast" means here: the pool's connection timeout (2 s) plus generous slack for a loaded machine. */
    private static final Duration FAST = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private final List<WebSocketTestClient> sockets = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    @TempDir
    Path dataDir;
    private PostgresCluster postgres;
    private EdgewayProcess process;
    private String base;

    @BeforeEach
    void start() throws Exception {
        postgres = PostgresCluster.startPrivate();
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--min-port", "43500",
            "--max-port", "43599", "--static-auth-secret", "north-wind", "--http-port", "0", "--media-port", "0",
            "--ice-tcp-port", "0", "--data-dir", dataDir.toString(), "--api-key", API_KEY, "--open-sessions", "false",
            "--database-url", postgres.createDatabase("outage"), "--database-user", postgres.user()};
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new Random(5), System.err, config),
                () -> { });
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        sockets.forEach(WebSocketTestClient::abort);
        if (process != null) {
            process.close();
        }
        if (postgres != null) {
            postgres.stopServer();
        }
    }

    @Test
    void anOutageIsAnsweredFastClearlyAndOnceInTheLogAndRecoveryIsAutomatic() throws Exception {
        rest("POST", "/v1/presets", "{\"name\":\"host\"}", 201);
        String meeting = rest("POST", "/v1/meetings", "{\"title\":\"outage\"}", 201).path("data").path("id").asText();
        String annToken = participant(meeting, "ann");
        String bobToken = participant(meeting, "bob");
        WebSocketTestClient ann = socket();
        ann.join(annToken);
        ann.next("roomJoined");

        postgres.stopServer();

        // REST: every one of a burst of requests gets 503 database_unavailable with Retry-After, fast.
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(http.sendAsync(request("POST", "/v1/meetings", "{\"title\":\"during\"}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(JsonEnvelope.JSON.readTree(r.body()).path("errors").path(0).path("code").asText())
                    .isEqualTo("database_unavailable");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("20 answers").isLessThan(FAST);

        // /readyz reflects the control plane.
        assertThat(get("/readyz").statusCode()).isEqualTo(503);

        // A token join and a chat in the live session are refused with the same clear code, fast.
        WebSocketTestClient bob = socket();
        started = System.nanoTime();
        bob.join(bobToken);
        assertThat(bob.nextError()).isEqualTo("database_unavailable");
        ann.send(JsonEnvelope.JSON.createObjectNode().put("type", "chat").put("text", "anyone?"));
        assertThat(ann.nextError()).isEqualTo("database_unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("join and chat refused").isLessThan(FAST);

        postgres.startServer();

        // Recovery needs nobody: the probe sees the database and everything works again.
        await().atMost(WAIT).until(() -> get("/readyz").statusCode() == 200);
        rest("POST", "/v1/meetings", "{\"title\":\"after\"}", 201);
        ann.send(JsonEnvelope.JSON.createObjectNode().put("type", "chat").put("text", "back"));
        assertThat(ann.next("chatUpdate").path("message").path("text").asText()).isEqualTo("back");
        bob.join(bobToken);
        bob.next("roomJoined");

        // One line when it went, one when it came back; no stack traces from the requests in between.
        List<ILoggingEvent> events = List.copyOf(log.list);
        assertThat(events).filteredOn(e -> e.getLoggerName().equals("io.edgeway.signaling.store.DatabaseHealth"))
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage().split(" \\(")[0].replaceAll(" after \\d+ s$", ""))
                .containsExactly("WARN control plane database unavailable", "INFO control plane database available again");
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).isEmpty();
    }

    private String participant(String meeting, String name) throws Exception {
        return rest("POST", "/v1/meetings/" + meeting + "/participants", JsonEnvelope.JSON.createObjectNode()
                .put("preset_name", "host").put("name", name).put("custom_participant_id", name).toString(), 201)
                .path("data").path("token").asText();
    }

    private WebSocketTestClient socket() throws Exception {
        WebSocketTestClient c = new WebSocketTestClient(http, base, WAIT);
        sockets.add(c);
        return c;
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json").timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private JsonNode rest(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return JsonEnvelope.JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
