package io.edgeway.ice;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.spi.StunPacketHandler;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Joins the ICE-lite responder to the media port's transports: owns the {@link IceLiteResponder} (give
 * {@link #responder()} to {@link MediaPort#bind} as its STUN handler), opens one {@link IceMediaSession}
 * per participant, and turns each {@link IceEvent} into the matching {@link
 * io.edgeway.core.media.port.ParticipantTransport} call: {@code PAIR_VALIDATED} accepts DTLS from the
 * pair, {@code NOMINATED}/{@code SELECTED_PAIR_CHANGED} select it (and start DTLS the first time),
 * {@code CONSENT_LOST} ends the transport.
 *
 * <p>It lives in stun-turn because relay-core cannot see ICE types (dependencies run relay-core
 * &lt;- stun-turn); relay-core's {@code ParticipantTransport} takes plain addresses.
 *
 * <p>Threading: {@link #open} from any thread (signaling); events arrive on the responder's thread,
 * which is the media port's loop.
 */
public final class IceMediaSessions implements IceEventListener {

    /** Draws of a local ufrag that another loop's responder holds, before giving up (48 random bits: one suffices). */
    private static final int MAX_UFRAG_ATTEMPTS = 8;

    private final IceLiteResponder responder;
    private final IceSessionDirectory directory;
    private final ConcurrentHashMap<IceParticipant, IceMediaSession> sessions = new ConcurrentHashMap<>();

    /** With a responder on RFC 7675's 30 s consent and the default rate limit; {@code random} a SecureRandom. */
    public IceMediaSessions(RandomGenerator random) {
        this(random, new IceSessionDirectory());
    }

    /**
     * {@link #IceMediaSessions(RandomGenerator)} for one of several media ports of a process (one per event
     * loop), all registering their sessions in {@code directory}.
     */
    public IceMediaSessions(RandomGenerator random, IceSessionDirectory directory) {
        this(listener -> new IceLiteResponder(random, listener), directory);
    }

    /** With a responder of the caller's making (consent timeout, rate limit), built around this listener. */
    public IceMediaSessions(Function<IceEventListener, IceLiteResponder> responderFactory) {
        this(responderFactory, new IceSessionDirectory());
    }

    /** With a responder of the caller's making, registering its sessions in {@code directory}. */
    public IceMediaSessions(Function<IceEventListener, IceLiteResponder> responderFactory,
            IceSessionDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.responder = Objects.requireNonNull(responderFactory.apply(this), "responder");
    }

    /** Where this and the other loops' sessions are found by local ufrag. */
    public IceSessionDirectory directory() {
        return directory;
    }

    /** The media port's STUN handler. */
    public IceLiteResponder responder() {
        return responder;
    }

    /** The STUN SPI view of {@link #responder()}. */
    public StunPacketHandler stunHandler() {
        return responder;
    }

    /**
     * Opens a participant's media session when its offer arrives: a transport on {@code port} and an ICE
     * session with fresh local credentials for the answer.
     *
     * @param remoteCredentials the offer's {@code a=ice-ufrag}/{@code a=ice-pwd}
     * @param remoteFingerprint the offer's {@code a=fingerprint}
     * @param listener          hears "connected" with the SRTP keys, then "gone", on the port's loop
     */
    public IceMediaSession open(MediaPort port, String participantId, IceCredentials remoteCredentials,
            CertificateFingerprint remoteFingerprint, ParticipantTransportListener listener) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(remoteCredentials, "remoteCredentials");
        Objects.requireNonNull(listener, "listener");
        IceMediaSession session = new IceMediaSession(this, port, listener);
        // Transport first: by the time a check can arrive (after the answer is sent) both halves exist.
        var transport = port.newTransport(participantId, remoteFingerprint, session.transportListener());
        IceParticipant participant;
        try {
            participant = register(session, participantId, remoteCredentials);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        session.attach(participant, transport);
        sessions.put(participant, session);
        if (transport.isGone()) {
            // The port was closing: undo the registration the gone callback could not see.
            forget(session);
        }
        return session;
    }

    /** A participant on this responder whose local ufrag no session of any loop holds, claimed for {@code session}. */
    private IceParticipant register(IceMediaSession session, String participantId, IceCredentials remoteCredentials) {
        for (int attempt = 0; attempt < MAX_UFRAG_ATTEMPTS; attempt++) {
            IceParticipant participant = responder.addParticipant(participantId, remoteCredentials);
            if (directory.claim(participant.localCredentials().ufrag(), session)) {
                return participant;
            }
            responder.removeParticipant(participant);
        }
        throw new IllegalStateException("no ICE ufrag unused on every loop after " + MAX_UFRAG_ATTEMPTS + " attempts");
    }

    /** Open sessions; any thread. */
    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void onIceEvent(IceEvent event) {
        IceMediaSession session = sessions.get(event.participant());
        if (session != null) {
            session.onIceEvent(event);
        }
    }

    void forget(IceMediaSession session) {
        IceParticipant participant = session.participant();
        if (participant != null) {
            sessions.remove(participant, session);
            directory.release(participant.localCredentials().ufrag(), session);
            responder.removeParticipant(participant);
        }
    }
}
