package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SdpWriter;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.ChatMessage;
import io.edgeway.signaling.model.Permissions;
import java.time.Instant;
import java.util.List;

/**
 * Builds the messages the server sends (docs/SIGNALING.md): {@code roomJoined}, {@code participantJoined},
 * {@code participantLeft}, {@code audioUpdate}, {@code videoUpdate}, {@code screenShareUpdate},
 * {@code activeSpeaker}, {@code chatUpdate}, {@code kicked}, {@code meetingEnded}, {@code offer},
 * {@code answer} and {@code error}. Each call returns a new node that the caller hands to a
 * {@link SignalingConnection}. Stateless.
 */
public final class ServerMessages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /**
     * The join succeeded: {@code self} (with its permissions), the others already in the meeting (not
     * {@code self}: the meeting has {@code participants.length + 1} people), the meeting, and the chat so
     * far.
     */
    static ObjectNode roomJoined(Participant self, List<Participant> others, String sessionId, List<ChatMessage> chat) {
        ObjectNode m = message("roomJoined");
        ObjectNode me = participant(self);
        me.set("permissions", permissions(self.identity.permissions()));
        m.set("self", me);
        ArrayNode list = m.putArray("participants");
        for (Participant other : others) {
            list.add(participant(other));
        }
        ParticipantIdentity id = self.identity;
        m.putObject("meeting").put("id", id.meetingId()).put("title", id.meetingTitle()).put("sessionId", sessionId);
        ArrayNode history = m.putArray("chat");
        for (ChatMessage c : chat) {
            history.add(chatMessage(c));
        }
        return m;
    }

    static ObjectNode participantJoined(Participant who) {
        ObjectNode m = message("participantJoined");
        m.set("participant", participant(who));
        return m;
    }

    /** @param reason one of {@link LeaveReason}'s wire names */
    public static ObjectNode participantLeft(String participantId, LeaveReason reason) {
        return message("participantLeft").put("participantId", participantId).put("reason", reason.wireName());
    }

    public static ObjectNode audioUpdate(String participantId, boolean enabled) {
        return message("audioUpdate").put("participantId", participantId).put("audioEnabled", enabled);
    }

    public static ObjectNode videoUpdate(String participantId, boolean enabled) {
        return message("videoUpdate").put("participantId", participantId).put("videoEnabled", enabled);
    }

    public static ObjectNode screenShareUpdate(String participantId, boolean enabled) {
        return message("screenShareUpdate").put("participantId", participantId).put("screenShareEnabled", enabled);
    }

    public static ObjectNode activeSpeaker(String participantId) {
        return message("activeSpeaker").put("participantId", participantId);
    }

    public static ObjectNode chatUpdate(ChatMessage chat) {
        ObjectNode m = message("chatUpdate");
        m.set("message", chatMessage(chat));
        return m;
    }

    /** This participant was removed from the meeting; its connection closes after this message. */
    public static ObjectNode kicked(ErrorCode code, String message) {
        return message("kicked").put("code", code.code()).put("message", message);
    }

    /** The session ended for everyone; the connection closes after this message. */
    public static ObjectNode meetingEnded(ErrorCode reason, String message) {
        return message("meetingEnded").put("reason", reason.code()).put("message", message);
    }

    public static ObjectNode offer(SessionDescription sdp) {
        return message("offer").put("sdp", SdpWriter.write(sdp));
    }

    /**
     * {@code slotsUpdate}: what each of the participant's slots carries now, by the mid of its m= section
     * in {@code local} (null while the slot's section is not negotiated yet).
     */
    static ObjectNode slotsUpdate(List<SlotOccupant> occupants, SessionDescription local) {
        ObjectNode message = message("slotsUpdate");
        ArrayNode audio = message.putArray("audio");
        ArrayNode video = message.putArray("video");
        for (SlotOccupant o : occupants) {
            ObjectNode slot = ("audio".equals(o.kind()) ? audio : video).addObject();
            slot.put("mid", midOf(local, o.ssrc()));
            slot.put("participantId", o.participantId());
            if ("video".equals(o.kind())) {
                slot.put("screenShare", o.screenShare());
                slot.put("height", o.height());
            }
        }
        return message;
    }

    private static String midOf(SessionDescription local, long ssrc) {
        if (local != null) {
            for (MediaDescription m : local.media()) {
                if (!m.isRejected() && m.ssrcs().contains(ssrc)) {
                    return m.mid();
                }
            }
        }
        return null;
    }

    /**
     * {@code layers}: send exactly these layers of what is published on {@code mid} ({@code active[i]} for
     * the i-th RID of the offer's {@code a=simulcast}, or the one encoding of a source without simulcast).
     */
    static ObjectNode layers(String mid, List<String> rids, boolean[] active) {
        ObjectNode message = message("layers").put("mid", mid);
        ArrayNode list = message.putArray("encodings");
        for (int i = 0; i < active.length; i++) {
            ObjectNode encoding = list.addObject();
            if (i < rids.size()) {
                encoding.put("rid", rids.get(i));
            }
            encoding.put("active", active[i]);
        }
        return message;
    }

    public static ObjectNode answer(SessionDescription sdp) {
        return message("answer").put("sdp", SdpWriter.write(sdp));
    }

    public static ObjectNode error(ErrorCode code, String message) {
        return message("error").put("code", code.code()).put("message", message);
    }

    /** The shape every participant has on the wire (self adds {@code permissions}). */
    private static ObjectNode participant(Participant p) {
        ParticipantIdentity who = p.identity;
        return JSON.objectNode()
                .put("id", who.participantId())
                .put("name", who.displayName())
                .put("picture", who.picture())
                .put("customParticipantId", who.customParticipantId())
                .put("presetName", who.presetName())
                .put("audioEnabled", p.audioEnabled)
                .put("videoEnabled", p.videoEnabled)
                .put("screenShareEnabled", p.screenShareEnabled);
    }

    private static ObjectNode permissions(Permissions p) {
        return JSON.objectNode()
                .put("canProduceAudio", p.canProduceAudio())
                .put("canProduceVideo", p.canProduceVideo())
                .put("canProduceScreenshare", p.canProduceScreenshare())
                .put("canSendChat", p.canSendChat())
                .put("canRecord", p.canRecord())
                .put("canStartStopRecording", p.canStartStopRecording())
                .put("kickParticipant", p.kickParticipant())
                .put("waitingRoomBypass", p.waitingRoomBypass());
    }

    private static ObjectNode chatMessage(ChatMessage c) {
        return JSON.objectNode()
                .put("id", c.id())
                .put("participantId", c.participantId())
                .put("displayName", c.displayName())
                .put("text", c.text())
                .put("time", Instant.ofEpochSecond(c.sentAt()).toString());
    }

    private static ObjectNode message(String type) {
        return JSON.objectNode().put("type", type);
    }
}
