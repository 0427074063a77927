package io.edgeway.signaling.session;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import java.util.Objects;

/**
 * One message a client sends, decoded and checked: {@code join}, {@code offer}, {@code answer},
 * {@code candidate} or {@code leave} (docs/SIGNALING.md). {@link #parse} turns a text frame into one, or
 * throws a {@link SignalingException} with the code to answer. Decoding (JSON and SDP) is stateless and
 * runs on the WebSocket's thread, keeping that work off the media port's loop. Immutable.
 */
public sealed interface ClientMessage {

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

    /** Decodes one text frame. */
    static ClientMessage parse(String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new SignalingException(ErrorCodes.INVALID_JSON, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new SignalingException(ErrorCodes.INVALID_JSON, "a message is a JSON object with a \"type\"");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new SignalingException(ErrorCodes.UNKNOWN_TYPE, "a message needs a string \"type\"");
        }
        switch (type.asText()) {
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
            default:
                throw new SignalingException(ErrorCodes.UNKNOWN_TYPE, "unknown message type \"" + abbreviate(type.asText())
                        + "\"; expected join, offer, answer, candidate or leave");
        }
    }

    private static SessionDescription sdp(JsonNode node, String type) {
        JsonNode sdp = node.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.asText().isEmpty()) {
            throw new SignalingException(ErrorCodes.INVALID_MESSAGE, type + " needs \"sdp\": the session description text");
        }
        try {
            return SdpParser.parse(sdp.asText());
        } catch (IllegalArgumentException e) {
            // SdpParseException (line number and reason) or a value a record refused
            throw new SignalingException(ErrorCodes.INVALID_SDP, type + " sdp: " + e.getMessage());
        }
    }

    private static Candidate candidate(JsonNode node) {
        JsonNode candidate = node.get("candidate");
        JsonNode mid = node.get("sdpMid");
        JsonNode index = node.get("sdpMLineIndex");
        if (candidate == null || !candidate.isTextual()) {
            throw new SignalingException(ErrorCodes.INVALID_MESSAGE, "candidate needs \"candidate\": a string"
                    + " (empty for end-of-candidates)");
        }
        if (mid != null && !mid.isNull() && !mid.isTextual() || index != null && !index.isNull() && !index.isInt()) {
            throw new SignalingException(ErrorCodes.INVALID_MESSAGE, "candidate: \"sdpMid\" is a string and"
                    + " \"sdpMLineIndex\" an integer when present");
        }
        return new Candidate(candidate.asText(), mid == null || mid.isNull() ? null : mid.asText(),
                index == null || index.isNull() ? null : index.asInt());
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    /** The protocol's one JSON mapper (thread-safe once configured). */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
