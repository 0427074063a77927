package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;

/**
 * A meeting of real browsers on Edgeway's browser SDK for issue #5's Chromium ITs. Starts a real
 * {@link EdgewayProcess} on loopback (free ports, an H2 database in the run's folder, open sessions off,
 * a configured {@code api-key} so that the test knows the REST key, a configured TURN secret), sets the meeting up over REST as an
 * app's server would ({@link #rest}), then runs {@code src/test/js/sdk-meeting.mjs}, which opens one
 * headless Chromium page per participant on the server's own demo page and SDK and reports what each
 * page saw. This class writes each page's media figures as one parseable line per (page, remote
 * participant, phase):
 * <pre>
 * RTK-STATS run=&lt;name&gt; phase=joined|unmuted|viewer page=&lt;name&gt; from=&lt;name&gt; audioPacketsReceived=a1-&gt;a2 videoFramesDecoded=v1-&gt;v2
 * RTK-TRANSPORT run=&lt;name&gt; page=&lt;name&gt; local=&lt;type&gt; relayProtocol=&lt;p&gt; remote=&lt;type&gt;/&lt;protocol&gt;
 * </pre>
 * to stdout (failsafe keeps it in the test's output file) and to {@code target/interop/sdk/<run>/stats.txt}.
 *
 * <p>Node, Chromium and playwright-core are found as stun-turn's interop tests find them
 * ({@link RealPeers}): missing, the test fails, never skips. Everything is bounded: each browser step by
 * {@link #STEP_TIMEOUT}, the whole script by {@link #RUN_TIMEOUT}.
 */
final class SdkMeetingRun {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(2);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(50);
    /** The REST key, given to the process as {@code api-key}: KEYID.SECRET. */
    static final String API_KEY = "it-sdk.sdk-meeting-run-secret-0123456789";
    /**
     * An operator-configured TURN REST secret, as a production configuration has; generate-ice-servers
     * mints with it. (Without any TURN credentials configured, the process's generated development secret
     * answers for every REST username before the control plane's database secret is asked, so Chromium's
     * Allocate with generate-ice-servers credentials gets 401.)
     */
    static final String TURN_SECRET = "sdk-it-operator-turn-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run;
    private final EdgewayProcess process;
    private final Path work;
    final Rest rest;
    private JsonNode result;

    private SdkMeetingRun(String run, EdgewayProcess process, Path work) {
        this.run = run;
        this.process = process;
        this.work = work;
        this.rest = new Rest("http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort());
    }

    /** Starts the server for a run called {@code run} (its output folder's name). */
    static SdkMeetingRun start(String run) throws Exception {
        Path work = InteropDirs.fresh("sdk", run + "-");
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0",
            "--no-tls", "--relay-ip", "127.0.0.1", "--min-port", "44000", "--max-port", "44199",
            "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
            "--drain-deadline", "1", "--open-sessions", "false", "--data-dir", work.resolve("data").toString(),
            "--api-key", API_KEY, "--static-auth-secret", TURN_SECRET};
        EdgewayConfig config = Loading.valid(args);
        EdgewayProcess process = EdgewayProcess.start(config,
                new ConfigReloader(args, Map.of(), new Random(3), System.err, config), () -> { });
        return new SdkMeetingRun(run, process, work);
    }

    EdgewayProcess process() {
        return process;
    }

    /**
     * Runs the browsers: {@code scenario} is {@code meeting} or {@code relay} (see the script), {@code hosts}
     * and {@code viewer} are {@code {name, token}} objects, {@code iceServers} may be null.
     */
    JsonNode browse(String scenario, List<ObjectNode> hosts, ObjectNode viewer, JsonNode iceServers) throws Exception {
        Path node = RealPeers.executable("node", "nodejs");
        Path chromium = RealPeers.executable("chromium", "chromium");
        Path module = InteropDirs.moduleDir();
        Path script = RealPeers.file(module.resolve("src/test/js/sdk-meeting.mjs"), "part of this repository");
        RealPeers.file(module.resolveSibling("stun-turn").resolve("src/test/js/node_modules/playwright-core/package.json"),
                "npm ci in stun-turn/src/test/js");
        Path resultFile = work.resolve("result.json");
        ObjectNode a = JSON.createObjectNode()
                .put("scenario", scenario)
                .put("chromium", chromium.toString())
                .put("baseUrl", rest.base)
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis())
                .put("resultFile", resultFile.toString());
        ArrayNode list = a.putArray("hosts");
        hosts.forEach(list::add);
        if (viewer != null) {
            a.set("viewer", viewer);
        }
        if (iceServers != null) {
            a.set("iceServers", iceServers);
        }
        ExternalProcess.Result r = ExternalProcess.runToEnd(
                List.of(node.toString(), script.toString(), JSON.writeValueAsString(a)),
                work.resolve("node.log"), RUN_TIMEOUT, Map.of());
        assertThat(r.exitCode()).as("sdk-meeting.mjs failed; log %s:%n%s", r.log(), r.output()).isZero();
        result = JSON.readTree(resultFile.toFile());
        writeStats();
        return result;
    }

    /** A description of the run for assertion messages: where its log is and everything the pages reported. */
    String why() {
        return "run " + run + " with Chromium " + result.path("browserVersion").asText() + ", node log "
                + work.resolve("node.log") + ":\n" + result.toPrettyString();
    }

    /** Fails with everything the pages reported if a browser step did not complete. */
    void assertEveryStepCompleted() {
        assertThat(result.path("failed").isNull()).as("a browser step failed: %s", why()).isTrue();
    }

    /** The page of participant {@code name}. */
    JsonNode page(String name) {
        for (JsonNode page : result.path("pages")) {
            if (page.path("name").asText().equals(name)) {
                return page;
            }
        }
        throw new AssertionError("no page for " + name + ": " + why());
    }

    /** At {@code page}, audio packets and decoded frames from {@code from} were positive and grew across {@code phase}. */
    void increased(SoftAssertions soft, JsonNode page, String phase, JsonNode from) {
        String id = from.path("id").asText();
        JsonNode first = page.path("samples").path(phase + "1").path(id);
        JsonNode second = page.path("samples").path(phase + "2").path(id);
        String at = page.path("name").asText() + " from " + from.path("name").asText() + " (" + phase + ")";
        soft.assertThat(first.path("audioPacketsReceived").asLong()).as("audio packets at %s: %s", at, why()).isPositive();
        soft.assertThat(first.path("videoFramesDecoded").asLong()).as("decoded frames at %s", at).isPositive();
        soft.assertThat(second.path("audioPacketsReceived").asLong()).as("audio packets increase at %s", at)
                .isGreaterThan(first.path("audioPacketsReceived").asLong());
        soft.assertThat(second.path("videoFramesDecoded").asLong()).as("decoded frames increase at %s", at)
                .isGreaterThan(first.path("videoFramesDecoded").asLong());
    }

    /** The RTK-STATS and RTK-TRANSPORT lines, on stdout and in stats.txt. */
    private void writeStats() throws IOException {
        Map<String, String> names = new HashMap<>();
        for (JsonNode page : result.path("pages")) {
            names.put(page.path("id").asText(), page.path("name").asText());
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode page : result.path("pages")) {
            for (String phase : List.of("joined", "unmuted", "viewer")) {
                JsonNode first = page.path("samples").path(phase + "1");
                JsonNode second = page.path("samples").path(phase + "2");
                first.fieldNames().forEachRemaining(from -> lines.add(String.format(
                        "RTK-STATS run=%s phase=%s page=%s from=%s audioPacketsReceived=%d->%d videoFramesDecoded=%d->%d",
                        run, phase, page.path("name").asText(), names.getOrDefault(from, from),
                        first.path(from).path("audioPacketsReceived").asLong(),
                        second.path(from).path("audioPacketsReceived").asLong(),
                        first.path(from).path("videoFramesDecoded").asLong(),
                        second.path(from).path("videoFramesDecoded").asLong())));
            }
            JsonNode t = page.path("transport");
            if (t.isObject()) {
                lines.add(String.format("RTK-TRANSPORT run=%s page=%s local=%s relayProtocol=%s remote=%s/%s",
                        run, page.path("name").asText(), t.path("localType").asText(), t.path("relayProtocol").asText(),
                        t.path("remoteType").asText(), t.path("remoteProtocol").asText()));
            }
        }
        lines.forEach(System.out::println);
        Files.write(work.resolve("stats.txt"), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    void close() {
        process.close();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The REST control plane, called as an app's server calls it: java.net.http, a bearer key, JSON. */
    static final class Rest {

        final String base;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Rest(String base) {
            this.base = base;
        }

        /** POSTs {@code body} with {@code bearer}; the parsed response, after checking the status is {@code expected}. */
        JsonNode post(String path, String bearer, JsonNode body, int expected) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(expected);
            return JSON.readTree(r.body());
        }

        /** POSTs with the API key and returns {@code data} of the 201 envelope. */
        JsonNode create(String path, JsonNode body) throws Exception {
            JsonNode envelope = post(path, API_KEY, body, 201);
            assertThat(envelope.path("success").asBoolean()).as("%s: %s", path, envelope).isTrue();
            return envelope.path("data");
        }

        /** A preset allowed everything RealtimeKit's host presets are. */
        void hostPreset(String name) throws Exception {
            ObjectNode body = object().put("name", name);
            ObjectNode p = body.putObject("permissions");
            ObjectNode media = p.putObject("media");
            for (String kind : List.of("audio", "video", "screenshare")) {
                media.putObject(kind).put("can_produce", "ALLOWED");
            }
            p.putObject("chat").putObject("public").put("can_send", true).put("text", true);
            p.put("can_record", true).put("can_start_stop_recording", true).put("kick_participant", true)
                    .put("accept_waiting_requests", true).put("waiting_room_type", "SKIP");
            create("/v1/presets", body);
        }

        /** A view-only preset: may not publish anything and may not chat. */
        void viewerPreset(String name) throws Exception {
            ObjectNode body = object().put("name", name);
            ObjectNode p = body.putObject("permissions");
            ObjectNode media = p.putObject("media");
            for (String kind : List.of("audio", "video", "screenshare")) {
                media.putObject(kind).put("can_produce", "NOT_ALLOWED");
            }
            p.putObject("chat").putObject("public").put("can_send", false);
            create("/v1/presets", body);
        }

        /** Creates a meeting; returns its data ({@code id}, {@code title}, ...). */
        JsonNode meeting(String title) throws Exception {
            return create("/v1/meetings", object().put("title", title));
        }

        /** Adds a participant; returns {@code {name, token}} for the script, plus its REST {@code id}. */
        ObjectNode participant(String meetingId, String name, String preset) throws Exception {
            JsonNode data = create("/v1/meetings/" + meetingId + "/participants", object().put("name", name)
                    .put("preset_name", preset).put("custom_participant_id", customId(name)));
            assertThat(data.path("token").asText()).as("token of %s", name).isNotBlank();
            return object().put("name", name).put("token", data.path("token").asText()).put("id", data.path("id").asText());
        }

        /**
         * Cloudflare's TURN shape: creates a TURN key with the API key, then {@code POST
         * /v1/turn/keys/{keyId}/credentials/generate-ice-servers} with the TURN key's own secret; returns
         * {@code iceServers}.
         */
        JsonNode iceServers(int ttlSeconds) throws Exception {
            JsonNode key = create("/v1/turn/keys", object().put("name", "sdk-it"));
            JsonNode r = post("/v1/turn/keys/" + key.path("uid").asText() + "/credentials/generate-ice-servers",
                    key.path("key").asText(), object().put("ttl", ttlSeconds), 201);
            return r.path("iceServers");
        }

        static String customId(String name) {
            return name.toLowerCase(java.util.Locale.ROOT) + "@it.example";
        }
    }
}
