package io.edgeway.signaling.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The webhook POST over real loopback sockets: body, headers and status through a plain HTTP server, TLS to a
 * server whose certificate names the URL's host (and refused when it names another), a server that closes
 * without answering, one that never answers (the read timeout), and a port nobody listens on.
 */
class WebhookSenderTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] BODY = "{\"event\":\"meeting.started\"}".getBytes(StandardCharsets.UTF_8);

    private static WebhookSender sender(SSLSocketFactory tls) {
        return new WebhookSender(tls, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void postsTheBodyAndHeadersAndReadsTheStatus() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(r -> 202);
            WebhookSender.Outcome o = sender((SSLSocketFactory) SSLSocketFactory.getDefault()).post(
                    URI.create(receiver.url("/hooks/rtk?app=1")), LOOPBACK,
                    Map.of("rtk-signature", "c2ln", "rtk-event-id", "e-1", "rtk-webhook-id", "w-1"), BODY);
            assertThat(o).isEqualTo(new WebhookSender.Outcome(202, null));
            WebhookReceiver.Received r = receiver.received().get(0);
            assertThat(r.path()).isEqualTo("/hooks/rtk");
            assertThat(r.body()).isEqualTo("{\"event\":\"meeting.started\"}");
            assertThat(r.signature()).isEqualTo("c2ln");
            assertThat(r.eventId()).isEqualTo("e-1");
            assertThat(r.webhookId()).isEqualTo("w-1");
        }
    }

    @Test
    void httpsChecksTheCertificateAgainstTheUrlsHost() throws Exception {
        TlsMaterial cert = SelfSignedCertificates.generate("localhost", List.of("localhost"), Duration.ofHours(1));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(cert)));
        AtomicReference<String> host = new AtomicReference<>();
        server.createContext("/", exchange -> {
            host.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            SSLSocketFactory trusting = clientTrusting(cert);
            WebhookSender.Outcome ok = sender(trusting).post(URI.create("https://localhost:" + port + "/h"), LOOPBACK,
                    Map.of(), BODY);
            assertThat(ok.status()).as("%s", ok).isEqualTo(200);
            assertThat(host.get()).isEqualTo("localhost:" + port);
            WebhookSender.Outcome wrongName = sender(trusting).post(URI.create("https://127.0.0.1:" + port + "/h"),
                    LOOPBACK, Map.of(), BODY);
            assertThat(wrongName.status()).isZero();
            assertThat(wrongName.error()).contains("SSLHandshakeException");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noAnswerIsAnErrorNotAStatus() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, LOOPBACK); ServerSocket closing = new ServerSocket(0, 4, LOOPBACK)) {
            Thread closer = new Thread(() -> {
                try (Socket s = closing.accept()) {
                    // Reads the whole request, then closes without a word.
                    StringBuilder request = new StringBuilder();
                    byte[] buf = new byte[512];
                    for (int n; !request.toString().endsWith(new String(BODY, StandardCharsets.UTF_8))
                            && (n = s.getInputStream().read(buf)) > 0; ) {
                        request.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
            closer.start();
            WebhookSender.Outcome closed = sender(null).post(URI.create("http://127.0.0.1:" + closing.getLocalPort() + "/"),
                    LOOPBACK, Map.of(), BODY);
            assertThat(closed.status()).isZero();
            assertThat(closed.error()).contains("closed without an answer");
            closer.join(5000);

            WebhookSender.Outcome timeout = sender(null).post(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    LOOPBACK, Map.of(), BODY);
            assertThat(timeout.status()).isZero();
            assertThat(timeout.error()).contains("SocketTimeoutException");
        }
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            free = s.getLocalPort();
        }
        WebhookSender.Outcome refused = sender(null).post(URI.create("http://127.0.0.1:" + free + "/"), LOOPBACK, Map.of(), BODY);
        assertThat(refused.status()).isZero();
        assertThat(refused.error()).contains("ConnectException");
    }

    @Test
    void theBackoffDoublesFromOneSecondUpToItsCap() {
        assertThat(WebhookDispatcher.backoff(1)).isEqualTo(1);
        assertThat(WebhookDispatcher.backoff(2)).isEqualTo(2);
        assertThat(WebhookDispatcher.backoff(5)).isEqualTo(16);
        assertThat(WebhookDispatcher.backoff(12)).isEqualTo(WebhookDispatcher.MAX_BACKOFF.getSeconds());
        assertThat(WebhookDispatcher.backoff(60)).isEqualTo(WebhookDispatcher.MAX_BACKOFF.getSeconds());
    }

    private static SSLContext serverContext(TlsMaterial cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", cert.key(), new char[0], cert.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    private static SSLSocketFactory clientTrusting(TlsMaterial cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c.getSocketFactory();
    }
}
