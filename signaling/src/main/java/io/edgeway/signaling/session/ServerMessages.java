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
import io.edgeway.signaling.model.Poll;
import java.time.Instant;
import java.util.List;

/**
 * Builds the messages the server sends (docs/SIGNALING.md): {@code roomJoined}, {@code participantJoined},
 * {@code participantLeft}, {@code audioUpdate}, {@code videoUpdate}, {@code screenShareUpdate},
 * {@code activeSpeaker}, {@code chatUpdate}, {@code kicked}, {@code meetingEnded}, {@code waitlisted},
 * {@code waitlistedParticipantJoined}, {@code waitlistedParticipantLeft}, {@code waitlistRejected},
 * {@code pinned}, {@code unpinned}, {@code pollsUpdate}, {@code offer}, {@code answer} and {@code error}. Each call returns a new node that the caller hands to a
 * {@link SignalingConnection}. Stateless.
 */
public final class ServerMessages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /**
     * The join succeeded: {@code self} (with its permissions), the others already in the meeting that are
     * listed (not {@code self}, not hidden: the meeting has {@code participants.length + 1} people one can see),
     * the meeting, the chat so far, and for a participant with {@code accept_waiting_requests} those in the
     * waiting room ({@code waitlisted}, else empty).
     */
    static ObjectNode roomJoined(Participant self, List<Participant> others, String sessionId, List<ChatMessage> chat,
            List<Participant> waitlisted) {
        ObjectNode m = message("roomJoined");
        m.set("self", self(self));
        ArrayNode list = m.putArray("participants");
        for (Participant other : others) {
            list.add(participant(other));
        }
        ParticipantIdentity id = self.identity;
        m.putObject("meeting").put("id", id.meetingId()).put("title", id.meetingTitle()).put("sessionId", sessionId);
        ArrayNode history = m.putArray("chat");
        for (ChatMessage c : chat) {
            history.add(chatMessage(c, List.of()));
        }
        ArrayNode waiting = m.putArray("waitlisted");
        for (Participant w : waitlisted) {
            waiting.add(participant(w));
        }
        m.set("polls", polls(self.meeting.polls.view(self)));
        return m;
    }

    /** The join was admitted into the waiting room: {@code self} and the meeting; {@code roomJoined} comes on admission. */
    static ObjectNode waitlisted(Participant self) {
        ObjectNode m = message("waitlisted");
        m.set("self", self(self));
        m.putObject("meeting").put("id", self.identity.meetingId()).put("title", self.identity.meetingTitle());
        return m;
    }

    /** To hosts: {@code who} waits to be admitted. */
    static ObjectNode waitlistedParticipantJoined(Participant who) {
        ObjectNode m = message("waitlistedParticipantJoined");
        m.set("participant", participant(who));
        return m;
    }

    /** To hosts: {@code participantId} no longer waits ({@code accepted}, {@code rejected}, or how it left). */
    static ObjectNode waitlistedParticipantLeft(String participantId, LeaveReason reason) {
        return message("waitlistedParticipantLeft").put("participantId", participantId).put("reason", reason.wireName());
    }

    /** To the one waiting: it was not let in; the connection closes after this message. */
    static ObjectNode waitlistRejected(String message) {
        return message("waitlistRejected").put("code", ErrorCode.WAITLIST_REJECTED.code()).put("message", message);
    }

    /** Every poll as the receiver may see it; {@code newPoll} when a poll was just created. */
    static ObjectNode pollsUpdate(List<Poll> polls, boolean newPoll) {
        ObjectNode m = message("pollsUpdate");
        m.set("polls", polls(polls));
        m.put("newPoll", newPoll);
        return m;
    }

    private static ArrayNode polls(List<Poll> polls) {
        ArrayNode list = JSON.arrayNode();
        for (Poll p : polls) {
            ObjectNode o = list.addObject().put("id", p.id()).put("question", p.question());
            ArrayNode options = o.putArray("options");
            for (Poll.Option opt : p.options()) {
                ObjectNode option = options.addObject().put("text", opt.text()).put("count", opt.count());
                ArrayNode votes = option.putArray("votes");
                for (Poll.Vote v : opt.votes()) {
                    votes.addObject().put("id", v.id()).put("name", v.name());
                }
            }
            o.put("anonymous", p.anonymous()).put("hideVotes", p.hideVotes()).put("createdBy", p.createdBy())
                    .put("createdByUserId", p.createdByUserId());
            ArrayNode voted = o.putArray("voted");
            p.voted().forEach(voted::add);
        }
        return list;
    }

    static ObjectNode pinned(String participantId, String by) {
        return message("pinned").put("participantId", participantId).put("by", by);
    }

    static ObjectNode unpinned(String participantId, String by) {
        return message("unpinned").put("participantId", participantId).put("by", by);
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

    /** @param targets the recipients' ids of a private message, empty for a message to everyone */
    public static ObjectNode chatUpdate(ChatMessage chat, List<String> targets) {
        ObjectNode m = message("chatUpdate");
        m.set("message", chatMessage(chat, targets));
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

    private static ObjectNode self(Participant self) {
        ObjectNode me = participant(self);
        me.put("hidden", self.hidden());
        me.set("permissions", permissions(self.identity));
        return me;
    }

    /** The shape every participant has on the wire (self adds {@code hidden} and {@code permissions}). */
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
                .put("screenShareEnabled", p.screenShareEnabled)
                .put("isPinned", p.meeting.pins.isPinned(p.id()));
    }

    /** What the participant may do; producing as it is in effect (a hidden participant produces nothing). */
    private static ObjectNode permissions(ParticipantIdentity who) {
        Permissions p = who.permissions();
        ObjectNode o = JSON.objectNode()
                .put("canProduceAudio", who.canPublishAudio())
                .put("canProduceVideo", who.canPublishVideo())
                .put("canProduceScreenshare", who.canPublishScreenshare())
                .put("canSendChat", p.canSendChat())
                .put("canSendPrivateChat", p.canSendPrivateChat())
                .put("canReceivePrivateChat", p.canReceivePrivateChat())
                .put("canRecord", p.canRecord())
                .put("canStartStopRecording", p.canStartStopRecording())
                .put("kickParticipant", p.kickParticipant())
                .put("pinParticipant", p.pinParticipant())
                .put("canDisableParticipantAudio", p.disableParticipantAudio())
                .put("canDisableParticipantVideo", p.disableParticipantVideo())
                .put("acceptWaitingRequests", p.acceptWaitingRequests())
                .put("waitingRoomType", p.waitingRoom().name())
                .put("waitingRoomBypass", p.waitingRoomBypass())
                .put("hiddenParticipant", p.hiddenParticipant());
        o.putObject("polls").put("canCreate", p.canCreatePolls()).put("canVote", p.canVotePolls())
                .put("canView", p.canViewPolls());
        return o;
    }

    private static ObjectNode chatMessage(ChatMessage c, List<String> targets) {
        ObjectNode o = JSON.objectNode()
                .put("id", c.id())
                .put("participantId", c.participantId())
                .put("displayName", c.displayName())
                .put("text", c.text())
                .put("time", Instant.ofEpochSecond(c.sentAt()).toString());
        if (!targets.isEmpty()) {
            ArrayNode to = o.putArray("targetUserIds");
            targets.forEach(to::add);
        }
        return o;
    }

    private static ObjectNode message(String type) {
        return JSON.objectNode().put("type", type);
    }
}
