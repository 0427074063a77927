package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.token.SigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RealtimeKit-shaped protocol end to end in a running process: an app's server creates a preset, a
 * meeting and participants over REST (with the API key given as configuration), browsers-to-be join the
 * signaling WebSocket with the participants' tokens (the JDK's WebSocket client), and the process's H2
 * database lives in a temporary data-dir. Checks the roomJoined shape, token reuse on a second
 * connection, an expired token, chat delivered and a 4,001-character message refused, media state
 * broadcast to everyone, and a REST kick reaching the socket, which then closes with 1000.
 */
class TokenSignalingProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String API_KEY = "it-key.0123456789abcdef0123456789";

    @TempDir
    static Path dataDir;
    private static EdgewayProcess process;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private final List<WebSocketTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0",
            "--min-port", "43200", "--max-port", "43299", "--static-auth-secret", "north-wind",
            "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
            "--data-dir", dataDir.toString(), "--api-key", API_KEY, "--open-sessions", "false"};
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new Random(5), System.err, config),
                () -> { });
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
        rest("POST", "/v1/presets", "{\"name\":\"host\",\"permissions\":{\"kick_participant\":true}}", 201);
        rest("POST", "/v1/presets", "{\"name\":\"viewer\",\"permissions\":{\"media\":{\"audio\":{\"can_produce\":"
                + "\"NOT_ALLOWED\"},\"video\":{\"can_produce\":\"NOT_ALLOWED\"},\"screenshare\":{\"can_produce\":"
                + "\"NOT_ALLOWED\"}}}}", 201);
    }

    @AfterAll
    static void stopProcess() {
        if (process != null) {
            process.close();
        }
    }

    @AfterEach
    void closeSockets() {
        clients.forEach(WebSocketTestClient::abort);
    }

    // ------------------------------------------------------------------ the app's server (REST)

    private static JsonNode rest(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return JsonEnvelope.JSON.readTree(r.body()).path("data");
    }

    private static String meeting(String title) throws Exception {
        return rest("POST", "/v1/meetings", "{\"title\":\"" + title + "\"}", 201).path("id").asText();
    }

    /** Adds a participant; the data object ({@code id}, {@code token}, ...). */
    private static JsonNode participant(String meeting, String customId, String preset) throws Exception {
        ObjectNode body = JsonEnvelope.JSON.createObjectNode().put("custom_participant_id", customId)
                .put("preset_name", preset).put("name", "Name " + customId).put("picture", "https://p.example/" + customId);
        return rest("POST", "/v1/meetings/" + meeting + "/participants", body.toString(), 201);
    }

    // ------------------------------------------------------------------ a browser's signaling connection

    /** A signaling client, aborted after the test. */
    private WebSocketTestClient client() throws Exception {
        WebSocketTestClient c = new WebSocketTestClient(HTTP, base, WAIT);
        clients.add(c);
        return c;
    }

    private static ObjectNode message(String type) {
        return JsonEnvelope.JSON.createObjectNode().put("type", type);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void tokensJoinTheirMeetingAndSeeEachOtherChatAndMediaState() throws Exception {
        String meeting = meeting("Design review");
        JsonNode annRow = participant(meeting, "ann", "host");
        JsonNode bobRow = participant(meeting, "bob", "viewer");
        WebSocketTestClient ann = client();
        ann.join(annRow.path("token").asText());
        JsonNode annJoined = ann.next("roomJoined");
        assertThat(annJoined.path("participants")).isEmpty();
        assertThat(annJoined.path("chat")).isEmpty();

        WebSocketTestClient bob = client();
        bob.join(bobRow.path("token").asText());
        JsonNode joined = bob.next("roomJoined");
        JsonNode self = joined.path("self");
        assertThat(self.path("id").asText()).isEqualTo(bobRow.path("id").asText());
        assertThat(self.path("name").asText()).isEqualTo("Name bob");
        assertThat(self.path("picture").asText()).isEqualTo("https://p.example/bob");
        assertThat(self.path("customParticipantId").asText()).isEqualTo("bob");
        assertThat(self.path("presetName").asText()).isEqualTo("viewer");
        assertThat(self.path("permissions").path("canProduceVideo").asBoolean()).isFalse();
        assertThat(self.path("permissions").path("canSendChat").asBoolean()).isTrue();
        assertThat(self.path("audioEnabled").asBoolean()).isFalse();
        assertThat(joined.path("participants")).as("self not included: total = joined + 1").hasSize(1);
        assertThat(joined.path("participants").path(0).path("id").asText()).isEqualTo(annRow.path("id").asText());
        assertThat(joined.path("meeting").path("id").asText()).isEqualTo(meeting);
        assertThat(joined.path("meeting").path("title").asText()).isEqualTo("Design review");
        String sessionId = joined.path("meeting").path("sessionId").asText();
        assertThat(rest("GET", "/v1/meetings/" + meeting + "/active-session", null, 200).path("id").asText())
                .isEqualTo(sessionId);
        assertThat(ann.next("participantJoined").path("participant").path("customParticipantId").asText())
                .isEqualTo("bob");

        // A second connection with a token in use.
        WebSocketTestClient again = client();
        again.join(bobRow.path("token").asText());
        assertThat(again.nextError()).isEqualTo("token_reuse");

        // Chat: delivered to everyone, the sender included; 4,001 characters refused.
        ann.send(message("chat").put("text", "hello bob"));
        for (WebSocketTestClient c : List.of(ann, bob)) {
            JsonNode m = c.next("chatUpdate").path("message");
            assertThat(m.path("text").asText()).isEqualTo("hello bob");
            assertThat(m.path("participantId").asText()).isEqualTo(annRow.path("id").asText());
            assertThat(m.path("displayName").asText()).isEqualTo("Name ann");
            assertThat(Instant.parse(m.path("time").asText())).isNotNull();
            assertThat(m.path("id").asText()).isNotBlank();
        }
        bob.send(message("chat").put("text", "x".repeat(Limits.MAX_CHAT_MESSAGE_CHARS + 1)));
        assertThat(bob.nextError()).isEqualTo("chat_message_too_long");

        // Media state: broadcast to everyone, the sender included; forbidden by the viewer preset.
        ann.send(message("mediaState").put("audio", true).put("video", false));
        for (WebSocketTestClient c : List.of(ann, bob)) {
            JsonNode audio = c.next("audioUpdate");
            assertThat(audio.path("participantId").asText()).isEqualTo(annRow.path("id").asText());
            assertThat(audio.path("audioEnabled").asBoolean()).isTrue();
            assertThat(c.next("videoUpdate").path("videoEnabled").asBoolean()).isFalse();
        }
        bob.send(message("mediaState").put("video", true));
        assertThat(bob.nextError()).isEqualTo("publish_not_permitted");

        // A late joiner gets the chat so far and the state signalled so far.
        JsonNode catRow = participant(meeting, "cat", "host");
        WebSocketTestClient cat = client();
        cat.join(catRow.path("token").asText());
        JsonNode catJoined = cat.next("roomJoined");
        assertThat(catJoined.path("chat")).extracting(m -> m.path("text").asText()).containsExactly("hello bob");
        assertThat(catJoined.path("participants")).hasSize(2);
        assertThat(catJoined.path("participants").path(0).path("audioEnabled").asBoolean()).isTrue();
    }

    @Test
    void anExpiredTokenIsRefusedWithItsOwnCode() throws Exception {
        String meeting = meeting("Late");
        JsonNode row = participant(meeting, "late", "host");
        // A token signed with the process's own key, whose lifetime ended an hour ago.
        ControlPlane plane = process.controlPlane();
        ManualClock past = new ManualClock(0, Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
        SigningKeys keys = SigningKeys.load(plane.stores().signingKeys(), past, Limits.DEFAULT_TOKEN_TTL);
        Participant p = plane.stores().participants().find(row.path("id").asText()).orElseThrow();
        String expired = new ParticipantTokens(keys, plane.stores().participants(), plane.stores().meetings(),
                plane.stores().presets(), past, Duration.ofHours(1)).issue(p).token();

        WebSocketTestClient c = client();
        c.join(expired);
        JsonNode error = c.next("error");
        assertThat(error.path("code").asText()).isEqualTo("token_expired");
        assertThat(error.path("message").asText()).contains("/participants/" + row.path("id").asText() + "/token");
        // The fresh token of the same participant joins (refresh keeps the id).
        String fresh = rest("POST", "/v1/meetings/" + meeting + "/participants/" + row.path("id").asText() + "/token",
                null, 200).path("token").asText();
        c.join(fresh);
        assertThat(c.next("roomJoined").path("self").path("id").asText()).isEqualTo(row.path("id").asText());
        WebSocketTestClient garbage = client();
        garbage.join("eyJhbGciOiJub25lIn0.e30.");
        assertThat(garbage.nextError()).isEqualTo("token_invalid");
        WebSocketTestClient named = client();
        named.send(message("join").put("meeting", "demo").put("name", "Ann"));
        assertThat(named.nextError()).isEqualTo("open_sessions_disabled");
    }

    @Test
    void aRestKickReachesTheSocketWhichClosesAfterTheKickedMessage() throws Exception {
        String meeting = meeting("Kicks");
        JsonNode annRow = participant(meeting, "ann", "host");
        JsonNode bobRow = participant(meeting, "bob", "host");
        WebSocketTestClient ann = client();
        ann.join(annRow.path("token").asText());
        ann.next("roomJoined");
        WebSocketTestClient bob = client();
        bob.join(bobRow.path("token").asText());
        bob.next("roomJoined");
        ann.next("participantJoined");

        JsonNode kicked = rest("POST", "/v1/meetings/" + meeting + "/active-session/kick",
                "{\"participant_ids\":[\"" + bobRow.path("id").asText() + "\"]}", 200);
        assertThat(kicked.path("participants")).hasSize(1);
        JsonNode event = bob.next("kicked");
        assertThat(event.path("code").asText()).isEqualTo("kicked");
        assertThat(bob.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        JsonNode left = ann.next("participantLeft");
        assertThat(left.path("participantId").asText()).isEqualTo(bobRow.path("id").asText());
        assertThat(left.path("reason").asText()).isEqualTo("kicked");

        // The kicked participant's token is free again; kick-all ends the meeting for everyone.
        WebSocketTestClient back = client();
        back.join(bobRow.path("token").asText());
        back.next("roomJoined");
        ann.next("participantJoined");
        rest("POST", "/v1/meetings/" + meeting + "/active-session/kick-all", null, 200);
        for (WebSocketTestClient c : List.of(ann, back)) {
            assertThat(c.next("meetingEnded").path("reason").asText()).isEqualTo("session_ended");
            assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        }
    }
}
