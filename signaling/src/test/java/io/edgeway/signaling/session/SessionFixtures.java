package io.edgeway.signaling.session;

import java.util.LinkedHashMap;

import io.edgeway.core.media.rtp.HeaderExtensionMap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.Setup;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import io.edgeway.core.media.sdp.TransportAttributes;
import io.edgeway.ice.IceCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The session layer's test doubles: a {@link MediaPlane} that records rooms and legs (whose events the
 * test fires), a {@link SignalingConnection} that records what it was sent, and browser-like offers and
 * answers derived from the real Chromium offer of relay-core's test-jar ({@code sdp/chromium-offer.sdp}:
 * sendrecv audio and video with SSRCs, then a recvonly audio and a recvonly video transceiver).
 */
final class SessionFixtures {

    static final String CHROMIUM_OFFER = resource("/sdp/chromium-offer.sdp");
    /** The fixture's SSRCs: audio, video, video RTX. */
    static final long[] FIXTURE_SSRCS = {520711418L, 1403905763L, 2032679676L};
    static final Fingerprint SFU_FINGERPRINT = Fingerprint.sha256(
            "3C:4A:A2:E1:96:6F:C0:5B:1B:0E:31:7F:92:0D:AA:45:18:E4:77:0C:61:9B:D2:08:F3:5E:6A:C1:24:B7:90:DD");

    private SessionFixtures() {
    }

    /**
     * A Chromium offer as participant number {@code n} would make it: its own SSRCs
     * ({@code n * 1000 + 1..3}) and ICE ufrag, everything else as captured.
     */
    static SessionDescription offerOf(int n) {
        String sdp = CHROMIUM_OFFER
                .replace(Long.toString(FIXTURE_SSRCS[0]), Long.toString(n * 1000L + 1))
                .replace(Long.toString(FIXTURE_SSRCS[1]), Long.toString(n * 1000L + 2))
                .replace(Long.toString(FIXTURE_SSRCS[2]), Long.toString(n * 1000L + 3))
                .replace("a=ice-ufrag:/5AP", "a=ice-ufrag:usr" + n);
        return SdpParser.parse(sdp);
    }

    /** {@code offer} with the ICE credentials of another session (an ICE restart). */
    static SessionDescription withOtherIceCredentials(SessionDescription offer) {
        return SdpParser.parse(io.edgeway.core.media.sdp.SdpWriter.write(offer)
                .replaceAll("a=ice-ufrag:[^\r\n]+", "a=ice-ufrag:rst1"));
    }

    /**
     * What a browser answers to one of the server's offers: every section mirrored (the direction
     * reversed, RFC 3264 §6.1), {@code a=setup:active}, the browser's own ICE credentials.
     */
    static SessionDescription answerTo(SessionDescription offer) {
        List<MediaDescription> sections = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (m.isRejected()) {
                sections.add(m);
                continue;
            }
            sections.add(m.toBuilder()
                    .direction(m.direction().reversed())
                    .msids(List.of()).ssrcGroups(List.of()).ssrcAttributes(List.of())
                    .transport(TransportAttributes.of("brws", "browserPasswordBrowserPwd",
                            Fingerprint.sha256("F7:07:34:28:A1:A3:EE:EA:40:DA:88:02:3A:F0:CE:B1:87:4C:7C:65:31:3B:A8:D9:F7:05:06:8D:47:91:13:C1"),
                            Setup.ACTIVE))
                    .candidates(List.of())
                    .endOfCandidates(false)
                    .build());
        }
        return offer.toBuilder().iceLite(false).media(sections).build();
    }

    static ObjectNode join(String meeting, String name) {
        return JsonNodeFactory.instance.objectNode().put("type", "join").put("meeting", meeting).put("name", name);
    }

    /**
     * Connects a participant called {@code name} through {@code service}, with the join fields the tests'
     * authenticators read ({@code name}, {@code preset}); it may be in the meeting or its waiting room after.
     */
    static RecordingConnection connectWithPreset(SignalingService service, String name, String preset) {
        RecordingConnection c = new RecordingConnection(name);
        service.received(c, new ClientMessage.Join(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("type", "join").put("name", name).put("preset", preset)));
        return c;
    }

    /** {@link #connectWithPreset}, failing unless the participant got {@code roomJoined}. */
    static RecordingConnection joinWithPreset(SignalingService service, String name, String preset) {
        RecordingConnection c = connectWithPreset(service, name, preset);
        c.last("roomJoined");
        return c;
    }

    static String resource(String path) {
        try (InputStream in = SessionFixtures.class.getResourceAsStream(path)) {
            assertThat(in).as("%s from relay-core's test-jar", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection that keeps everything it was sent. */
    static final class RecordingConnection implements SignalingConnection {
        final String label;
        final List<ObjectNode> sent = new ArrayList<>();
        /** How many of the offers in {@link #sent} the test has answered. */
        int answeredOffers;
        boolean closed;

        RecordingConnection(String label) {
            this.label = label;
        }

        @Override
        public void send(ObjectNode message) {
            sent.add(message);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<String> types() {
            List<String> types = new ArrayList<>();
            for (ObjectNode m : sent) {
                types.add(m.get("type").asText());
            }
            return types;
        }

        /** The last message of {@code type}, failing if there is none. */
        JsonNode last(String type) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).get("type").asText().equals(type)) {
                    return sent.get(i);
                }
            }
            throw new AssertionError(label + " got no " + type + "; got " + types());
        }

        /** Messages of {@code type}, in order. */
        List<JsonNode> all(String type) {
            List<JsonNode> list = new ArrayList<>();
            for (ObjectNode m : sent) {
                if (m.get("type").asText().equals(type)) {
                    list.add(m);
                }
            }
            return list;
        }

        SessionDescription lastSdp(String type) {
            return SdpParser.parse(last(type).get("sdp").asText());
        }

        void clear() {
            sent.clear();
            answeredOffers = 0;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A seat that counts its releases, keeps its chat in memory (stored and delivered as sent, unless the
     * test made it refuse) and lets the test remove its participant as the control plane would.
     */
    static final class CountingSeat implements Seat {
        final String realm;
        final String sessionId;
        final List<io.edgeway.signaling.model.ChatMessage> history = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        final List<String> privateSent = new ArrayList<>();
        /** When set, the next sendChat fails with it. */
        SignalingException refuseNextChat;
        /** When set, sendChat returns it (the test completes it later). */
        java.util.concurrent.CompletableFuture<io.edgeway.signaling.model.ChatMessage> pendingChat;
        Removal removals;
        int releases;
        private int nextChatId;

        CountingSeat() {
            this("test", null);
        }

        CountingSeat(String realm, String sessionId) {
            this.realm = realm;
            this.sessionId = sessionId;
        }

        @Override
        public String realm() {
            return realm;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public List<io.edgeway.signaling.model.ChatMessage> chatHistory() {
            return history;
        }

        @Override
        public java.util.concurrent.CompletionStage<io.edgeway.signaling.model.ChatMessage> sendChat(String text) {
            sent.add(text);
            if (refuseNextChat != null) {
                SignalingException e = refuseNextChat;
                refuseNextChat = null;
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            if (pendingChat != null) {
                return pendingChat;
            }
            return java.util.concurrent.CompletableFuture.completedFuture(new io.edgeway.signaling.model.ChatMessage(
                    "m" + nextChatId++ + "-" + text.hashCode(), "m", sessionId, "sender", "Sender", text, 1_700_000_000L));
        }

        /** Private messages are checked like public ones here, and recorded apart. */
        @Override
        public java.util.concurrent.CompletionStage<io.edgeway.signaling.model.ChatMessage> sendPrivateChat(String text) {
            privateSent.add(text);
            return java.util.concurrent.CompletableFuture.completedFuture(new io.edgeway.signaling.model.ChatMessage(
                    "p" + nextChatId++, "m", sessionId, "sender", "Sender", text, 1_700_000_000L));
        }

        @Override
        public void attach(Removal listener) {
            removals = listener;
        }

        @Override
        public void release() {
            releases++;
        }
    }

    /** A media plane without sockets: rooms and legs are records the test inspects and drives. */
    static final class RecordingMediaPlane implements MediaPlane {
        final List<RecordingRoom> rooms = new ArrayList<>();
        final List<RecordingLeg> legs = new ArrayList<>();
        private int nextUfrag;

        @Override
        public Room openRoom(String meetingId) {
            RecordingRoom room = new RecordingRoom(meetingId);
            rooms.add(room);
            return room;
        }

        @Override
        public MediaLeg openLeg(Room room, String participantId, IceCredentials remote,
                CertificateFingerprint remoteFingerprint, MediaLeg.Listener listener) {
            String ufrag = "sfu" + nextUfrag++;
            SfuTransportParameters transport = new SfuTransportParameters(ufrag, "sfuPassword0123456789abcdef",
                    SFU_FINGERPRINT, List.of(Candidate.udpHost("u0", Candidate.priority(126, 65535, 1), "127.0.0.1",
                            10000), Candidate.tcpPassiveHost("t0", Candidate.priority(90, 65535, 1), "127.0.0.1", 10000)));
            RecordingLeg leg = new RecordingLeg((RecordingRoom) room, participantId, remote, remoteFingerprint,
                    transport, listener);
            legs.add(leg);
            return leg;
        }

        RecordingLeg legOf(String participantId) {
            for (int i = legs.size() - 1; i >= 0; i--) {
                if (legs.get(i).participantId.equals(participantId)) {
                    return legs.get(i);
                }
            }
            throw new AssertionError("no leg for " + participantId);
        }
    }

    static final class RecordingRoom implements MediaPlane.Room {
        final String meetingId;
        boolean closed;

        RecordingRoom(String meetingId) {
            this.meetingId = meetingId;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class RecordingLeg implements MediaLeg {
        final RecordingRoom room;
        final String participantId;
        final IceCredentials remote;
        final CertificateFingerprint remoteFingerprint;
        final SfuTransportParameters transport;
        final MediaLeg.Listener listener;
        final List<Long> published = new ArrayList<>();
        /** The header extensions of every completed negotiation, in order. */
        final List<Map<String, Integer>> negotiations = new ArrayList<>();
        /** What {@link #loudness} reports; the test sets it. */
        int loudness;
        boolean closed;

        RecordingLeg(RecordingRoom room, String participantId, IceCredentials remote,
                CertificateFingerprint remoteFingerprint, SfuTransportParameters transport, MediaLeg.Listener listener) {
            this.room = room;
            this.participantId = participantId;
            this.remote = remote;
            this.remoteFingerprint = remoteFingerprint;
            this.transport = transport;
            this.listener = listener;
        }

        @Override
        public SfuTransportParameters transport() {
            return transport;
        }

        @Override
        public void publishes(Collection<Long> ssrcs) {
            for (long s : ssrcs) {
                if (!published.contains(s)) {
                    published.add(s);
                }
            }
        }

        @Override
        public void negotiated(SessionDescription local, SessionDescription remote) {
            HeaderExtensionMap map = HeaderExtensionMap.fromSession(local);
            Map<String, Integer> byUri = new LinkedHashMap<>();
            for (String uri : map.uris()) {
                byUri.put(uri, map.id(uri));
            }
            negotiations.add(byUri);
        }

        @Override
        public int loudness(long nowNanos) {
            return loudness;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
