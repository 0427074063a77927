package io.edgeway.bench.sfu.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A JSON-over-WebSocket connection (the JDK's client): one JSON object per text message each way.
 * Sends are chained, as the JDK's WebSocket allows one outstanding send at a time; received messages
 * (reassembled from fragments) go to {@code onMessage} on the client's thread, closes and errors to
 * {@code onClosed}. Thread-safe for sending.
 */
public final class JsonSocket implements WebSocket.Listener {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<JsonNode> onMessage;
    private final Consumer<String> onClosed;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private JsonSocket(Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
        this.onMessage = onMessage;
        this.onClosed = onClosed;
    }

    /** Opens {@code uri} (with {@code subprotocol} when not null); completes when the handshake did. */
    public static CompletableFuture<JsonSocket> open(HttpClient client, URI uri, String subprotocol,
            Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
        JsonSocket s = new JsonSocket(onMessage, onClosed);
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, s).thenApply(ws -> {
            s.socket = ws;
            return s;
        });
    }

    public synchronized void send(JsonNode message) {
        String text = message.toString();
        WebSocket ws = socket;
        sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true));
    }

    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                onMessage.accept(JSON.readTree(text));
            } catch (Exception e) {
                onClosed.accept("bad message: " + e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        onClosed.accept("closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        onClosed.accept("error " + error);
    }
}
