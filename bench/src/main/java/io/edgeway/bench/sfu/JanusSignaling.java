package io.edgeway.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.bench.sfu.media.IceAgent;
import io.edgeway.bench.sfu.media.PeerLink;
import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Janus's API (JSON over WebSocket, subprotocol {@code janus-protocol}) with the VideoRoom plugin, as
 * janus.js drives it for a multistream client: one session, a publisher handle and a subscriber handle.
 * The publisher joins the room as a publisher ({@code joinandconfigure} with our offer when we publish;
 * Janus answers, as a full ICE agent in the controlled role, often with {@code setup:active}, which makes
 * us the DTLS server); every feed announced (in {@code joined} or a later {@code publishers} event) is
 * subscribed to on the one subscriber handle ({@code join} as subscriber first, {@code subscribe} later;
 * at most one renegotiation in flight, the rest batched). Janus offers each subscription (controlling,
 * {@code actpass}): we answer with {@code start}; its stream list says which feed (display name) each
 * mid carries, and the offer's {@code a=ssrc} lines which SSRC each mid uses: that is who sent what.
 */
final class JanusSignaling implements Signaling {

    private static final long KEEPALIVE_SECONDS = 20;

    private final Participant p;
    private final HttpClient http;
    private final URI uri;
    private final long room;
    private final PeerLink pub;
    private final PeerLink sub;
    private final long sessionId;
    private final Map<String, java.util.function.Consumer<JsonNode>> onData = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<Long> knownFeeds = new LinkedHashSet<>();
    private final List<Long> waitingFeeds = new ArrayList<>();
    private final Map<String, Integer> ownerByMid = new HashMap<>();
    private JsonSocket socket;
    private long session;
    private long pubHandle;
    private long subHandle;
    private long ownFeed = -1;
    private boolean subscribed;
    private boolean negotiating;
    private List<LocalSdp.OfferedSection> offered = List.of();
    private final java.util.concurrent.atomic.AtomicInteger tx = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean left;
    private io.netty.util.concurrent.ScheduledFuture<?> keepalive;

    JanusSignaling(Participant p, HttpClient http, URI uri, long room) {
        this.p = p;
        this.http = http;
        this.uri = uri;
        this.room = room;
        this.pub = p.links.get(0);
        this.sub = p.links.get(1);
        this.sessionId = p.random.nextLong() & Long.MAX_VALUE;
    }

    @Override
    public void join() {
        // Handled on the WebSocket client's thread (one message at a time per socket); only link and
        // participant updates go to the event loop.
        JsonSocket.open(http, uri, "janus-protocol", this::onMessage, this::onClosed).whenComplete((s, e) -> {
                    if (e != null) {
                        p.fail("websocket: " + e.getMessage());
                        return;
                    }
                    socket = s;
                    p.joinSentAt = System.nanoTime();
                    call(janus("create"), data -> {
                        session = data.path("id").asLong();
                        keepalive = p.media.loop.scheduleAtFixedRate(
                                () -> socket.send(janus("keepalive").put("session_id", session)
                                        .put("transaction", "k" + tx.getAndIncrement())),
                                KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                        attach(handle -> {
                            pubHandle = handle;
                            attach(subId -> {
                                subHandle = subId;
                                joinAsPublisher();
                            });
                        });
                    });
                });
    }

    private void attach(java.util.function.LongConsumer then) {
        call(janus("attach").put("session_id", session).put("plugin", "janus.plugin.videoroom"),
                data -> then.accept(data.path("id").asLong()));
    }

    private void joinAsPublisher() {
        ObjectNode body = JsonSocket.JSON.createObjectNode().put("ptype", "publisher").put("room", room)
                .put("display", p.name);
        if (p.publishesAudio || p.publishesVideo) {
            body.put("request", "joinandconfigure");
            offered = p.offeredSections(pub, true, false);
            message(pubHandle, body, jsep("offer", LocalSdp.offer(sessionId, pub.transport(), offered)));
        } else {
            body.put("request", "join");
            message(pubHandle, body, null);
        }
    }

    // ------------------------------------------------------------------------------- messages

    private void onMessage(JsonNode m) {
        String type = m.path("janus").asText();
        String transaction = m.path("transaction").asText(null);
        switch (type) {
            case "success" -> {
                java.util.function.Consumer<JsonNode> then = onData.remove(transaction);
                if (then != null) {
                    then.accept(m.path("data"));
                }
            }
            case "error" -> p.fail("janus error " + m.path("error").path("code").asText() + ": "
                    + m.path("error").path("reason").asText());
            case "event" -> onEvent(m.path("sender").asLong(), m.path("plugindata").path("data"), m.path("jsep"));
            case "hangup" -> p.fail("janus hangup: " + m.path("reason").asText());
            default -> { }
        }
    }

    private void onEvent(long sender, JsonNode data, JsonNode jsep) {
        String event = data.path("videoroom").asText();
        if (data.has("error")) {
            p.errors.add("janus " + data.path("error_code").asText());
            if (sender == subHandle) {
                negotiating = false;
            }
            return;
        }
        if (sender == pubHandle) {
            if (event.equals("joined")) {
                p.joinedAt = System.nanoTime();
                ownFeed = data.path("id").asLong();
                feeds(data.path("publishers"));
            } else if (event.equals("event")) {
                feeds(data.path("publishers"));
            }
            if (jsep.path("type").asText().equals("answer")) {
                RemoteSdp answer = RemoteSdp.parse(jsep.path("sdp").asText());
                List<LocalSdp.OfferedSection> ours = offered;
                p.media.loop.execute(() -> {
                    pub.remote(answer, IceAgent.Role.CONTROLLING, p.handshakes);
                    p.published(pub, answer, ours);
                });
            }
        } else if (sender == subHandle) {
            if (event.equals("attached") || event.equals("updated")) {
                for (JsonNode stream : data.path("streams")) {
                    ownerByMid.put(stream.path("mid").asText(),
                            Participant.indexOfName(stream.path("feed_display").asText()));
                }
            }
            if (jsep.path("type").asText().equals("offer")) {
                answerSubscription(RemoteSdp.parse(jsep.path("sdp").asText()));
            }
        }
    }

    /** Subscribes to every feed not seen yet (not our own). */
    private void feeds(JsonNode publishers) {
        for (JsonNode feed : publishers) {
            long id = feed.path("id").asLong();
            if (id != ownFeed && knownFeeds.add(id)) {
                waitingFeeds.add(id);
            }
        }
        subscribeWaiting();
    }

    private void subscribeWaiting() {
        if (waitingFeeds.isEmpty() || negotiating) {
            return;
        }
        ObjectNode body = JsonSocket.JSON.createObjectNode().put("room", room);
        ArrayNode streams = body.putArray("streams");
        for (long feed : waitingFeeds) {
            streams.addObject().put("feed", feed);
        }
        waitingFeeds.clear();
        if (!subscribed) {
            subscribed = true;
            body.put("request", "join").put("ptype", "subscriber");
        } else {
            body.put("request", "subscribe");
        }
        negotiating = true;
        message(subHandle, body, null);
    }

    private void answerSubscription(RemoteSdp offer) {
        Map<Integer, Integer> owners = Participant.ownersOf(offer, section -> ownerByMid.get(section.mid()));
        p.media.loop.execute(() -> {
            p.owners(owners);
            sub.remote(offer, IceAgent.Role.CONTROLLED, p.handshakes);
        });
        String answer = LocalSdp.answer(sessionId, sub.transport(), offer, List.of(), "active");
        message(subHandle, JsonSocket.JSON.createObjectNode().put("request", "start"), jsep("answer", answer));
        negotiating = false;
        subscribeWaiting();
    }

    // ------------------------------------------------------------------------------- plumbing

    private ObjectNode janus(String type) {
        return JsonSocket.JSON.createObjectNode().put("janus", type);
    }

    private static ObjectNode jsep(String type, String sdp) {
        return JsonSocket.JSON.createObjectNode().put("type", type).put("sdp", sdp);
    }

    private void call(ObjectNode request, java.util.function.Consumer<JsonNode> then) {
        String id = "t" + tx.getAndIncrement();
        onData.put(id, then);
        socket.send(request.put("transaction", id));
    }

    private void message(long handle, ObjectNode body, ObjectNode jsep) {
        ObjectNode m = janus("message").put("session_id", session).put("handle_id", handle)
                .put("transaction", "m" + tx.getAndIncrement());
        m.set("body", body);
        if (jsep != null) {
            m.set("jsep", jsep);
        }
        socket.send(m);
    }

    private void onClosed(String why) {
        p.signallingClosed(why, left);
    }

    @Override
    public void leave() {
        left = true;
        if (socket != null) {
            if (keepalive != null) {
                keepalive.cancel(false);
            }
            socket.send(janus("destroy").put("session_id", session).put("transaction", "bye"));
            socket.close();
        }
    }
}
