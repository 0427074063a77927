package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.sdp.SdpWriter;
import io.edgeway.core.media.sdp.SessionDescription;
import java.util.List;

/**
 * Builds the messages the server sends (docs/SIGNALING.md): {@code roomJoined}, {@code participantJoined},
 * {@code participantLeft}, {@code offer}, {@code answer} and {@code error}. Each call returns a new node
 * that the caller hands to a {@link SignalingConnection}. Stateless.
 */
public final class ServerMessages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /**
     * The join succeeded: {@code self}, the others already in the meeting (not {@code self}: the meeting
     * has {@code participants.length + 1} people) and the meeting.
     */
    public static ObjectNode roomJoined(ParticipantIdentity self, List<ParticipantIdentity> others) {
        ObjectNode m = message("roomJoined");
        m.set("self", participant(self));
        ArrayNode list = m.putArray("participants");
        for (ParticipantIdentity other : others) {
            list.add(participant(other));
        }
        m.putObject("meeting").put("id", self.meetingId()).put("title", self.meetingTitle());
        return m;
    }

    public static ObjectNode participantJoined(ParticipantIdentity who) {
        ObjectNode m = message("participantJoined");
        m.set("participant", participant(who));
        return m;
    }

    /** @param reason one of {@link LeaveReason}'s wire names */
    public static ObjectNode participantLeft(String participantId, LeaveReason reason) {
        return message("participantLeft").put("participantId", participantId).put("reason", reason.wireName());
    }

    public static ObjectNode offer(SessionDescription sdp) {
        return message("offer").put("sdp", SdpWriter.write(sdp));
    }

    public static ObjectNode answer(SessionDescription sdp) {
        return message("answer").put("sdp", SdpWriter.write(sdp));
    }

    public static ObjectNode error(String code, String message) {
        return message("error").put("code", code).put("message", message);
    }

    private static ObjectNode participant(ParticipantIdentity who) {
        return JSON.objectNode().put("id", who.participantId()).put("name", who.displayName());
    }

    private static ObjectNode message(String type) {
        return JSON.objectNode().put("type", type);
    }
}
