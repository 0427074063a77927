package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.signaling.ws.WebSocketRoute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signaling WebSocket's limits over real sockets (issue #10): before joining, a message is small and
 * only a join is read (an offer is refused unread, so its SDP costs nothing; a large message closes the
 * connection with 1009 at once, so ten strangers pushing 1 MiB offers no longer slow /healthz); after
 * joining, a fragmented message over 1 MiB closes with 1009 rather than an abrupt close; and a frame
 * with JSON trailing garbage is refused.
 */
class WebSocketLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final List<WebSocketTestClient> clients = new ArrayList<>();
    @TempDir
    Path dataDir;
    private EdgewayProcess process;
    private String base;

    @BeforeEach
    void start() throws Exception {
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--min-port", "41300",
            "--max-port", "41399", "--static-auth-secret", "north-wind", "--open-sessions", "true",
            "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0", "--data-dir", dataDir.toString()};
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new java.util.Random(1), System.err,
                config), () -> { });
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketTestClient::abort);
        process.close();
    }

    private WebSocketTestClient connect() throws Exception {
        WebSocketTestClient c = new WebSocketTestClient(http, base, WAIT);
        clients.add(c);
        return c;
    }

    @Test
    void beforeJoiningOnlyASmallJoinIsRead() throws Exception {
        WebSocketTestClient c = connect();
        // An offer before join is refused without its SDP being parsed: garbage SDP is not invalid_sdp.
        c.send("{\"type\":\"offer\",\"sdp\":\"this is not SDP\"}");
        assertThat(c.nextError()).isEqualTo("not_joined");

        c.send("{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(WebSocketRoute.PRE_JOIN_MESSAGE_BYTES) + "\"}");
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void strangersPushingLargeOffersDoNotSlowTheHttpPort() throws Exception {
        String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n" + "a=x\\r\\n".repeat((1 << 20) / 7 + 1) + "\"}";
        List<WebSocketTestClient> strangers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            strangers.add(connect());
        }
        for (WebSocketTestClient s : strangers) {
            s.ws.sendText(offer.substring(0, WebSocketRoute.MAX_MESSAGE_BYTES / 4), true);
        }
        long started = System.nanoTime();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        for (WebSocketTestClient s : strangers) {
            assertThat(s.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void afterJoiningAFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        WebSocketTestClient c = connect();
        c.send("{\"type\":\"join\",\"meeting\":\"limits\",\"name\":\"Ann\"}");
        c.next("roomJoined");
        String chunk = "x".repeat(256 * 1024);
        c.ws.sendText("{\"type\":\"chat\",\"text\":\"", false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            c.ws.sendText(chunk, false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void jsonWithTrailingGarbageIsRefused() throws Exception {
        WebSocketTestClient c = connect();
        c.send("{\"type\":\"join\",\"meeting\":\"limits\",\"name\":\"Ann\"}garbage");
        assertThat(c.nextError()).isEqualTo("invalid_json");
        c.send("{\"type\":\"join\",\"meeting\":\"limits\",\"name\":\"Ann\"}");
        c.next("roomJoined");
        c.send("{\"type\":\"chat\",\"text\":\"hi\"} {\"type\":\"leave\"}");
        assertThat(c.nextError()).isEqualTo("invalid_json");
    }
}
