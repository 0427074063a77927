package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.signaling.model.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One session: its participants in join order, its waiting room, its pins, its forwarding room, the chat
 * delivered in it lately and who speaks. Answers the two questions renegotiation asks: which tracks a participant should receive
 * (everyone else's, in join order), and whether an SSRC is taken. Confined to the media port's loop.
 */
final class Meeting {

    /**
     * Chat messages delivered in the meeting that are kept to complete a joiner's history: those delivered
     * after the history was read (control plane) or the whole history (open sessions, which store nothing).
     */
    static final int RECENT_CHAT = 64;

    /** The key of {@link SignalingService}'s meeting map: realm and id. */
    final String key;
    final String id;
    final String title;
    final MediaPlane.Room room;
    final ActiveSpeakerDetector speaker = new ActiveSpeakerDetector();
    final WaitingRoom waitingRoom = new WaitingRoom();
    final Pins pins = new Pins();
    final Polls polls = new Polls();
    private final LinkedHashMap<String, Participant> participants = new LinkedHashMap<>();
    private final ArrayDeque<ChatMessage> recentChat = new ArrayDeque<>();

    Meeting(String key, String id, String title, MediaPlane.Room room) {
        this.key = key;
        this.id = id;
        this.title = title;
        this.room = room;
    }

    int size() {
        return participants.size();
    }

    /** Nobody in it and nobody waiting to enter. */
    boolean isEmpty() {
        return participants.isEmpty() && waitingRoom.isEmpty();
    }

    /** Whether the participant is in the meeting or waiting to enter. */
    boolean contains(String participantId) {
        return participants.containsKey(participantId) || waitingRoom.contains(participantId);
    }

    /** The participant with this id if it is in the meeting and listed to others (not hidden), or null. */
    Participant listed(String participantId) {
        Participant p = participants.get(participantId);
        return p == null || p.hidden() ? null : p;
    }

    /** Everyone but {@code self} who is listed to others (not hidden), in join order. */
    List<Participant> listedOthers(Participant self) {
        List<Participant> out = new ArrayList<>(participants.size());
        for (Participant p : participants.values()) {
            if (p != self && !p.hidden()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Sends {@code message} to each of {@code to}; each connection gets its own copy (it may serialise later). */
    static void send(Iterable<Participant> to, ObjectNode message) {
        boolean first = true;
        for (Participant q : to) {
            q.connection.send(first ? message : message.deepCopy());
            first = false;
        }
    }

    /** The participant with this id, or null. */
    Participant get(String participantId) {
        return participants.get(participantId);
    }

    void add(Participant p) {
        participants.put(p.id(), p);
    }

    void remove(Participant p) {
        participants.remove(p.id(), p);
    }

    Collection<Participant> participants() {
        return participants.values();
    }

    /** Everyone, in join order; a copy, safe to iterate while the meeting changes. */
    List<Participant> everyone() {
        return new ArrayList<>(participants.values());
    }

    /** Everyone but {@code self}, in join order; a copy, safe to iterate while the meeting changes. */
    List<Participant> others(Participant self) {
        List<Participant> others = new ArrayList<>(participants.size());
        for (Participant p : participants.values()) {
            if (p != self) {
                others.add(p);
            }
        }
        return others;
    }

    /** A chat message was delivered to the meeting. */
    void delivered(ChatMessage m) {
        if (recentChat.size() == RECENT_CHAT) {
            recentChat.pollFirst();
        }
        recentChat.addLast(m);
    }

    /** The last {@value #RECENT_CHAT} chat messages delivered, oldest first. */
    Collection<ChatMessage> recentChat() {
        return recentChat;
    }

    /**
     * What {@code subscriber} should receive: its slots when it has them (the same whoever joins or
     * leaves), else every track the others publish, by join order then section.
     */
    List<ForwardedTrack> tracksFor(Participant subscriber) {
        if (subscriber.slots != null) {
            return subscriber.slots.tracks();
        }
        List<ForwardedTrack> tracks = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (p != subscriber) {
                tracks.addAll(p.publication.tracks());
            }
        }
        return tracks;
    }

    /**
     * Whether a participant other than {@code self} publishes {@code ssrc} (media or RTX), or announced it
     * as one of its slots (a participant's slot SSRCs are its, too: a publisher taking one would confuse
     * that participant's browser).
     */
    boolean publishedByOther(long ssrc, Participant self) {
        for (Participant p : participants.values()) {
            if (p != self && (p.publication.ssrcs().contains(ssrc) || p.slots != null && slotOf(p.slots, ssrc))) {
                return true;
            }
        }
        return false;
    }

    private static boolean slotOf(SlotSet slots, long ssrc) {
        for (ForwardedTrack t : slots.tracks()) {
            if (t.ssrc() == ssrc || t.rtxSsrc() != null && t.rtxSsrc() == ssrc) {
                return true;
            }
        }
        return false;
    }
}
