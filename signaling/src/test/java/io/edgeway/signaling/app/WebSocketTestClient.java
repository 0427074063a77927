package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser-to-be on the signaling WebSocket ({@code /ws}), with the JDK's WebSocket client: its text
 * messages, parsed, in the order they arrived, and how the server closed it. Every wait is bounded by the
 * {@code wait} it was made with. The JDK calls the listener methods on its own thread, one at a time;
 * the test thread reads {@link #messages} and {@link #closed}, which are safe across threads.
 */
final class WebSocketTestClient implements WebSocket.Listener {

    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** The status code of the server's close frame. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();
    private final Duration wait;

    /** Connects to {@code <httpBase>/ws} ({@code http:} becoming {@code ws:}, {@code https:} {@code wss:}). */
    WebSocketTestClient(HttpClient http, String httpBase, Duration wait) throws Exception {
        this.wait = wait;
        ws = http.newWebSocketBuilder().buildAsync(URI.create(httpBase.replaceFirst("^http", "ws") + "/ws"), this)
                .get(wait.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JsonEnvelope.JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(wait.toSeconds(), TimeUnit.SECONDS);
    }

    void send(JsonNode message) throws Exception {
        send(message.toString());
    }

    /** Joins with a participant token: {@code {"type":"join","token":...}}. */
    void join(String token) throws Exception {
        send(JsonEnvelope.JSON.createObjectNode().put("type", "join").put("token", token));
    }

    /** The next message, of any type. */
    JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message within %s", wait).isNotNull();
        return m;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode next(String type) throws InterruptedException {
        JsonNode m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a %s within %s", type, wait).isNotNull();
        assertThat(m.get("type").asText()).as(m.toString()).isEqualTo(type);
        return m;
    }

    /** The next message, which must be an error with a message; its code. */
    String nextError() throws InterruptedException {
        JsonNode m = next("error");
        assertThat(m.get("message").asText()).isNotBlank();
        return m.get("code").asText();
    }

    void abort() {
        ws.abort();
    }
}
