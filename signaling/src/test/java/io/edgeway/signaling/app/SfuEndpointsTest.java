package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.edgeway.turn.policy.PeerPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFU's HTTP side on a running process (in-process, loopback, free ports), with the JDK's HTTP and
 * WebSocket clients: the demo page and nothing else from the class path, the signaling WebSocket's
 * error answers and joins, the development TURN credentials, the metrics, the TURN peer policy opened
 * for the media port, and the settings that turn parts off. The browsers' side is
 * {@code SfuChromiumIT}'s.
 */
class SfuEndpointsTest {

    /** The control plane's database: never the working directory. */
    @TempDir
    Path dataDir;

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final List<WebSocketTestClient> clients = new ArrayList<>();
    private EdgewayProcess process;
    private String base;

    private void start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listening-ip", "127.0.0.1", "--listening-port", "0",
                "--tls-listening-port", "0", "--min-port", "41100", "--max-port", "41199",
                "--static-auth-secret", "north-wind", "--open-sessions", "true", "--http-listening-ip", "127.0.0.1", "--http-port", "0",
                "--media-port", "0", "--ice-tcp-port", "0", "--drain-deadline", "1", "--event-loop-threads", "2",
                "--data-dir", dataDir.toString()));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            // a flag given here replaces its default above (picocli takes each option once)
            int at = args.indexOf(extra[i]);
            if (at >= 0) {
                args.remove(at + 1);
                args.remove(at);
            }
            args.add(extra[i]);
            args.add(extra[i + 1]);
        }
        String[] a = args.toArray(new String[0]);
        EdgewayConfig config = Loading.valid(a);
        process = EdgewayProcess.start(config, new ConfigReloader(a, Map.of(), new java.util.Random(1), System.err,
                config), () -> { });
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketTestClient::abort);
        if (process != null) {
            process.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A signaling client, aborted after the test. */
    private WebSocketTestClient client() throws Exception {
        WebSocketTestClient c = new WebSocketTestClient(http, base, WAIT);
        clients.add(c);
        return c;
    }

    @Test
    void servesThePageAndOnlyThePage() throws Exception {
        start();
        HttpResponse<String> page = get("/?meeting=demo&name=me");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/edgeway.js\">");
        assertThat(get("/index.html").body()).isEqualTo(page.body());
        HttpResponse<String> script = get("/edgeway.js");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("from '/sdk/edgeway-rtk.js'", "from '/edgeway-grid.js'",
                "from '/edgeway-audio.js'");
        for (String module : List.of("/edgeway-grid.js", "/edgeway-audio.js")) {
            HttpResponse<String> imported = get(module);
            assertThat(imported.statusCode()).as(module).isEqualTo(200);
            assertThat(imported.headers().firstValue("content-type")).as(module)
                    .hasValue("text/javascript; charset=utf-8");
            assertThat(imported.body()).as(module).contains("export class");
        }
        assertThat(page.headers().firstValue("access-control-allow-origin")).as("the page is not for other origins")
                .isEmpty();
        HttpResponse<String> sdk = get("/sdk/edgeway-rtk.js");
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(sdk.headers().firstValue("access-control-allow-origin")).as("apps import it from their origin")
                .hasValue("*");
        assertThat(sdk.body()).contains("new WebSocket(", "negotiation_glare", "export default EdgewayRTK");
        assertThat(get("/edgeway.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");

        for (String path : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/edgeway.js/../index.html", "/web/index.html",
                "/io/edgeway/signaling/web/index.html", "/sdk/", "/sdk/../edgeway.js", "/edgeway-rtk.js",
                "/sdk/edgeway-grid.js", "/logback.xml", "//etc/passwd", "/index.html/")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> plain = get("/ws");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("\"code\":\"websocket_required\"");
        assertThat(get("/healthz").statusCode()).as("the operations routes still answer").isEqualTo(200);
    }

    @Test
    void theWebSocketAnswersEveryBadMessageAndKeepsTheConnection() throws Exception {
        start();
        WebSocketTestClient c = client();
        c.send("not json");
        assertThat(c.nextError()).isEqualTo("invalid_json");
        c.send("{\"type\":\"publish\"}");
        assertThat(c.nextError()).isEqualTo("unknown_type");
        // Before joining, an offer is refused unread (issue #10): its fields and SDP are never parsed.
        c.send("{\"type\":\"offer\"}");
        assertThat(c.nextError()).isEqualTo("not_joined");
        c.send("{\"type\":\"offer\",\"sdp\":\"v=1\"}");
        assertThat(c.nextError()).isEqualTo("not_joined");
        c.send("{\"type\":\"leave\"}");
        assertThat(c.nextError()).isEqualTo("not_joined");
        c.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(c.nextError()).isEqualTo("unsupported_frame");
        c.send("{\"type\":\"join\",\"meeting\":\"no spaces please\",\"name\":\"Ann\"}");
        assertThat(c.nextError()).isEqualTo("invalid_request");

        c.send("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ann\"}");
        JsonNode joined = c.next();
        assertThat(joined.get("type").asText()).isEqualTo("roomJoined");
        assertThat(joined.get("self").get("name").asText()).isEqualTo("Ann");
        assertThat(joined.get("participants").size()).isZero();
        assertThat(joined.get("meeting").get("id").asText()).isEqualTo("demo");
        // Joined: messages are decoded (off the HTTP loop) and a bad offer is answered for what it is.
        c.send("{\"type\":\"offer\"}");
        assertThat(c.nextError()).isEqualTo("invalid_request");
        c.send("{\"type\":\"offer\",\"sdp\":\"v=1\"}");
        assertThat(c.nextError()).isEqualTo("invalid_sdp");

        WebSocketTestClient b = client();
        b.send("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ben\"}");
        JsonNode bJoined = b.next();
        assertThat(bJoined.get("participants").get(0).get("name").asText()).isEqualTo("Ann");
        JsonNode arrived = c.next();
        assertThat(arrived.get("type").asText()).isEqualTo("participantJoined");
        assertThat(arrived.get("participant").get("name").asText()).isEqualTo("Ben");
        assertThat(get("/metrics").body()).contains("edgeway_media_participants_active 2.0",
                "edgeway_media_meetings_active 1.0");

        b.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode left = c.next();
        assertThat(left.get("type").asText()).isEqualTo("participantLeft");
        assertThat(left.get("participantId").asText()).isEqualTo(bJoined.get("self").get("id").asText());
        assertThat(left.get("reason").asText()).isEqualTo("disconnected");

        // Draining: joins are refused, the meeting stays.
        process.drain();
        WebSocketTestClient late = client();
        late.send("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Cy\"}");
        assertThat(late.nextError()).isEqualTo("draining");
    }

    @Test
    void devIceServersMintRestCredentialsForThisTurnServer() throws Exception {
        start();
        HttpResponse<String> response = get("/v1/dev/ice-servers");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        JsonNode turn = JSON.readTree(response.body()).get("iceServers").get(0);
        int udp = process.turn().udpAddresses().get(0).getPort();
        int tcp = process.turn().tcpAddresses().get(0).getPort();
        assertThat(turn.get("urls")).extracting(JsonNode::asText).containsExactly(
                "turn:127.0.0.1:" + udp + "?transport=udp", "turn:127.0.0.1:" + tcp + "?transport=tcp");
        String username = turn.get("username").asText();
        assertThat(username).endsWith(":edgeway-dev");
        assertThat(turn.get("credential").asText()).isEqualTo(TurnRestCredentialStore.password("north-wind", username));
    }

    @Test
    void theTurnServerMayRelayToTheMediaPortsAndNothingElseOnItsAddress() throws Exception {
        start();
        List<Integer> mediaPorts = process.media().shards().stream().map(s -> s.port.localAddress().getPort()).toList();
        assertThat(mediaPorts).as("one UDP media port per event loop").hasSize(2).doesNotHaveDuplicates();
        int other = 1;
        while (mediaPorts.contains(other)) {
            other++;
        }
        PeerPolicy policy = process.turn().context().peerPolicy();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(policy.permitsAddress(loopback)).isTrue();
        for (int mediaPort : mediaPorts) {
            assertThat(policy.permits(loopback, mediaPort)).isTrue();
        }
        assertThat(policy.permits(loopback, other)).isFalse();
        assertThat(policy.describe(loopback)).isEqualTo("media-port");
        // A reload rebuilds the policy and keeps the media ports open.
        process.reload();
        for (int mediaPort : mediaPorts) {
            assertThat(process.turn().context().peerPolicy().permits(loopback, mediaPort)).isTrue();
        }
        // Each loop's meetings are told its own UDP port, and the one ICE-TCP port of every loop.
        for (MediaShard shard : process.media().shards()) {
            assertThat(shard.plane().candidates()).extracting(c -> c.transport() + " " + c.address() + ":"
                    + c.port() + (c.tcpType() == null ? "" : " " + c.tcpType())).containsExactly(
                    "udp 127.0.0.1:" + shard.port.localAddress().getPort(),
                    "tcp 127.0.0.1:" + process.media().iceTcp().localAddress().getPort() + " passive");
        }
    }

    @Test
    void metricsCoverTheMediaPortAndForwarding() throws Exception {
        start();
        assertThat(get("/metrics").body()).contains(
                "edgeway_media_packets_total{path=\"udp\",result=\"stun_handled\"}",
                "edgeway_media_packets_total{path=\"tcp\",result=\"media_delivered\"}",
                "edgeway_media_forwarding_total{result=\"rtp_forwarded\"}",
                "edgeway_media_forwarding_total{result=\"rtp_unprotect_failed\"}",
                "edgeway_media_not_joined_packets_total",
                "edgeway_media_ice_tcp_connections_total{event=\"accepted\"}",
                "edgeway_media_ice_tcp_connections_total{event=\"framing_errors\"}",
                "edgeway_media_ice_tcp_connections_open",
                "edgeway_media_transports_active",
                "edgeway_media_participants_active 0.0",
                "edgeway_media_meetings_active 0.0",
                "edgeway_media_loop_meetings{loop=\"0\"} 0.0",
                "edgeway_media_loop_meetings{loop=\"1\"} 0.0",
                "edgeway_media_loop_participants{loop=\"1\"} 0.0",
                "edgeway_media_loop_packets_total{loop=\"0\"}",
                "edgeway_event_loop_cpu_seconds_total{loop=\"1\"}");
    }

    @Test
    void closedSessionsRefuseJoinsAndHideTheDevCredentials() throws Exception {
        start("--open-sessions", "false", "--ice-tcp-port", "off");
        assertThat(get("/v1/dev/ice-servers").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(200);
        WebSocketTestClient c = client();
        c.send("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ann\"}");
        assertThat(c.nextError()).isEqualTo("open_sessions_disabled");
        assertThat(process.media().iceTcp()).isNull();
        assertThat(process.media().shards()).allSatisfy(shard -> assertThat(shard.plane().candidates()).hasSize(1));
    }

    @Test
    void withTheMediaPortOffThereIsNoSfu() throws Exception {
        start("--media-port", "off");
        assertThat(process.media()).isNull();
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/ws").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").body()).doesNotContain("edgeway_media_");
    }

    @Test
    void portsThatCollideAndWildcardAnnouncementsAreRefused() {
        assertThat(Loading.problems("--ice-tcp-port", "8080")).containsExactly(
                "ice-tcp-port: same TCP port as http-port (8080)");
        assertThat(Loading.problems("--media-port", "3477", "--event-loop-threads", "2")).containsExactly(
                "media-port: the media loops' UDP ports 3477-3478 include listening-port (3478)");
        assertThat(Loading.problems("--media-port", "3478", "--media-loops", "1")).containsExactly(
                "media-port: same UDP port as listening-port (3478)");
        assertThat(Loading.problems("--media-port", "65535", "--event-loop-threads", "2")).containsExactly(
                "media-port: 2 media loops need UDP ports 65535-65536, past 65535; lower media-port or media-loops");
        assertThat(Loading.valid("--media-port", "49150", "--media-loops", "16", "--event-loop-threads", "2")
                .get(ConfigKeys.MEDIA_LOOPS)).as("media-loops caps the event loops: two ports, below min-port").isEqualTo(16);
        assertThat(Loading.problems("--media-port", "49151", "--event-loop-threads", "2")).containsExactly(
                "media-port: the media loops' UDP ports 49151-49152 fall inside the TURN relay range min-port..max-port"
                        + " (49152-65535); move media-port out of it or narrow the range");
        assertThat(Loading.valid("--media-port", "40000", "--min-port", "30000", "--max-port", "39999",
                "--media-loops", "1").get(ConfigKeys.MEDIA_PORT)).as("a media port above a moved relay range").isEqualTo(40000);
        assertThat(Loading.problems("--transport", "io_uring", "--media-loops", "2", "--event-loop-threads", "2"))
                .singleElement().asString().startsWith("media-loops: 2 media loops with ICE-TCP need transport epoll or nio");
        Loading.valid("--transport", "io_uring", "--media-loops", "1");
        Loading.valid("--transport", "io_uring", "--media-loops", "2", "--ice-tcp-port", "off", "--event-loop-threads", "2");
        assertThat(Loading.problems("--media-announced-ip", "0.0.0.0")).singleElement().asString()
                .startsWith("media-announced-ip: 0.0.0.0 is a wildcard");
        assertThat(Loading.valid("--media-port", "3478", "--no-udp").get(ConfigKeys.MEDIA_PORT)).isEqualTo(3478);
        assertThat(Loading.valid().get(ConfigKeys.MEDIA_PORT)).isEqualTo(10000);
        assertThat(Loading.valid().get(ConfigKeys.ICE_TCP_PORT)).isEqualTo(10000);
        assertThat(Loading.valid().get(ConfigKeys.MEDIA_LOOPS)).as("every event loop").isZero();
        assertThat(Loading.valid().get(ConfigKeys.OPEN_SESSIONS)).isTrue();
    }

    /** auto: open named sessions only on a development process, whose TURN credentials were made up. */
    @Test
    void openSessionsFollowTheDevelopmentDefaultsUnlessSet() {
        assertThat(Loading.valid("--open-sessions", "auto").get(ConfigKeys.OPEN_SESSIONS)).isTrue();
        assertThat(Loading.valid("--static-auth-secret", "s3cret").get(ConfigKeys.OPEN_SESSIONS)).isFalse();
        assertThat(Loading.valid("--user", "ann:pw").get(ConfigKeys.OPEN_SESSIONS)).isFalse();
        assertThat(Loading.valid("--user", "ann:pw", "--open-sessions", "true").get(ConfigKeys.OPEN_SESSIONS)).isTrue();
        assertThat(Loading.valid("--open-sessions", "false").get(ConfigKeys.OPEN_SESSIONS)).isFalse();
        assertThat(Loading.problems("--open-sessions", "maybe")).singleElement().asString()
                .contains("expected auto, true or false");
    }
}
