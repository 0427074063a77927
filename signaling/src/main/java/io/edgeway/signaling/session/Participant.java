package io.edgeway.signaling.session;

import io.edgeway.ice.IceCredentials;

/**
 * One participant of a {@link Meeting}: who it is, its signaling connection, and once it has offered,
 * its media leg, its {@link Negotiation} and what it publishes. A plain holder; the rules are in
 * {@link SignalingService}. Confined to the media port's loop.
 */
final class Participant implements MediaLeg.Listener {

    private final SignalingService service;
    final ParticipantIdentity identity;
    final SignalingConnection connection;
    final Meeting meeting;
    /** Null until the first offer was answered. */
    MediaLeg leg;
    /** Null until the first offer was answered. */
    Negotiation negotiation;
    /** The ICE credentials of the first offer: a later offer with others would be an ICE restart. */
    IceCredentials remoteIce;
    Publication publication = Publication.NONE;
    boolean connected;
    /** Clock nanos by which the leg must connect; meaningful while a leg exists and is not connected. */
    long connectDeadlineNanos;
    boolean gone;

    Participant(SignalingService service, ParticipantIdentity identity, SignalingConnection connection, Meeting meeting) {
        this.service = service;
        this.identity = identity;
        this.connection = connection;
        this.meeting = meeting;
    }

    String id() {
        return identity.participantId();
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
    public String toString() {
        return "Participant[" + id() + " in " + meeting.id + "]";
    }
}
