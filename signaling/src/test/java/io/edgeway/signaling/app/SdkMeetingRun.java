package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * to stdout (failsafe keeps it in the test's output file) and to {@code target/interop/sdk/<run>/stats.txt}
 * (see {@link ChromiumMeetingRun}). Everything is bounded: each browser step by {@link #STEP_TIMEOUT},
 * the whole script by {@link #RUN_TIMEOUT}.
 */
final class SdkMeetingRun extends ChromiumMeetingRun {

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

    final Rest rest;

    /**
     * The process of every SDK run: loopback, free ports (relay ports 44000-44199), open sessions off, the
     * REST key {@link #API_KEY} and the TURN secret {@link #TURN_SECRET}.
     */
    static final String[] SERVER_ARGS = {"--listening-ip", "127.0.0.1", "--listening-port", "0",
        "--tls-listening-port", "0", "--no-tls", "--relay-ip", "127.0.0.1", "--min-port", "44000", "--max-port", "44199",
        "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
        "--drain-deadline", "1", "--open-sessions", "false", "--api-key", API_KEY, "--static-auth-secret", TURN_SECRET};

    private SdkMeetingRun(String run) throws Exception {
        super("sdk", run, 3, SERVER_ARGS);
        this.rest = new Rest(baseUrl());
    }

    /** Starts the server for a run called {@code run} (its output folder's name). */
    static SdkMeetingRun start(String run) throws Exception {
        return new SdkMeetingRun(run);
    }

    /**
     * Runs the browsers: {@code scenario} is {@code meeting} or {@code relay} (see the script), {@code hosts}
     * and {@code viewer} are {@code {name, token}} objects, {@code iceServers} may be null.
     */
    JsonNode browse(String scenario, List<ObjectNode> hosts, ObjectNode viewer, JsonNode iceServers) throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("scenario", scenario)
                .put("baseUrl", rest.base)
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis());
        ArrayNode list = a.putArray("hosts");
        hosts.forEach(list::add);
        if (viewer != null) {
            a.set("viewer", viewer);
        }
        if (iceServers != null) {
            a.set("iceServers", iceServers);
        }
        JsonNode result = runScript("sdk-meeting.mjs", a, RUN_TIMEOUT);
        writeStats("RTK-STATS", "RTK-TRANSPORT", List.of("joined", "unmuted", "viewer"));
        return result;
    }

    /** At {@code page}, audio packets and decoded frames from {@code from} were positive and grew across {@code phase}. */
    void increased(SoftAssertions soft, JsonNode page, String phase, JsonNode from) {
        increased(soft, page, phase, from.path("id").asText(), from.path("name").asText());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A meeting's id and its two hosts' {@code {name, token, id}}. */
    record HostsMeeting(String id, ObjectNode ann, ObjectNode ben) {

        List<ObjectNode> hosts() {
            return List.of(ann, ben);
        }
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
                    .put("pin_participant", true).put("accept_waiting_requests", true).put("waiting_room_type", "SKIP");
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

        /** The {@code host} preset, a meeting called {@code title}, and hosts Ann and Ben in it. */
        HostsMeeting hostsMeeting(String title) throws Exception {
            hostPreset("host");
            String meetingId = meeting(title).path("id").asText();
            return new HostsMeeting(meetingId, participant(meetingId, "Ann", "host"), participant(meetingId, "Ben", "host"));
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
