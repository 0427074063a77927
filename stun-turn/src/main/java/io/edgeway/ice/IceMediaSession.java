package io.edgeway.ice;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;

/**
 * One participant on the media port: its ICE session on the {@link IceLiteResponder} and its
 * {@link ParticipantTransport} (5-tuple and DTLS-SRTP), created together by
 * {@link IceMediaSessions#open} and ended together. What the signaling layer keeps per participant: the
 * local credentials for its answer, and {@link #close()} when the participant leaves.
 *
 * <p>Thread-safe. The caller's {@link ParticipantTransportListener} is called on the media port's loop;
 * by the time it hears {@code onGone} the ICE session has been removed as well, so the participant's
 * checks get 401 from then on.
 */
public final class IceMediaSession {

    private final IceMediaSessions owner;
    private final MediaPort port;
    private final ParticipantTransportListener listener;
    private volatile IceParticipant participant;
    private volatile ParticipantTransport transport;

    IceMediaSession(IceMediaSessions owner, MediaPort port, ParticipantTransportListener listener) {
        this.owner = owner;
        this.port = port;
        this.listener = listener;
    }

    void attach(IceParticipant participant, ParticipantTransport transport) {
        this.participant = participant;
        this.transport = transport;
    }

    /** The ICE session: {@code localCredentials()} go into the answer's {@code a=ice-ufrag}/{@code a=ice-pwd}. */
    public IceParticipant participant() {
        return participant;
    }

    public IceCredentials localCredentials() {
        return participant.localCredentials();
    }

    public ParticipantTransport transport() {
        return transport;
    }

    /** The media port (and so the event loop) the participant's media and ICE checks belong to. */
    public MediaPort port() {
        return port;
    }

    /** The participant left: ends DTLS (close_notify) and ICE; the listener hears {@code onGone(CLOSED)}. */
    public void close() {
        transport.close();
    }

    /** Loop only: routes one event of this participant to its transport. */
    void onIceEvent(IceEvent event) {
        CandidatePair pair = event.pair();
        if (!port.carries(pair.local())) {
            // Another socket of the responder (another port) reached this participant; this transport
            // sends only on its own port: its UDP socket or one of its ICE-TCP connections.
            return;
        }
        switch (event.type()) {
            case PAIR_VALIDATED -> transport.pairValidated(pair.local(), pair.remote());
            case NOMINATED, SELECTED_PAIR_CHANGED -> transport.pairSelected(pair.local(), pair.remote());
            case CONSENT_LOST -> transport.consentLost();
        }
    }

    /** The transport's listener: forwards to the caller's after tearing down the ICE side on gone. */
    ParticipantTransportListener transportListener() {
        return new ParticipantTransportListener() {
            @Override
            public void onConnected(ParticipantTransport t, SrtpKeyMaterial keys) {
                listener.onConnected(t, keys);
            }

            @Override
            public void onGone(ParticipantTransport t, ParticipantTransport.GoneReason reason, String detail) {
                owner.forget(IceMediaSession.this);
                listener.onGone(t, reason, detail);
            }
        };
    }
}
