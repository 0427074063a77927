package io.edgeway.signaling.session;

import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.ice.IceCredentials;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * One participant of a {@link Meeting}: who it is, its {@link Seat}, its signaling connection, the media
 * state it signalled, its chat queue, and once it has offered, its media leg, its {@link Negotiation}
 * and what it publishes. A plain holder; the rules are in {@link SignalingService}. Confined to the media
 * port's loop.
 */
final class Participant implements MediaLeg.Listener {

    private final SignalingService service;
    final ParticipantIdentity identity;
    final Seat seat;
    final SignalingConnection connection;
    final Meeting meeting;
    /** Null until the first offer was answered. */
    MediaLeg leg;
    /** Null until the first offer was answered. */
    Negotiation negotiation;
    /** The ICE credentials of the first offer: a later offer with others would be an ICE restart. */
    IceCredentials remoteIce;
    Publication publication = Publication.NONE;
    /** The participant's slots when the meeting forwards through slots; set with its leg. */
    SlotSet slots;
    /** What it last said it shows, or null (then the defaults). */
    SubscriberSlots.View view;
    boolean connected;
    /** Clock nanos by which the leg must connect; meaningful while a leg exists and is not connected. */
    long connectDeadlineNanos;
    boolean gone;
    /** In the meeting's waiting room: not yet in the meeting ({@link WaitingRoom}). */
    boolean waiting;
    /** What the client said it turned on ({@code mediaState}); all off at join. */
    boolean audioEnabled;
    boolean videoEnabled;
    boolean screenShareEnabled;
    /** Chat messages waiting for the one being checked and stored ({@link Seat#sendChat}). */
    final ArrayDeque<ClientMessage.Chat> chatQueue = new ArrayDeque<>();
    boolean chatInFlight;
    /**
     * Ids of the newest messages of the history this participant got in {@code roomJoined}: one of them
     * stored before the history was read but delivered after the join must not come twice.
     */
    Set<String> chatSeen = Set.of();

    Participant(SignalingService service, ParticipantIdentity identity, Seat seat, SignalingConnection connection,
            Meeting meeting) {
        this.service = service;
        this.identity = identity;
        this.seat = seat;
        this.connection = connection;
        this.meeting = meeting;
    }

    String id() {
        return identity.participantId();
    }

    /** A hidden participant ({@code hidden_participant}): nobody else is told of it, and it publishes nothing. */
    boolean hidden() {
        return identity.permissions().hiddenParticipant();
    }

    /** The preset's name for messages, or "(open session)". */
    String presetLabel() {
        return identity.presetName() != null ? identity.presetName() : "(open session)";
    }

    @Override
    public void onConnected() {
        connected = true;
    }

    @Override
    public void onGone(LeaveReason reason, String detail) {
        service.mediaGone(this, reason, detail);
    }

    @Override
    public void onSlotsChanged() {
        service.slotsChanged(this);
    }

    @Override
    public void onLayersChanged(String mid, List<String> rids, boolean[] active) {
        service.layersChanged(this, mid, rids, active);
    }

    @Override
    public String toString() {
        return "Participant[" + id() + " in " + meeting.id + "]";
    }
}
