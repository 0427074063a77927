package io.edgeway.signaling.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook receiver as an app's server runs one: a real HTTP server on loopback (the JDK's), recording every
 * POST in arrival order with its body and headers, answering each with the status a test-chosen function
 * gives ({@link #HOLD}: no answer until {@link #releaseHeld()}, as a receiver stuck mid-request). It checks
 * signatures the way RealtimeKit's documentation tells receivers to: RSA-SHA256 over the raw body bytes with the
 * PEM key from {@code /.well-known/webhooks.json}. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** Answer nothing until released. */
    public static final int HOLD = -1;

    /** One POST as it arrived. */
    public record Received(String path, String body, String signature, String eventId, String webhookId) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        public String event() {
            return json().path("event").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile Function<Received, Integer> answer = r -> 200;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** From now on each POST is answered with {@code answer}'s status ({@link #HOLD} to hold it). */
    public void answer(Function<Received, Integer> answer) {
        this.answer = answer;
    }

    /** Every POST so far, in arrival order (repeats included). */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The first arrival of each event id, in arrival order: what a receiver that drops repeats processes. */
    public List<Received> distinct() {
        Map<String, Received> first = new LinkedHashMap<>();
        for (Received r : received) {
            first.putIfAbsent(r.eventId(), r);
        }
        return new ArrayList<>(first.values());
    }

    /** Lets held requests go (they are then answered 200, if their connection is still there). */
    public void releaseHeld() {
        held.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Received r = new Received(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("rtk-signature"), exchange.getRequestHeaders().getFirst("rtk-event-id"),
                    exchange.getRequestHeaders().getFirst("rtk-webhook-id"));
            received.add(r);
            int status = answer.apply(r);
            if (status == HOLD) {
                try {
                    held.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // The sender went away (killed while we held its request): nothing to answer.
        }
    }

    /** The public key published at {@code <base>/.well-known/webhooks.json}. */
    public static PublicKey publishedKey(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/.well-known/webhooks.json")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /.well-known/webhooks.json: " + r.statusCode() + " " + r.body());
        }
        String pem = JSON.readTree(r.body()).path("publicKey").asText();
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    /** Whether {@code r}'s rtk-signature is {@code key}'s RSA-SHA256 signature of its raw body. */
    public static boolean verifies(Received r, PublicKey key) throws Exception {
        if (r.signature() == null) {
            return false;
        }
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(r.body().getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(r.signature()));
    }

    @Override
    public void close() {
        releaseHeld();
        server.stop(0);
        threads.shutdownNow();
    }
}
