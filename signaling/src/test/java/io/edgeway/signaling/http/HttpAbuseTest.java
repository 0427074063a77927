package io.edgeway.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP port under abuse (issue #10), over real sockets against a real {@link HttpServer} with one
 * recording route: malformed requests are answered 400 before any route (they used to run with later
 * headers dropped), a bad percent-escape gets 400 (it used to close the connection unanswered), an
 * oversized body gets 413 in the JSON envelope, slow connections are capped per source and cut at the
 * request deadline while another client is served, and a source that keeps failing authentication is
 * refused with 429 before any route.
 */
class HttpAbuseTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** A second loopback source address: the "other client" of the slowloris test. */
    private static final InetAddress OTHER_SOURCE = address("127.0.0.2");

    private final Queue<String> routed = new ConcurrentLinkedQueue<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.start(List.of(LOOPBACK), 0, -1, new Endpoints(), List.of(RecordingRoute::new));
        port = server.httpAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Records what reached the routes; {@code /v1/secret} answers 401, anything else under {@code /v1/} 200. */
    private final class RecordingRoute extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith("/v1/")) {
                ctx.fireChannelRead(msg);
                return;
            }
            routed.add(request.method() + " " + request.uri() + " origin=" + request.headers().get(HttpHeaderNames.ORIGIN));
            boolean secret = request.uri().startsWith("/v1/secret");
            ReferenceCountUtil.release(request);
            HttpResponses.write(ctx, secret
                    ? HttpResponses.error(ctx.alloc(), ErrorCode.INVALID_API_KEY, "bad key")
                    : HttpResponses.text(ctx.alloc(), io.netty.handler.codec.http.HttpResponseStatus.OK, "text/plain", "ok"),
                    true);
        }
    }

    @Test
    void requestsNettyMarkedMalformedAreRefusedBeforeAnyRoute() throws Exception {
        String nul = "GET /v1/x HTTP/1.1\r\nHost: a\r\nX-Bad: a\u0000b\r\nOrigin: https://evil.example\r\n\r\n";
        String spaceBeforeColon = "GET /v1/x HTTP/1.1\r\nHost: a\r\nX-Bad : b\r\nOrigin: https://evil.example\r\n\r\n";
        String longHeader = "GET /v1/x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
        for (String request : List.of(nul, spaceBeforeColon, longHeader)) {
            Answer answer = exchange(LOOPBACK, request);
            assertThat(answer.status).as(answer.raw).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("invalid_request");
        }
        assertThat(routed).as("no malformed request reached a route").isEmpty();
    }

    @Test
    void aMalformedPercentEscapeIsAnsweredNotDropped() throws Exception {
        for (String target : List.of("/v1/meetings/%zz", "/v1/meetings/%E", "/v1/x?q=%G1", "/v1/meetings/%C3%28")) {
            Answer answer = exchange(LOOPBACK, "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(answer.status).as(target + ": " + answer.raw).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("invalid_request");
        }
        assertThat(exchange(LOOPBACK, "GET /v1/a%2Fb HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(200);
        assertThat(routed).containsExactly("GET /v1/a%2Fb origin=null");
    }

    @Test
    void aBodyOverTheLimitGets413InTheJsonEnvelope() throws Exception {
        int size = HttpConnectionPipeline.MAX_REQUEST_BYTES + 1;
        Answer answer = exchange(LOOPBACK, "POST /v1/x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + size + "\r\n\r\n" + "x".repeat(size));
        assertThat(answer.status).as(answer.raw).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("request_too_large");
        assertThat(routed).isEmpty();
    }

    @Test
    void slowConnectionsAreCappedPerSourceAndCutAtTheDeadlineWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
                s.getOutputStream().write("GET /v1/x HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            // Over the cap: answered 503 too_many_connections and closed at once.
            Answer refused = read(slow.get(slow.size() - 1));
            assertThat(refused.status).as(refused.raw).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("too_many_connections");

            // Another source is served promptly meanwhile.
            long started = System.nanoTime();
            assertThat(exchange(OTHER_SOURCE, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

            // Trickling bytes does not keep a connection past the request deadline.
            for (int round = 0; round < 3; round++) {
                for (Socket s : slow.subList(0, HttpConnectionPipeline.DEFAULT_CONNECTIONS_PER_SOURCE)) {
                    trickle(s);
                }
                Thread.sleep(2000);
            }
            await().atMost(Duration.ofMillis(HttpConnectionPipeline.REQUEST_DEADLINE_MILLIS + 5000))
                    .until(() -> slow.stream().allMatch(HttpAbuseTest::closedByServer));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** http-connections-per-source: many users behind one NAT need more than the default, a tight host fewer. */
    @Test
    void theConfiguredPerSourceCapIsTheOneApplied() throws Exception {
        HttpServer tight = HttpServer.start(List.of(LOOPBACK), 0, -1, new Endpoints(), List.of(RecordingRoute::new),
                new HttpServer.Options(null, -1, null, null, 3));
        List<Socket> open = new ArrayList<>();
        try {
            int tightPort = tight.httpAddresses().get(0).getPort();
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(LOOPBACK, tightPort), 2000);
                s.getOutputStream().write("GET /v1/x HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
                open.add(s);
            }
            Answer refused = read(open.get(3));
            assertThat(refused.status).as("the fourth connection: %s", refused.raw).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("too_many_connections");
            // The three within the cap are served once their requests end.
            for (Socket s : open.subList(0, 3)) {
                s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(read(s).status).isEqualTo(200);
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
            tight.close();
        }
    }

    @Test
    void aSourceThatKeepsFailingAuthenticationIsRefusedBeforeAnyRoute() throws Exception {
        for (int i = 0; i < FailedAuthenticationLimit.BURST; i++) {
            assertThat(exchange(LOOPBACK, "GET /v1/secret HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(401);
        }
        Answer limited = exchange(LOOPBACK, "GET /v1/fine HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(limited.status).as(limited.raw).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.raw).containsIgnoringCase("Retry-After: 1");
        assertThat(routed).hasSize(FailedAuthenticationLimit.BURST).noneMatch(r -> r.startsWith("GET /v1/fine"));
        // Another source is not affected.
        assertThat(exchange(OTHER_SOURCE, "GET /v1/fine HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(200);
    }

    // ------------------------------------------------------------------ raw HTTP over sockets

    private record Answer(int status, String raw) {
        String code() throws IOException {
            JsonNode body = JsonEnvelope.JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            return body.path("errors").path(0).path("code").asText();
        }
    }

    private Answer exchange(InetAddress from, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException closedEarly) {
                // the server answered and closed before the whole (oversized) request was sent
            }
            return read(s);
        }
    }

    /** Reads one response (its Content-Length body) or until the server closes. */
    private static Answer read(Socket s) throws IOException {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            buf.write(chunk, 0, n);
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                int length = contentLength(text.substring(0, end));
                if (length >= 0 && buf.size() >= end + 4 + length) {
                    break;
                }
            }
        }
        String raw = buf.toString(StandardCharsets.UTF_8);
        assertThat(raw).as("an HTTP answer").startsWith("HTTP/1.1 ");
        return new Answer(Integer.parseInt(raw.substring(9, 12)), raw);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private static void trickle(Socket s) {
        try {
            s.getOutputStream().write('a');
        } catch (IOException closed) {
            // already cut
        }
    }

    /** True once the server closed: whatever it wrote (a 503 to a refused connection) is read first. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            byte[] skip = new byte[4096];
            while (true) {
                if (s.getInputStream().read(skip) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final class Endpoints implements OpsEndpoints {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public String scrape() {
            return "";
        }

        @Override
        public String drain() {
            return "";
        }

        @Override
        public String reload() {
            return "";
        }
    }
}
