package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.core.sharedport.SharedPortCounter;
import io.edgeway.ice.IceChecks;
import io.edgeway.ice.IceCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.edgeway.core.sharedport.SharedPortListener;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.interop.CoturnTools;
import io.edgeway.turn.interop.CredentialKind;
import io.edgeway.turn.interop.InteropCredentials;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.RelayMode;
import io.edgeway.turn.interop.TurnTransport;
import io.edgeway.turn.interop.TurnutilsPeer;
import io.edgeway.turn.interop.UclientRun;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, test 3: on one TCP port of a running process, at the same time, HTTPS over HTTP/2 and over
 * HTTP/1.1 (the JDK's client, ALPN), the signaling WebSocket over TLS (wss:), TURN over TLS with coturn's
 * {@code turnutils_uclient -S} relaying to {@code turnutils_peer}, and ICE-TCP (an RFC 4571-framed STUN
 * check answered by the SFU's ICE-lite responder), while garbage connections and half-open ones (a TLS
 * record header and nothing more, or nothing at all) hit the same port. The garbage is closed at once, the
 * half-open ones at the port's timeout, each counted, and every real client gets what it asked for.
 */
class SharedPortIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String API_KEY = "it-shared.shared-port-it-secret-0123456789";
    private static final int GARBAGE = 12;
    private static final int HALF_OPEN = 12;

    @Test
    void httpsWssTurnTlsAndIceTcpShareOnePortWhileGarbageAndHalfOpenConnectionsHarmNone() throws Exception {
        String[] args = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0",
                "--relay-ip", "127.0.0.1", "--min-port", "44400", "--max-port", "44599", "--allowed-peer-ip", "127.0.0.0/8",
                "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
                "--shared-port", "0", "--rfc5766-channel-numbers", "true", "--user", InteropCredentials.STATIC_USER + ":" + InteropCredentials.STATIC_PASSWORD,
                "--api-key", API_KEY, "--open-sessions", "true", "--drain-deadline", "1",
                "--data-dir", InteropDirs.fresh("shared-port", "run-").resolve("data").toString()};
        EdgewayConfig config = Loading.valid(args);
        try (EdgewayProcess process = EdgewayProcess.start(config,
                new ConfigReloader(args, Map.of(), new Random(16), System.err, config), () -> { })) {
            SharedPortListener shared = process.sharedPorts().get(0);
            int port = shared.localAddress().getPort();
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

            // The nuisances first, and they stay open while the real clients work.
            List<Socket> nuisances = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < GARBAGE; i++) {
                Socket s = new Socket(at.getAddress(), port);
                byte[] junk = new byte[48];
                random.nextBytes(junk);
                junk[0] = (byte) (0x80 | junk[0]); // no protocol starts with a set top bit
                s.getOutputStream().write(junk);
                nuisances.add(s);
            }
            for (int i = 0; i < HALF_OPEN; i++) {
                Socket s = new Socket(at.getAddress(), port);
                if (i % 2 == 0) {
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // a TLS record that never comes
                }
                nuisances.add(s);
            }

            SSLContext trust = trusting(process);
            String base = "https://127.0.0.1:" + port;
            HttpClient h2 = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_2)
                    .connectTimeout(WAIT).build();
            HttpClient h1 = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(WAIT).build();

            CompletableFuture<HttpResponse<String>> overH2 = h2.sendAsync(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> restOverH1 = h1.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/v1/meetings")).header("Authorization", "Bearer " + API_KEY).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> pageOverH2 = h2.sendAsync(HttpRequest.newBuilder(URI.create(base + "/"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());

            CoturnTools coturn = CoturnTools.find();
            try (TurnutilsPeer peer = coturn.startPeer()) {
                UclientRun run = new UclientRun("shared-port", TurnTransport.TLS, RelayMode.CHANNEL_DATA,
                        CredentialKind.STATIC_USER, at, peer.address(),
                        new InteropCredentials.Credential(InteropCredentials.STATIC_USER, InteropCredentials.STATIC_PASSWORD),
                        2, 20, 100, 20);
                CompletableFuture<CoturnTools.UclientResult> uclient =
                        CompletableFuture.supplyAsync(() -> coturn.run(run, Duration.ofSeconds(40)));

                // The signaling WebSocket over TLS on the same port answers: before a join, nothing else is read.
                WebSocketTestClient wss = new WebSocketTestClient(h1, base, WAIT);
                wss.send("{\"type\":\"offer\"}");
                assertThat(wss.nextError()).as("anything but a join, before joining").isEqualTo("not_joined");
                wss.send("{\"type\":\"leave\"}");
                assertThat(wss.nextError()).isEqualTo("not_joined");
                wss.ws.sendClose(1000, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);

                // ICE-TCP: an RFC 4571-framed check for a ufrag nobody registered gets the responder's 401.
                assertThat(iceTcpCheckAnswerClass(at)).as("STUN class of the answer").isEqualTo(0x0110);

                HttpResponse<String> health = overH2.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
                HttpResponse<String> page = pageOverH2.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<html");
                HttpResponse<String> rest = restOverH1.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
                assertThat(rest.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                JsonNode envelope = JsonEnvelope.JSON.readTree(rest.body());
                assertThat(envelope.path("success").asBoolean()).isTrue();

                CoturnTools.UclientResult result = uclient.get(60, TimeUnit.SECONDS);
                String why = result.describe();
                assertThat(result.exitCode()).as(why).isZero();
                assertThat(result.summary().errorLines()).as(why).isEmpty();
                assertThat(result.summary().receivedMessages()).as(why).isEqualTo(run.expectedMessages());
                assertThat(process.turn().relayedPackets(TurnCounters.Direction.TO_PEER, TransportProtocol.TLS))
                        .as("TURN relayed over TLS").isGreaterThanOrEqualTo(run.expectedMessages());
            }

            // Every nuisance was closed by the server: garbage at once, the half-open at the timeout.
            for (Socket s : nuisances) {
                s.setSoTimeout((int) (SharedPortListenerTimeout.SECONDS * 1000 + WAIT.toMillis()));
                try (InputStream in = s.getInputStream()) {
                    assertThat(in.read()).as("the server closes a garbage or half-open connection").isEqualTo(-1);
                } finally {
                    s.close();
                }
            }
            assertThat(shared.count(SharedPortCounter.UNRECOGNISED)).isEqualTo(GARBAGE);
            await().atMost(WAIT).until(() -> shared.count(SharedPortCounter.TIMED_OUT) == HALF_OPEN);
            assertThat(shared.handedOver("turn-tls")).isGreaterThanOrEqualTo(2);
            assertThat(shared.handedOver("https")).isGreaterThanOrEqualTo(2);
            assertThat(shared.handedOver("ice-tcp")).isEqualTo(1);
            assertThat(shared.undecidedCount()).isZero();
            System.out.println("SHARED-PORT port=" + port + " handedOver={tls=" + shared.handedOver("tls")
                    + ", https=" + shared.handedOver("https") + ", turn-tls=" + shared.handedOver("turn-tls")
                    + ", ice-tcp=" + shared.handedOver("ice-tcp") + "} unrecognised="
                    + shared.count(SharedPortCounter.UNRECOGNISED) + " timedOut=" + shared.count(SharedPortCounter.TIMED_OUT));
        }
    }

    /** The shared port's undecided timeout, which the half-open connections wait out. */
    private static final class SharedPortListenerTimeout {
        static final long SECONDS = SharedPortListener.DEFAULT_DECIDE_TIMEOUT.toSeconds();
    }

    /** Trusts the certificate the process serves (self-signed for its names, 127.0.0.1 among them). */
    private static SSLContext trusting(EdgewayProcess process) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("edgeway", process.turn().tls().material().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Sends a Binding request with USERNAME, MESSAGE-INTEGRITY and FINGERPRINT in an RFC 4571 frame and
     * returns the class and method bits of the framed answer.
     */
    private static int iceTcpCheckAnswerClass(InetSocketAddress at) throws Exception {
        ByteBuf encoded = IceChecks.from(IceCredentials.of("someone", "someonesPassword0123456789"),
                IceCredentials.of("nobody", "notRegisteredPassword0123456")).encode();
        byte[] check = ByteBufUtil.getBytes(encoded);
        encoded.release();
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            ByteBuffer framed = ByteBuffer.allocate(2 + check.length).putShort((short) check.length).put(check);
            s.getOutputStream().write(framed.array());
            InputStream in = s.getInputStream();
            int length = (in.read() << 8) | in.read();
            byte[] answer = in.readNBytes(length);
            assertThat(answer.length).isEqualTo(length);
            return ((answer[0] & 0xFF) << 8 | (answer[1] & 0xFF)) & 0x0110;
        }
    }
}
