package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeway.core.proxy.ProxyProtocol;
import io.edgeway.core.proxy.ProxyProtocolCounter;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.interop.InteropDirs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue #16, test 4: PROXY protocol on a running process whose only trusted load balancer is 127.0.0.1.
 * Through it, two "clients" named by v1 headers share one real TCP source, yet TURN's per-source limit on
 * unauthenticated requests (one event loop, so one limiter) counts them apart: A past its burst is dropped
 * while B, right after, is answered; XOR-MAPPED-ADDRESS and the logs name the header's address,
 * and the HTTP port answers behind a header too. A header from 127.0.0.2 (not trusted) is refused and
 * counted, while 127.0.0.2's own STUN without a header is served as itself; the trusted source without a
 * header is closed.
 */
class ProxyProtocolIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Unauthenticated requests answered per source before the limiter drops: the burst. */
    private static final int BURST = 3;

    private EdgewayProcess process;
    private ListAppender<ILoggingEvent> logs;
    private Logger proxyLogger;
    private Level previousLevel;

    @BeforeEach
    void start() throws Exception {
        // One event loop, so one limiter: without the header, A and B (one real source) would share a budget.
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--event-loop-threads", "1",
                "--relay-ip", "127.0.0.1", "--min-port", "44800", "--max-port", "44899",
                "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "off", "--control-plane", "false",
                "--proxy-protocol-from", "127.0.0.1", "--unauthenticated-rate", "1",
                "--unauthenticated-burst", Integer.toString(BURST), "--user", "alice:secretpw", "--drain-deadline", "1",
                "--data-dir", InteropDirs.fresh("proxy-protocol", "run-").resolve("data").toString()};
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new Random(4), System.err, config),
                () -> { });
        proxyLogger = (Logger) LoggerFactory.getLogger("io.edgeway.core.proxy");
        previousLevel = proxyLogger.getLevel();
        proxyLogger.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        proxyLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        proxyLogger.detachAppender(logs);
        proxyLogger.setLevel(previousLevel);
        process.close();
    }

    @Test
    void theHeadersAddressReachesTheRateLimiterMappedAddressAndLogsAndAnUntrustedHeaderIsRefused() throws Exception {
        InetSocketAddress turn = process.turn().tcpAddresses().get(0);
        ProxyProtocol proxy = process.turn().proxyProtocol();

        // Client A, behind the balancer: answered up to the burst, then dropped; it is seen as 203.0.113.10:5000.
        try (Socket a = trustedConnection(turn, "203.0.113.10", 5000)) {
            ReceivedMessage first = binding(a);
            assertThat(first).as("first Binding from A").isNotNull();
            assertThat(first.xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS))
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.10"), 5000));
            for (int i = 1; i < BURST; i++) {
                assertThat(binding(a)).as("Binding %d from A", i + 1).isNotNull();
            }
            assertThat(binding(a)).as("A past its burst is rate-limited").isNull();
        }
        // Client B: the same real source (127.0.0.1), another header address, its own budget.
        try (Socket b = trustedConnection(turn, "203.0.113.11", 6000)) {
            ReceivedMessage first = binding(b);
            assertThat(first).as("B is not limited by A's budget").isNotNull();
            assertThat(first.xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS))
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.11"), 6000));
        }
        assertThat(process.turn().count(TurnEvent.DROP_RATE_LIMITED)).isGreaterThanOrEqualTo(1);
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_ACCEPTED)).isEqualTo(2);
        assertThat(logs.list).as("the log names the header's client")
                .anyMatch(e -> e.getFormattedMessage().contains("client /203.0.113.10:5000"));

        // An untrusted source's header is refused; its own STUN is served as itself.
        try (Socket forged = fromSecondLoopback(turn)) {
            forged.getOutputStream().write(v1Header("198.51.100.7", 7000, turn));
            assertThat(closedByServer(forged)).as("an untrusted header closes the connection").isTrue();
        }
        try (Socket direct = fromSecondLoopback(turn)) {
            ReceivedMessage answer = binding(direct);
            assertThat(answer).isNotNull();
            assertThat(answer.xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS))
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), direct.getLocalPort()));
        }
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_REFUSED)).isEqualTo(1);
        assertThat(proxy.count(ProxyProtocolCounter.DIRECT)).isGreaterThanOrEqualTo(1);
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("refused a PROXY header from /127.0.0.2"));

        // The trusted balancer must send a header: STUN straight from it is closed.
        try (Socket bare = new Socket(turn.getAddress(), turn.getPort())) {
            writeBinding(bare);
            assertThat(closedByServer(bare)).isTrue();
        }
        await().atMost(WAIT).until(() -> proxy.count(ProxyProtocolCounter.HEADER_MISSING) == 1);

        // The HTTP port honours the same balancer.
        InetSocketAddress http = process.http().httpAddresses().get(0);
        try (Socket s = new Socket(http.getAddress(), http.getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write(v1Header("203.0.113.12", 7100, http));
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_ACCEPTED)).isEqualTo(3);
    }

    private static Socket trustedConnection(InetSocketAddress server, String client, int clientPort) throws IOException {
        Socket s = new Socket(server.getAddress(), server.getPort());
        s.setSoTimeout(1500);
        s.getOutputStream().write(v1Header(client, clientPort, server));
        return s;
    }

    private static Socket fromSecondLoopback(InetSocketAddress server) throws IOException {
        Socket s = new Socket(server.getAddress(), server.getPort(), InetAddress.getByName("127.0.0.2"), 0);
        s.setSoTimeout(1500);
        return s;
    }

    private static byte[] v1Header(String client, int clientPort, InetSocketAddress server) {
        return ("PROXY TCP4 " + client + " " + server.getAddress().getHostAddress() + " " + clientPort + " "
                + server.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static final Random IDS = new Random(16);

    private static void writeBinding(Socket s) throws IOException {
        byte[] id = new byte[12];
        IDS.nextBytes(id);
        ByteBuf out = Unpooled.buffer(20);
        try {
            new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, id).finish();
            s.getOutputStream().write(ByteBufUtil.getBytes(out));
        } finally {
            out.release();
        }
    }

    /** One Binding request; its answer, or null if none came within the socket's timeout (dropped). */
    private static ReceivedMessage binding(Socket s) throws IOException {
        writeBinding(s);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[20];
        try {
            in.readFully(header);
        } catch (SocketTimeoutException dropped) {
            return null;
        }
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = new byte[20 + length];
        System.arraycopy(header, 0, message, 0, 20);
        in.readFully(message, 20, length);
        return ReceivedMessage.of(message);
    }

    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
