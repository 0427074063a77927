package io.edgeway.signaling.session;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.signaling.http.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message a client sends, decoded and checked: {@code join}, {@code offer}, {@code answer},
 * {@code candidate}, {@code leave}, {@code mediaState}, {@code chat}, {@code kick}, {@code recording},
 * {@code acceptWaitingRoomRequest}, {@code rejectWaitingRoomRequest}, {@code pin}, {@code unpin},
 * {@code disableAudio}, {@code disableVideo}, {@code disableAllAudio}, {@code disableAllVideo}, {@code createPoll},
 * {@code votePoll} or {@code view}
 * (docs/SIGNALING.md). {@link #parse} turns a text frame into one, or
 * throws a {@link SignalingException} with the code to answer. Decoding (JSON and SDP) is stateless and
 * runs on the WebSocket's thread, keeping that work off the media port's loop. Immutable.
 */
public sealed interface ClientMessage {

    /** The most participant ids one message may name (a meeting has at most 100 participants). */
    int MAX_IDS = 100;

    /** {@code {"type":"join", ...}}: the fields are the {@link JoinAuthenticator}'s to read. */
    record Join(JsonNode fields) implements ClientMessage {
        public Join {
            Objects.requireNonNull(fields, "fields");
        }
    }

    /** {@code {"type":"offer","sdp":...}}: the client's offer (its first, or a re-offer). */
    record Offer(SessionDescription sdp) implements ClientMessage {
        public Offer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** {@code {"type":"answer","sdp":...}}: the client's answer to the server's outstanding offer. */
    record Answer(SessionDescription sdp) implements ClientMessage {
        public Answer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /**
     * {@code {"type":"candidate","candidate":...,"sdpMid":...,"sdpMLineIndex":...}}: a trickled ICE
     * candidate of the client. Accepted and ignored: the SFU is ICE-lite (RFC 8445 §2.5), it never
     * sends checks, so it has no use for the client's candidates; it learns the client's address from
     * the checks the client sends it (as a peer-reflexive candidate, RFC 8445 §7.3.1.3).
     */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements ClientMessage {
    }

    /** {@code {"type":"leave"}}: leave the meeting; the connection stays open for another join. */
    record Leave() implements ClientMessage {
    }

    /**
     * {@code {"type":"mediaState","audio":true,"video":false,"screenShare":false}}: what the client turned
     * on or off; each field is optional (null when absent), at least one is given.
     */
    record MediaState(Boolean audio, Boolean video, Boolean screenShare) implements ClientMessage {
    }

    /**
     * {@code {"type":"chat","text":...}}: a chat message to everyone in the meeting; with
     * {@code "peerIds":[...]} a private message to those participants only (empty list: to everyone).
     */
    record Chat(String text, List<String> peerIds) implements ClientMessage {
        public Chat {
            Objects.requireNonNull(text, "text");
            peerIds = List.copyOf(peerIds);
        }

        /** A message to everyone. */
        public Chat(String text) {
            this(text, List.of());
        }

        public boolean isPrivate() {
            return !peerIds.isEmpty();
        }
    }

    /** {@code {"type":"acceptWaitingRoomRequest"|"rejectWaitingRoomRequest","participantIds":[...]}}. */
    record WaitingRoomDecision(boolean accept, List<String> participantIds) implements ClientMessage {
        public WaitingRoomDecision {
            participantIds = List.copyOf(participantIds);
        }
    }

    /** {@code {"type":"createPoll","question":...,"options":[...],"anonymous":false,"hideVotes":false}}. */
    record CreatePoll(String question, List<String> options, boolean anonymous, boolean hideVotes)
            implements ClientMessage {
        public CreatePoll {
            Objects.requireNonNull(question, "question");
            options = List.copyOf(options);
        }
    }

    /** {@code {"type":"votePoll","pollId":...,"index":n}}: the option chosen, from 0. */
    record VotePoll(String pollId, int index) implements ClientMessage {
        public VotePoll {
            Objects.requireNonNull(pollId, "pollId");
        }
    }

    /** {@code {"type":"pin"|"unpin","participantId":...}} (needs pin_participant). */
    record Pin(boolean pin, String participantId) implements ClientMessage {
        public Pin {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    /**
     * {@code {"type":"disableAudio"|"disableVideo","participantId":...}} or {@code disableAllAudio} /
     * {@code disableAllVideo} (participantId null): a host turns others' media off (needs
     * disable_participant_audio / _video).
     */
    record DisableMedia(boolean audio, String participantId) implements ClientMessage {
    }

    /** {@code {"type":"kick","participantId":...}}: remove another participant (needs kick_participant). */
    record Kick(String participantId) implements ClientMessage {
        public Kick {
            Objects.requireNonNull(participantId, "participantId");
        }
    }

    /** {@code {"type":"recording","action":"start"|"stop"}}. */
    record Recording(boolean start) implements ClientMessage {
    }

    /**
     * {@code {"type":"view","pinned":[ids],"tiles":{id:height},"lastN":n}}: what the page shows, each field
     * optional (RealtimeKit's pinned participants, active participants and page, reduced to tile heights).
     */
    record View(SubscriberSlots.View view) implements ClientMessage {
        public View {
            Objects.requireNonNull(view, "view");
        }
    }

    /** Decodes one text frame. */
    static ClientMessage parse(String text) {
        JsonNode node = object(text);
        return decode(node, type(node));
    }

    /**
     * Decodes one text frame of a connection that has not joined: a {@code join}, or a refusal with
     * {@code not_joined} for any other known type, whose fields (an offer's SDP) are never parsed.
     */
    public static ClientMessage parseBeforeJoin(String text) {
        JsonNode node = object(text);
        String type = type(node);
        if (!type.equals("join") && TYPES.contains(type)) {
            throw new SignalingException(ErrorCode.NOT_JOINED, type + " before join: send {\"type\":\"join\", ...} first");
        }
        return decode(node, type);
    }

    /** Every type a client may send. */
    java.util.Set<String> TYPES = java.util.Set.of("join", "offer", "answer", "candidate", "leave", "mediaState", "chat",
            "kick", "recording", "acceptWaitingRoomRequest", "rejectWaitingRoomRequest", "pin", "unpin", "disableAudio",
            "disableVideo", "disableAllAudio", "disableAllVideo", "createPoll", "votePoll", "view");

    private static JsonNode object(String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new SignalingException(ErrorCode.INVALID_JSON, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new SignalingException(ErrorCode.INVALID_JSON, "a message is a JSON object with a \"type\"");
        }
        return node;
    }

    private static String type(JsonNode node) {
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new SignalingException(ErrorCode.UNKNOWN_TYPE, "a message needs a string \"type\"");
        }
        return type.asText();
    }

    private static ClientMessage decode(JsonNode node, String type) {
        switch (type) {
            case "join":
                return new Join(node);
            case "offer":
                return new Offer(sdp(node, "offer"));
            case "answer":
                return new Answer(sdp(node, "answer"));
            case "candidate":
                return candidate(node);
            case "leave":
                return new Leave();
            case "mediaState":
                return mediaState(node);
            case "chat":
                return new Chat(text(node, "chat", "text", "the message"), ids(node, "chat", "peerIds", false));
            case "acceptWaitingRoomRequest":
            case "rejectWaitingRoomRequest":
                return new WaitingRoomDecision(type.startsWith("accept"), ids(node, type,
                        "participantIds", true));
            case "pin":
            case "unpin":
                return new Pin(type.equals("pin"), text(node, type, "participantId",
                        "the id of the participant to " + type));
            case "disableAudio":
            case "disableVideo":
                return new DisableMedia(type.equals("disableAudio"), text(node, type, "participantId",
                        "the id of the participant whose media to turn off"));
            case "disableAllAudio":
            case "disableAllVideo":
                return new DisableMedia(type.equals("disableAllAudio"), null);
            case "createPoll":
                return new CreatePoll(text(node, "createPoll", "question", "the question"),
                        strings(node, "createPoll", "options"), bool(node, "createPoll", "anonymous"),
                        bool(node, "createPoll", "hideVotes"));
            case "votePoll": {
                JsonNode index = node.get("index");
                if (index == null || !index.isInt()) {
                    throw new SignalingException(ErrorCode.INVALID_REQUEST, "votePoll needs \"index\": the option's"
                            + " position, from 0");
                }
                return new VotePoll(text(node, "votePoll", "pollId", "the poll's id"), index.asInt());
            }
            case "kick":
                return new Kick(text(node, "kick", "participantId", "the id of the participant to remove"));
            case "recording":
                return recording(node);
            case "view":
                return view(node);
            default:
                throw new SignalingException(ErrorCode.UNKNOWN_TYPE, "unknown message type \"" + abbreviate(type)
                        + "\"; expected join, offer, answer, candidate, leave, mediaState, chat, kick, recording,"
                        + " acceptWaitingRoomRequest, rejectWaitingRoomRequest, pin, unpin, disableAudio, disableVideo,"
                        + " disableAllAudio, disableAllVideo, createPoll, votePoll or view");
        }
    }

    private static SessionDescription sdp(JsonNode node, String type) {
        JsonNode sdp = node.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.asText().isEmpty()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + " needs \"sdp\": the session description text");
        }
        try {
            return SdpParser.parse(sdp.asText());
        } catch (IllegalArgumentException e) {
            // SdpParseException (line number and reason) or a value a record refused
            throw new SignalingException(ErrorCode.INVALID_SDP, type + " sdp: " + e.getMessage());
        }
    }

    private static Candidate candidate(JsonNode node) {
        JsonNode candidate = node.get("candidate");
        JsonNode mid = node.get("sdpMid");
        JsonNode index = node.get("sdpMLineIndex");
        if (candidate == null || !candidate.isTextual()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "candidate needs \"candidate\": a string"
                    + " (empty for end-of-candidates)");
        }
        if (mid != null && !mid.isNull() && !mid.isTextual() || index != null && !index.isNull() && !index.isInt()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "candidate: \"sdpMid\" is a string and"
                    + " \"sdpMLineIndex\" an integer when present");
        }
        return new Candidate(candidate.asText(), mid == null || mid.isNull() ? null : mid.asText(),
                index == null || index.isNull() ? null : index.asInt());
    }

    private static MediaState mediaState(JsonNode node) {
        Boolean audio = flag(node, "audio");
        Boolean video = flag(node, "video");
        Boolean screenShare = flag(node, "screenShare");
        if (audio == null && video == null && screenShare == null) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "mediaState needs at least one of \"audio\","
                    + " \"video\", \"screenShare\" (true or false)");
        }
        return new MediaState(audio, video, screenShare);
    }

    private static Boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "mediaState: \"" + field + "\" is true or false");
        }
        return value.booleanValue();
    }

    private static String text(JsonNode node, String type, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + " needs \"" + field + "\": " + what);
        }
        return value.asText();
    }

    /** An array of strings (a poll's options), at most {@link Polls#MAX_OPTIONS}. */
    private static List<String> strings(JsonNode node, String type, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.size() > Polls.MAX_OPTIONS) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + " needs \"" + field
                    + "\": an array of at most " + Polls.MAX_OPTIONS + " strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode v : value) {
            if (!v.isTextual()) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, type + ": \"" + field + "\" holds strings");
            }
            out.add(v.asText());
        }
        return out;
    }

    /** An optional boolean, false when absent. */
    private static boolean bool(JsonNode node, String type, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + ": \"" + field + "\" is true or false");
        }
        return value.booleanValue();
    }

    /** A list of participant ids; absent is empty unless {@code required}. */
    private static List<String> ids(JsonNode node, String type, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, type + " needs \"" + field
                        + "\": an array of participant ids");
            }
            return List.of();
        }
        if (!value.isArray() || value.size() > MAX_IDS) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + ": \"" + field + "\" is an array of at most "
                    + MAX_IDS + " participant ids");
        }
        List<String> ids = new ArrayList<>(value.size());
        for (JsonNode id : value) {
            if (!id.isTextual()) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, type + ": \"" + field + "\" holds strings");
            }
            ids.add(id.asText());
        }
        if (required && ids.isEmpty()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, type + ": \"" + field + "\" names no participant");
        }
        return ids;
    }

    private static Recording recording(JsonNode node) {
        JsonNode action = node.get("action");
        String value = action == null || !action.isTextual() ? null : action.asText();
        if (!"start".equals(value) && !"stop".equals(value)) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "recording needs \"action\": \"start\" or \"stop\"");
        }
        return new Recording("start".equals(value));
    }

    /** Most participants a view names (a meeting's size). */
    int MAX_VIEW_PARTICIPANTS = 100;
    /** The tallest tile: 8K. */
    int MAX_TILE_HEIGHT = 4320;

    private static View view(JsonNode node) {
        List<String> pinned = new ArrayList<>();
        JsonNode pins = node.get("pinned");
        if (pins != null && !pins.isNull()) {
            if (!pins.isArray() || pins.size() > MAX_VIEW_PARTICIPANTS) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, "view: \"pinned\" is an array of at most "
                        + MAX_VIEW_PARTICIPANTS + " participant ids");
            }
            for (JsonNode id : pins) {
                pinned.add(participantId(id, "pinned"));
            }
        }
        Map<String, Integer> tiles = new LinkedHashMap<>();
        JsonNode tileNode = node.get("tiles");
        if (tileNode != null && !tileNode.isNull()) {
            if (!tileNode.isObject() || tileNode.size() > MAX_VIEW_PARTICIPANTS) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, "view: \"tiles\" maps at most "
                        + MAX_VIEW_PARTICIPANTS + " participant ids to tile heights in pixels");
            }
            var fields = tileNode.fields();
            while (fields.hasNext()) {
                var entry = fields.next();
                JsonNode height = entry.getValue();
                if (!height.isInt() || height.intValue() < 0 || height.intValue() > MAX_TILE_HEIGHT) {
                    throw new SignalingException(ErrorCode.INVALID_REQUEST, "view: the tile height of "
                            + abbreviate(entry.getKey()) + " is an integer from 0 to " + MAX_TILE_HEIGHT);
                }
                tiles.put(participantId(Json.MAPPER.getNodeFactory().textNode(entry.getKey()), "tiles"),
                        height.intValue());
            }
        }
        JsonNode lastN = node.get("lastN");
        int n = 0;
        if (lastN != null && !lastN.isNull()) {
            if (!lastN.isInt() || lastN.intValue() < 0 || lastN.intValue() > MAX_VIEW_PARTICIPANTS) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, "view: \"lastN\" is an integer from 0"
                        + " (the meeting's default) to " + MAX_VIEW_PARTICIPANTS);
            }
            n = lastN.intValue();
        }
        return new View(new SubscriberSlots.View(pinned, tiles, n));
    }

    private static String participantId(JsonNode id, String field) {
        if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > 64) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "view: \"" + field + "\" names participants"
                    + " by id (a string of 1 to 64 characters)");
        }
        return id.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    /**
     * The protocol's one JSON mapper (thread-safe once configured). A frame is one JSON value: anything
     * after it ({@code {"type":"leave"}garbage}) is refused, not ignored.
     */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        private Json() {
        }
    }
}
