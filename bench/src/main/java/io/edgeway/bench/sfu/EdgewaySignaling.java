package io.edgeway.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.bench.sfu.media.IceAgent;
import io.edgeway.bench.sfu.media.PeerLink;
import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Edgeway's {@code /ws} protocol (docs/SIGNALING.md) as the SDK speaks it: {@code join} with a token or
 * an open session's meeting and name; after {@code roomJoined} one offer (audio, then video; sending
 * what the participant publishes, receiving otherwise); the server's answer starts ICE (we are the
 * controlling agent: the SFU is ICE-lite) and DTLS (we are the client: it answers
 * {@code setup:passive}); every server offer is answered. Who sends each SSRC: on a server with slots
 * (stream ids {@code edgeway-audio-N} / {@code edgeway-video-N}, docs/SIGNALING.md "Slots") the latest
 * {@code slotsUpdate} names each slot's occupant by the slot's mid; otherwise the {@code a=msid} stream id
 * is the publisher's participant id.
 */
final class EdgewaySignaling implements Signaling {

    private final Participant p;
    private final HttpClient http;
    private final URI uri;
    private final String meeting;
    private final String token;
    private final PeerLink link;
    private final Map<String, Integer> indexById = new HashMap<>();
    /** Each slot's SSRCs (media and RTX) by the mid of its section, from the server's offers. */
    private final Map<String, List<Long>> slotSsrcs = new HashMap<>();
    private JsonSocket socket;
    private List<LocalSdp.OfferedSection> offered;
    private long sessionId;
    private volatile boolean left;

    /** @param token a participant token, or null to join the open session {@code meeting} by name */
    EdgewaySignaling(Participant p, HttpClient http, URI uri, String meeting, String token) {
        this.p = p;
        this.http = http;
        this.uri = uri;
        this.meeting = meeting;
        this.token = token;
        this.link = p.links.get(0);
        this.sessionId = p.random.nextLong() & Long.MAX_VALUE;
    }

    @Override
    public void join() {
        // Messages are handled on the WebSocket client's thread (one at a time per socket): SDP parsing and
        // writing stay off the event loop, which only takes the results (a full meeting's offer lists 200
        // sections, and every join sends one to everyone).
        JsonSocket.open(http, uri, null, this::onMessage, this::onClosed).whenComplete((s, e) -> {
                    if (e != null) {
                        p.fail("websocket: " + e.getMessage());
                        return;
                    }
                    socket = s;
                    ObjectNode join = JsonSocket.JSON.createObjectNode().put("type", "join");
                    if (token != null) {
                        join.put("token", token);
                    } else {
                        join.put("meeting", meeting).put("name", p.name);
                    }
                    p.joinSentAt = System.nanoTime();
                    socket.send(join);
                });
    }

    private void onMessage(JsonNode m) {
        switch (m.path("type").asText()) {
            case "roomJoined" -> {
                p.joinedAt = System.nanoTime();
                indexById.put(m.path("self").path("id").asText(), p.index);
                for (JsonNode other : m.path("participants")) {
                    indexById.put(other.path("id").asText(), Participant.indexOfName(other.path("name").asText()));
                }
                offered = p.offeredSections(link, false, true);
                send("offer", LocalSdp.offer(sessionId, link.transport(), offered));
            }
            case "participantJoined" -> indexById.put(m.path("participant").path("id").asText(),
                    Participant.indexOfName(m.path("participant").path("name").asText()));
            case "answer" -> {
                RemoteSdp answer = RemoteSdp.parse(m.path("sdp").asText());
                List<LocalSdp.OfferedSection> ours = offered;
                p.media.loop.execute(() -> {
                    link.remote(answer, IceAgent.Role.CONTROLLING, p.handshakes);
                    p.published(link, answer, ours);
                });
            }
            case "offer" -> {
                RemoteSdp offer = RemoteSdp.parse(m.path("sdp").asText());
                for (RemoteSdp.Section section : offer.sections()) {
                    String stream = section.msidStream();
                    if (stream != null && stream.startsWith("edgeway-") && !section.rejected()) {
                        slotSsrcs.put(section.mid(), section.ssrcs());
                    }
                }
                Map<Integer, Integer> owners = Participant.ownersOf(offer, section -> {
                    String stream = section.msidStream();
                    if (stream == null || stream.startsWith("edgeway-")) {
                        return null;   // a slot: its occupant comes with slotsUpdate
                    }
                    return indexById.getOrDefault(stream, Participant.NOT_SYNTHETIC);
                });
                send("answer", LocalSdp.answer(sessionId, link.transport(), offer, offered, "active"));
                p.media.loop.execute(() -> {
                    p.owners(owners);
                    link.remote(offer, IceAgent.Role.CONTROLLING, p.handshakes);
                });
            }
            case "slotsUpdate" -> {
                Map<Integer, Integer> owners = new HashMap<>();
                for (String kind : new String[] {"audio", "video"}) {
                    for (JsonNode slot : m.path(kind)) {
                        List<Long> ssrcs = slotSsrcs.get(slot.path("mid").asText(null));
                        if (ssrcs == null) {
                            continue;
                        }
                        JsonNode id = slot.path("participantId");
                        int owner = id.isTextual() ? indexById.getOrDefault(id.asText(), Participant.NOT_SYNTHETIC)
                                : Participant.UNKNOWN_OWNER;
                        for (long ssrc : ssrcs) {
                            owners.put((int) ssrc, owner);
                        }
                    }
                }
                p.media.loop.execute(() -> p.owners(owners));
            }
            case "error" -> p.errors.add(m.path("code").asText());
            case "kicked", "meetingEnded" -> p.fail(m.path("type").asText());
            default -> { }
        }
    }

    private void send(String type, String sdp) {
        socket.send(JsonSocket.JSON.createObjectNode().put("type", type).put("sdp", sdp));
    }

    private void onClosed(String why) {
        p.signallingClosed(why, left);
    }

    @Override
    public void leave() {
        left = true;
        if (socket != null) {
            socket.send(JsonSocket.JSON.createObjectNode().put("type", "leave"));
            socket.close();
        }
    }
}
