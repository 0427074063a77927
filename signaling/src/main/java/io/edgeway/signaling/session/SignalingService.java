package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.TransportAttributes;
import io.edgeway.core.time.Clock;
import io.edgeway.ice.IceCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling protocol's server side (docs/SIGNALING.md): joins, leaves, offer/answer with each
 * participant, and the renegotiations that make every participant receive every other participant's
 * tracks. Transports (the WebSocket endpoint) hand it decoded {@link ClientMessage}s; it answers through
 * each participant's {@link SignalingConnection} and drives the media engine through a {@link MediaPlane}.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li><b>join</b>: the {@link JoinAuthenticator} decides who the connection is. The participant enters
 *       its meeting (created by its first participant; at most {@link #MAX_PARTICIPANTS}; none while
 *       draining), gets {@code roomJoined} with everyone already there, and they get
 *       {@code participantJoined}.</li>
 *   <li><b>First offer</b> (always the client's: the SFU needs the browser's ICE credentials and
 *       certificate fingerprint before it can open the media leg): the leg opens with fresh local ICE
 *       credentials, the offer is answered under the {@link Publication} rules, and the participant's
 *       tracks become everyone else's subscriptions.</li>
 *   <li><b>Renegotiation</b>: whenever the tracks a participant should receive change (someone publishes,
 *       re-offers or leaves), the server offers ({@link Negotiation}); one offer at most is outstanding
 *       per participant, later changes wait for the answer. A client offer that crosses a server offer
 *       is refused with {@code negotiation_glare}: the server never rolls back.</li>
 *   <li><b>Leaving</b>: {@code leave}, the WebSocket closing, or the media leg ending (ICE consent lost,
 *       DTLS failed or closed, or not connected {@link #MEDIA_CONNECT_TIMEOUT} after the first answer)
 *       remove the participant; the others get {@code participantLeft} and an offer without its tracks.
 *       The last one out closes the meeting.</li>
 * </ol>
 * Every refused request is answered {@code {"type":"error","code":...}} (codes in {@link ErrorCodes}) and
 * the connection is kept, except after an {@code invalid_answer}, which removes the participant.
 *
 * <h2>Threading</h2>
 * All state is confined to one executor, the media port's event loop, which is also where the media
 * legs report: no locks. {@link #received}, {@link #disconnected}, {@link #drain} and the counters are
 * safe from any thread (the first two hop onto the loop); {@link #onTimeout} runs on the loop.
 */
public final class SignalingService {

    /** Participants per meeting, at most (the SFU's design size). */
    public static final int MAX_PARTICIPANTS = 100;
    /** How long after its first answer a participant's media has to connect (ICE and DTLS). */
    public static final Duration MEDIA_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SignalingService.class);

    private final Executor loop;
    private final MediaPlane media;
    private final JoinAuthenticator authenticator;
    private final Clock clock;
    private final RandomGenerator random;
    private final int maxParticipants;
    private final Map<String, Meeting> meetings = new HashMap<>();
    private final Map<SignalingConnection, Participant> byConnection = new IdentityHashMap<>();
    private final Set<SignalingConnection> joining = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean draining;
    private volatile int participantCount;
    private volatile int meetingCount;

    /**
     * @param loop the media port's event loop (a direct executor in unit tests)
     * @param random the session ids of descriptions; need not be secure
     */
    public SignalingService(Executor loop, MediaPlane media, JoinAuthenticator authenticator, Clock clock,
            RandomGenerator random) {
        this(loop, media, authenticator, clock, random, MAX_PARTICIPANTS);
    }

    SignalingService(Executor loop, MediaPlane media, JoinAuthenticator authenticator, Clock clock,
            RandomGenerator random, int maxParticipants) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.media = Objects.requireNonNull(media, "media");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.maxParticipants = maxParticipants;
    }

    // ------------------------------------------------------------------------------------------------
    // Entry points (any thread)
    // ------------------------------------------------------------------------------------------------

    /** A decoded message from {@code connection}; handled on the loop, in arrival order. */
    public void received(SignalingConnection connection, ClientMessage message) {
        execute(() -> handle(connection, message));
    }

    /** {@code connection} closed: its participant, if any, leaves with reason {@code disconnected}. */
    public void disconnected(SignalingConnection connection) {
        execute(() -> closed(connection));
    }

    /** From now on joins are refused with {@code draining}; participants in meetings stay. */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Participants in meetings now. */
    public int participantCount() {
        return participantCount;
    }

    /** Meetings with at least one participant now. */
    public int meetingCount() {
        return meetingCount;
    }

    /**
     * Removes everyone (reason {@code server_shutdown}) and closes their connections; waits up to
     * {@code timeout} for the loop to do it. For process shutdown, before the media port closes.
     */
    public void close(Duration timeout) {
        draining = true;
        CountDownLatch done = new CountDownLatch(1);
        execute(() -> {
            try {
                for (Participant p : new ArrayList<>(byConnection.values())) {
                    remove(p, LeaveReason.SERVER_SHUTDOWN);
                    p.connection.close();
                }
            } finally {
                done.countDown();
            }
        });
        try {
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The once-a-second sweep, on the loop: a participant whose media has not connected
     * {@link #MEDIA_CONNECT_TIMEOUT} after its first answer is removed ({@code media_timeout}).
     */
    public void onTimeout(long nowNanos) {
        List<Participant> late = new ArrayList<>();
        for (Participant p : byConnection.values()) {
            if (p.leg != null && !p.connected && nowNanos - p.connectDeadlineNanos >= 0) {
                late.add(p);
            }
        }
        for (Participant p : late) {
            p.connection.send(ServerMessages.error(ErrorCodes.MEDIA_DISCONNECTED, "media did not connect within "
                    + MEDIA_CONNECT_TIMEOUT.toSeconds() + " s of the answer (ICE or DTLS never completed)"));
            remove(p, LeaveReason.MEDIA_TIMEOUT);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // On the loop
    // ------------------------------------------------------------------------------------------------

    private void handle(SignalingConnection connection, ClientMessage message) {
        try {
            if (message instanceof ClientMessage.Join join) {
                join(connection, join);
            } else if (message instanceof ClientMessage.Offer offer) {
                offer(joined(connection), offer.sdp());
            } else if (message instanceof ClientMessage.Answer answer) {
                answer(joined(connection), answer.sdp());
            } else if (message instanceof ClientMessage.Candidate) {
                // ICE-lite (RFC 8445 §2.5): the SFU never checks toward the client, so its candidates are
                // of no use; its address is learnt from the checks it sends. Accepted, not answered.
                joined(connection);
            } else if (message instanceof ClientMessage.Leave) {
                remove(joined(connection), LeaveReason.LEFT);
            }
        } catch (SignalingException e) {
            connection.send(ServerMessages.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("signaling message {} failed", message.getClass().getSimpleName(), e);
            connection.send(ServerMessages.error(ErrorCodes.INTERNAL_ERROR, "internal error"));
        }
    }

    private Participant joined(SignalingConnection connection) {
        Participant p = byConnection.get(connection);
        if (p == null) {
            throw new SignalingException(ErrorCodes.NOT_JOINED, "join a meeting first");
        }
        return p;
    }

    private void join(SignalingConnection connection, ClientMessage.Join join) {
        if (byConnection.containsKey(connection) || joining.contains(connection)) {
            throw new SignalingException(ErrorCodes.ALREADY_JOINED, "this connection has joined already;"
                    + " leave first, or open another connection");
        }
        if (draining) {
            throw new SignalingException(ErrorCodes.DRAINING, "this server is draining and takes no new joins");
        }
        CompletionStage<JoinDecision> decision;
        try {
            decision = authenticator.authenticate(join.fields());
        } catch (RuntimeException e) {
            LOG.warn("join authenticator failed", e);
            throw new SignalingException(ErrorCodes.JOIN_FAILED, "could not check the join; try again");
        }
        joining.add(connection);
        decision.whenComplete((d, failure) -> execute(() -> admit(connection, d, failure)));
    }

    private void admit(SignalingConnection connection, JoinDecision decision, Throwable failure) {
        if (!joining.remove(connection)) {
            return; // disconnected while the authenticator decided
        }
        if (failure != null) {
            LOG.warn("join authenticator failed", failure);
            connection.send(ServerMessages.error(ErrorCodes.JOIN_FAILED, "could not check the join; try again"));
            return;
        }
        if (decision instanceof JoinDecision.Refused refused) {
            connection.send(ServerMessages.error(refused.code(), refused.message()));
            return;
        }
        ParticipantIdentity identity = ((JoinDecision.Admitted) decision).identity();
        if (draining) {
            connection.send(ServerMessages.error(ErrorCodes.DRAINING, "this server is draining and takes no new joins"));
            return;
        }
        Meeting meeting = meetings.get(identity.meetingId());
        if (meeting != null && meeting.size() >= maxParticipants) {
            connection.send(ServerMessages.error(ErrorCodes.MEETING_FULL, "meeting " + identity.meetingId()
                    + " has " + maxParticipants + " participants, the most it can have"));
            return;
        }
        if (meeting != null && meeting.contains(identity.participantId())) {
            connection.send(ServerMessages.error(ErrorCodes.DUPLICATE_PARTICIPANT, "participant "
                    + identity.participantId() + " is in the meeting already"));
            return;
        }
        if (meeting == null) {
            meeting = new Meeting(identity.meetingId(), identity.meetingTitle(), media.openRoom(identity.meetingId()));
            meetings.put(meeting.id, meeting);
        }
        List<ParticipantIdentity> others = meeting.identities();
        Participant participant = new Participant(this, identity, connection, meeting);
        meeting.add(participant);
        byConnection.put(connection, participant);
        updateCounts();
        LOG.info("participant {} joined meeting {} ({} now)", identity.participantId(), meeting.id, meeting.size());
        connection.send(ServerMessages.roomJoined(identity, others));
        for (Participant other : meeting.others(participant)) {
            other.connection.send(ServerMessages.participantJoined(identity));
        }
    }

    private void offer(Participant p, SessionDescription sdp) {
        if (p.negotiation != null && p.negotiation.pendingOffer() != null) {
            // Checked before anything else: a crossing offer changes nothing on this side.
            throw new SignalingException(ErrorCodes.NEGOTIATION_GLARE, "the server's offer is outstanding: roll"
                    + " back your offer, answer the server's, then offer again");
        }
        Publication publication = Publication.of(sdp, p.identity, ssrc -> p.meeting.publishedByOther(ssrc, p));
        boolean first = p.leg == null;
        if (first) {
            openLeg(p, publication.offer());
        } else {
            checkNoIceRestart(p, publication.offer());
        }
        SessionDescription answer;
        try {
            answer = p.negotiation.answer(publication.offer(), p.meeting.tracksFor(p));
        } catch (SignalingException e) {
            if (first) {
                p.leg.close();
                p.leg = null;
                p.negotiation = null;
                p.remoteIce = null;
            }
            throw e;
        }
        boolean tracksChanged = !publication.tracks().equals(p.publication.tracks());
        p.publication = publication;
        p.leg.publishes(publication.ssrcs());
        p.leg.negotiated(p.negotiation.local());
        if (first) {
            p.connectDeadlineNanos = clock.nanos() + MEDIA_CONNECT_TIMEOUT.toNanos();
        }
        p.connection.send(ServerMessages.answer(answer));
        if (tracksChanged) {
            for (Participant other : p.meeting.others(p)) {
                offerIfNeeded(other);
            }
        }
        offerIfNeeded(p);
    }

    private void answer(Participant p, SessionDescription sdp) {
        if (p.negotiation == null) {
            throw new SignalingException(ErrorCodes.NO_OFFER_PENDING, "the server has no offer outstanding");
        }
        try {
            p.negotiation.answered(sdp);
        } catch (SignalingException e) {
            if (!ErrorCodes.INVALID_ANSWER.equals(e.code())) {
                throw e;
            }
            p.connection.send(ServerMessages.error(e.code(), e.getMessage() + "; you have been removed from the"
                    + " meeting"));
            remove(p, LeaveReason.NEGOTIATION_FAILED);
            return;
        }
        p.leg.negotiated(p.negotiation.local());
        offerIfNeeded(p);
    }

    /** Sends {@code p} the server's next offer, if its subscriptions changed and nothing is outstanding. */
    private void offerIfNeeded(Participant p) {
        if (p.negotiation == null || p.gone) {
            return;
        }
        SessionDescription offer = p.negotiation.nextOffer(p.meeting.tracksFor(p));
        if (offer != null) {
            p.connection.send(ServerMessages.offer(offer));
        }
    }

    /** Opens the media leg of {@code p}'s first offer and the negotiation on its transport. */
    private void openLeg(Participant p, SessionDescription offer) {
        List<String> bundle = offer.bundleMids();
        MediaDescription tag = bundle.isEmpty() ? null : offer.media(bundle.get(0));
        if (tag == null) {
            throw new SignalingException(ErrorCodes.SDP_REJECTED, "the offer has no a=group:BUNDLE: Edgeway carries"
                    + " every m= section over one transport (RFC 8843); use bundlePolicy 'max-bundle' or 'balanced'");
        }
        TransportAttributes transport = offer.transportOf(tag);
        IceCredentials remote;
        CertificateFingerprint fingerprint;
        try {
            remote = IceCredentials.of(String.valueOf(transport.iceUfrag()), String.valueOf(transport.icePwd()));
            fingerprint = CertificateFingerprint.parse(preferredFingerprint(transport.fingerprints()));
        } catch (IllegalArgumentException e) {
            throw new SignalingException(ErrorCodes.SDP_REJECTED, "mid " + tag.mid() + ": " + e.getMessage());
        }
        p.leg = media.openLeg(p.meeting.room, p.id(), remote, fingerprint, p);
        p.remoteIce = remote;
        p.negotiation = new Negotiation(random.nextLong() & Long.MAX_VALUE, p.leg.transport());
    }

    private static String preferredFingerprint(List<Fingerprint> fingerprints) {
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("no a=fingerprint (RFC 8122 §5): the DTLS certificate cannot be checked");
        }
        Fingerprint chosen = fingerprints.get(0);
        for (Fingerprint f : fingerprints) {
            if ("sha-256".equals(f.hashFunction())) {
                chosen = f;
                break;
            }
        }
        return chosen.hashFunction() + " " + chosen.value();
    }

    /** RFC 8445 §9: new credentials restart ICE, which an ICE-lite SFU with one leg per participant does not do. */
    private static void checkNoIceRestart(Participant p, SessionDescription offer) {
        List<String> bundle = offer.bundleMids();
        MediaDescription tag = bundle.isEmpty() ? null : offer.media(bundle.get(0));
        if (tag == null) {
            return; // the answer builder refuses it with the reason
        }
        TransportAttributes t = offer.transportOf(tag);
        if (!p.remoteIce.ufrag().equals(t.iceUfrag()) || !p.remoteIce.password().equals(t.icePwd())) {
            throw new SignalingException(ErrorCodes.SDP_REJECTED, "the offer changes the ICE credentials (an ICE"
                    + " restart, RFC 8445 §9), which Edgeway does not support: leave and join again");
        }
    }

    private void closed(SignalingConnection connection) {
        joining.remove(connection);
        Participant p = byConnection.get(connection);
        if (p != null) {
            remove(p, LeaveReason.DISCONNECTED);
        }
    }

    /** The leg of {@code p} ended by itself. */
    void mediaGone(Participant p, LeaveReason reason, String detail) {
        if (p.gone) {
            return;
        }
        LOG.info("participant {} media ended ({}): {}", p.id(), reason.wireName(), detail);
        p.leg = null; // ended already: nothing to close
        if (reason != LeaveReason.LEFT) {
            p.connection.send(ServerMessages.error(ErrorCodes.MEDIA_DISCONNECTED, "your media connection ended ("
                    + reason.wireName() + "): join again"));
        }
        remove(p, reason);
    }

    private void remove(Participant p, LeaveReason reason) {
        if (p.gone) {
            return;
        }
        p.gone = true;
        Meeting meeting = p.meeting;
        meeting.remove(p);
        byConnection.remove(p.connection, p);
        if (p.leg != null) {
            p.leg.close();
            p.leg = null;
        }
        LOG.info("participant {} left meeting {} ({}, {} left)", p.id(), meeting.id, reason.wireName(), meeting.size());
        List<Participant> others = meeting.others(p);
        for (Participant other : others) {
            other.connection.send(ServerMessages.participantLeft(p.id(), reason));
        }
        if (!p.publication.tracks().isEmpty()) {
            for (Participant other : others) {
                offerIfNeeded(other);
            }
        }
        if (meeting.isEmpty()) {
            meetings.remove(meeting.id, meeting);
            meeting.room.close();
        }
        updateCounts();
    }

    private void updateCounts() {
        participantCount = byConnection.size();
        meetingCount = meetings.size();
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down with the media port: nothing is left to update.
            LOG.debug("media loop refused a signaling task");
        }
    }
}
