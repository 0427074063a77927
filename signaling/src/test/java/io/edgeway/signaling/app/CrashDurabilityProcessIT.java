package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes survive a crash (issue #10): the packaged jar on the embedded H2 default takes a
 * burst of meeting and participant creates from four clients, is killed with SIGKILL in the middle of
 * it, and restarted on the same data-dir; every meeting and participant that was answered 201 (and so
 * every token handed out) must exist. Before the fix H2 committed to memory and wrote up to half a second
 * later: a run like this lost about a tenth of them.
 */
class CrashDurabilityProcessIT {

    private static final String API_KEY = "crash-it.0123456789abcdef0123456789";
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP: 127\\.0\\.0\\.1:(\\d+) ");
    /** Creates answered before the kill; the burst goes on while the process dies. */
    private static final int KILL_AFTER_CREATES = 300;
    private static final Duration BURST_LIMIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    record Created(String meeting, String participant) {
    }

    @Test
    void everyAnsweredCreateExistsAfterKillNine() throws Exception {
        JarProcess first = start();
        String base = baseUrl(first);
        Queue<Created> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (!killed.get()) {
                        try {
                            HttpResponse<String> meeting = send(base, "POST", "/v1/meetings", "{\"title\":\"burst\"}");
                            if (meeting.statusCode() != 201) {
                                continue;
                            }
                            String id = data(meeting).path("id").asText();
                            acknowledged.add(new Created(id, null));
                            HttpResponse<String> participant = send(base, "POST", "/v1/meetings/" + id + "/participants",
                                    "{\"preset_name\":\"host\",\"name\":\"p\",\"custom_participant_id\":\"c\"}");
                            if (participant.statusCode() == 201) {
                                acknowledged.add(new Created(id, data(participant).path("id").asText()));
                            }
                        } catch (IOException | InterruptedException refusedOnceKilled) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            // Kill in the middle of the burst: once enough creates were answered (or the time is up on a
            // machine too loaded to get there), while the clients keep sending.
            long end = System.nanoTime() + BURST_LIMIT.toNanos();
            while (acknowledged.size() < KILL_AFTER_CREATES && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            // SIGKILL: no shutdown hook, no close of the database.
            first.kill();
            killed.set(true);
        } finally {
            killed.set(true);
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
            first.close();
        }
        assertThat(acknowledged).as("the burst created something").hasSizeGreaterThan(20);

        try (JarProcess second = start()) {
            String again = baseUrl(second);
            List<Created> lost = new ArrayList<>();
            for (Created c : acknowledged) {
                String path = c.participant() == null ? "/v1/meetings/" + c.meeting()
                        : "/v1/meetings/" + c.meeting() + "/participants/" + c.participant();
                if (send(again, "GET", path, null).statusCode() != 200) {
                    lost.add(c);
                }
            }
            System.out.printf("CRASH-IT acknowledged %d creates before SIGKILL, %d missing after restart%n",
                    acknowledged.size(), lost.size());
            assertThat(lost).as("%d of %d answered 201 before the kill, missing after the restart", lost.size(), acknowledged.size())
                    .isEmpty();
        }
    }

    private JarProcess start() throws IOException {
        return JarProcess.start(List.of(), List.of("--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls",
                "--relay-ip", "127.0.0.1", "--min-port", "43400", "--max-port", "43499", "--user", "it:it-password",
                "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0", "--data-dir", dataDir.toString(),
                "--api-key", API_KEY, "--api-rate-limit", "1000000"));
    }

    /** The HTTP port from the start-up log; the host preset is made on the first start. */
    private String baseUrl(JarProcess p) throws Exception {
        String base = "http://127.0.0.1:" + p.await(HTTP_LINE, Duration.ofSeconds(60)).group(1);
        if (!data(send(base, "GET", "/v1/presets", null)).toString().contains("\"host\"")) {
            send(base, "POST", "/v1/presets", "{\"name\":\"host\"}");
        }
        return base;
    }

    private HttpResponse<String> send(String base, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode data(HttpResponse<String> r) throws IOException {
        return JsonEnvelope.JSON.readTree(r.body()).path("data");
    }
}
