package io.edgeway.signaling.session;

import io.edgeway.core.media.sdp.ForwardedTrack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One session: its participants in join order and its forwarding room. Answers the two questions
 * renegotiation asks: which tracks a participant should receive (everyone else's, in join order), and
 * whether an SSRC is taken. Confined to the media port's loop.
 */
final class Meeting {

    final String id;
    final String title;
    final MediaPlane.Room room;
    private final LinkedHashMap<String, Participant> participants = new LinkedHashMap<>();

    Meeting(String id, String title, MediaPlane.Room room) {
        this.id = id;
        this.title = title;
        this.room = room;
    }

    int size() {
        return participants.size();
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    boolean contains(String participantId) {
        return participants.containsKey(participantId);
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

    /** The identities of everyone in the meeting, in join order. */
    List<ParticipantIdentity> identities() {
        List<ParticipantIdentity> list = new ArrayList<>(participants.size());
        for (Participant p : participants.values()) {
            list.add(p.identity);
        }
        return list;
    }

    /** What {@code subscriber} should receive: every track the others publish, by join order then section. */
    List<ForwardedTrack> tracksFor(Participant subscriber) {
        List<ForwardedTrack> tracks = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (p != subscriber) {
                tracks.addAll(p.publication.tracks());
            }
        }
        return tracks;
    }

    /** Whether a participant other than {@code self} publishes {@code ssrc} (media or RTX). */
    boolean publishedByOther(long ssrc, Participant self) {
        for (Participant p : participants.values()) {
            if (p != self && p.publication.ssrcs().contains(ssrc)) {
                return true;
            }
        }
        return false;
    }
}
