package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.TransportAttributes;
import io.edgeway.core.time.Clock;
import io.edgeway.ice.IceCredentials;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.Permissions;
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
 * participant and the renegotiations that make every participant receive every other participant's
 * tracks, and the RealtimeKit-shaped meeting events: media state, chat, kicks, the session ending, the
 * active speaker. Transports (the WebSocket endpoint) hand it decoded {@link ClientMessage}s; it answers
 * through each participant's {@link SignalingConnection} and drives the media engine through a
 * {@link MediaPlane}.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li><b>join</b>: the {@link JoinAuthenticator} decides who the connection is (a participant token,
 *       checked and claimed off the loop; or an open session's name) and hands over the participant's
 *       {@link Seat}. The participant enters its meeting (created by its first participant, keyed by the
 *       seat's realm and the meeting id; at most {@link #MAX_PARTICIPANTS}; none while draining), gets
 *       {@code roomJoined} with everyone already there and the chat so far, and they get
 *       {@code participantJoined}. A participant whose preset has a waiting room waits in the meeting's
 *       {@link WaitingRoom} until a host lets it in (then it enters as above) or not; a hidden participant
 *       enters without anyone being told.</li>
 *   <li><b>First offer</b> (always the client's: the SFU needs the browser's ICE credentials and
 *       certificate fingerprint before it can open the media leg): the leg opens with fresh local ICE
 *       credentials, the offer is answered under the {@link Publication} rules, and the participant's
 *       tracks become everyone else's subscriptions.</li>
 *   <li><b>Renegotiation</b>: whenever the tracks a participant should receive change (someone publishes,
 *       re-offers or leaves), the server offers ({@link Negotiation}); one offer at most is outstanding
 *       per participant, later changes wait for the answer. A client offer that crosses a server offer
 *       is refused with {@code negotiation_glare}: the server never rolls back.</li>
 *   <li><b>Meeting events</b>: {@code mediaState} (checked against the permissions) becomes
 *       {@code audioUpdate}/{@code videoUpdate}/{@code screenShareUpdate} to everyone, the sender
 *       included; {@code chat} goes through the seat and comes back as {@code chatUpdate} to everyone
 *       ({@link ChatRelay}); every {@link #SPEAKER_INTERVAL} the loudest speaker is sampled
 *       ({@link ActiveSpeakerDetector}) and a change is announced with {@code activeSpeaker}; pins are
 *       {@link Pins}', a host turning others' media off {@link HostControls}'.</li>
 *   <li><b>Leaving</b>: {@code leave}, the WebSocket closing, the media leg ending (ICE consent lost,
 *       DTLS failed or closed, or not connected {@link #MEDIA_CONNECT_TIMEOUT} after the first answer),
 *       a kick ({@code kick} from a participant allowed to, or the REST API through the seat) remove the
 *       participant: the others get {@code participantLeft} and an offer without its tracks, and the
 *       seat is released, exactly once. A kicked participant gets {@code kicked} and its connection
 *       closes. When the session ends for everyone (REST kick-all, the meeting set INACTIVE, its longest
 *       duration reached) each participant gets {@code meetingEnded} and its connection closes. The last
 *       one out closes the meeting.</li>
 * </ol>
 * Every refused request is answered {@code {"type":"error","code":...}} (codes in {@link ErrorCode}) and
 * the connection is kept, except after an {@code invalid_answer}, which removes the participant.
 *
 * <h2>Threading</h2>
 * All state is confined to one executor, the media port's event loop, which is also where the media
 * legs report: no locks. {@link #received}, {@link #disconnected}, {@link #drain} and the counters are
 * safe from any thread (the first two hop onto the loop); {@link #onTimeout} runs on the loop. Seats
 * complete their work (chat) and report removals from other threads; those hop onto the loop too.
 */
public final class SignalingService {

    /** Participants per meeting, at most (the SFU's design size, and the control plane's session limit). */
    public static final int MAX_PARTICIPANTS = 100;
    /** How long after its first answer a participant's media has to connect (ICE and DTLS). */
    public static final Duration MEDIA_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How often {@link #onTimeout} should run: the active speaker is sampled that often. */
    public static final Duration SPEAKER_INTERVAL = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(SignalingService.class);

    private final Executor loop;
    private final MediaPlane media;
    private final JoinAuthenticator authenticator;
    private final Clock clock;
    private final RandomGenerator random;
    private final int maxParticipants;
    private final int maxOpenMeetings;
    private final ChatRelay chat;
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
        this(loop, media, authenticator, clock, random, maxParticipants, Limits.MAX_CONCURRENT_SESSIONS);
    }

    /**
     * @param maxOpenMeetings live open-session meetings at once (token sessions are bounded by the control
     *     plane's live sessions): the same bound, so open sessions cannot make meetings without end
     */
    SignalingService(Executor loop, MediaPlane media, JoinAuthenticator authenticator, Clock clock,
            RandomGenerator random, int maxParticipants, int maxOpenMeetings) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.media = Objects.requireNonNull(media, "media");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.maxParticipants = maxParticipants;
        this.maxOpenMeetings = maxOpenMeetings;
        this.chat = new ChatRelay(this::execute);
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
                    remove(p, LeaveReason.SERVER_SHUTDOWN, true);
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
     * The periodic sweep, on the loop, every {@link #SPEAKER_INTERVAL}: a participant whose media has not
     * connected {@link #MEDIA_CONNECT_TIMEOUT} after its first answer is removed ({@code media_timeout}),
     * and each meeting's active speaker is sampled.
     */
    public void onTimeout(long nowNanos) {
        List<Participant> late = new ArrayList<>();
        for (Participant p : byConnection.values()) {
            if (p.leg != null && !p.connected && nowNanos - p.connectDeadlineNanos >= 0) {
                late.add(p);
            }
        }
        for (Participant p : late) {
            p.connection.send(ServerMessages.error(ErrorCode.MEDIA_DISCONNECTED, "media did not connect within "
                    + MEDIA_CONNECT_TIMEOUT.toSeconds() + " s of the answer (ICE or DTLS never completed)"));
            remove(p, LeaveReason.MEDIA_TIMEOUT, true);
        }
        for (Meeting meeting : meetings.values()) {
            sampleSpeaker(meeting, nowNanos);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // On the loop
    // ------------------------------------------------------------------------------------------------

    private void handle(SignalingConnection connection, ClientMessage message) {
        try {
            if (message instanceof ClientMessage.Join join) {
                join(connection, join);
            } else if (message instanceof ClientMessage.Leave) {
                remove(joined(connection), LeaveReason.LEFT, true);
            } else if (message instanceof ClientMessage.Offer offer) {
                offer(inMeeting(connection), offer.sdp());
            } else if (message instanceof ClientMessage.Answer answer) {
                answer(inMeeting(connection), answer.sdp());
            } else if (message instanceof ClientMessage.Candidate) {
                // ICE-lite (RFC 8445 §2.5): the SFU never checks toward the client, so its candidates are
                // of no use; its address is learnt from the checks it sends. Accepted, not answered.
                inMeeting(connection);
            } else if (message instanceof ClientMessage.MediaState state) {
                mediaState(inMeeting(connection), state);
            } else if (message instanceof ClientMessage.Chat text) {
                chat.send(inMeeting(connection), text);
            } else if (message instanceof ClientMessage.Kick kick) {
                kick(inMeeting(connection), kick.participantId());
            } else if (message instanceof ClientMessage.Recording recording) {
                recording(inMeeting(connection), recording.start());
            } else if (message instanceof ClientMessage.View view) {
                view(inMeeting(connection), view.view());
            } else if (message instanceof ClientMessage.WaitingRoomDecision decision) {
                waitingRoomDecision(inMeeting(connection), decision);
            } else if (message instanceof ClientMessage.Pin pin) {
                Participant p = inMeeting(connection);
                p.meeting.pins.request(p, pin);
            } else if (message instanceof ClientMessage.DisableMedia disable) {
                HostControls.disable(inMeeting(connection), disable);
            } else if (message instanceof ClientMessage.CreatePoll poll) {
                Participant p = inMeeting(connection);
                p.meeting.polls.create(p, poll);
            } else if (message instanceof ClientMessage.VotePoll vote) {
                Participant p = inMeeting(connection);
                p.meeting.polls.vote(p, vote);
            }
        } catch (SignalingException e) {
            connection.send(ServerMessages.error(e.code(), e.getMessage()));
        } catch (ApiException e) {
            connection.send(ServerMessages.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("signaling message {} failed", message.getClass().getSimpleName(), e);
            connection.send(ServerMessages.error(ErrorCode.INTERNAL_ERROR, "internal error"));
        }
    }

    private Participant joined(SignalingConnection connection) {
        Participant p = byConnection.get(connection);
        if (p == null) {
            throw new SignalingException(ErrorCode.NOT_JOINED, "join a meeting first");
        }
        return p;
    }

    /** The connection's participant, which must be in its meeting (not in the waiting room). */
    private Participant inMeeting(SignalingConnection connection) {
        Participant p = joined(connection);
        if (p.waiting) {
            throw new SignalingException(ErrorCode.WAITLISTED, "you are in the waiting room: wait until a host lets"
                    + " you in (roomJoined), or leave");
        }
        return p;
    }

    private void join(SignalingConnection connection, ClientMessage.Join join) {
        if (byConnection.containsKey(connection) || joining.contains(connection)) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection has joined already;"
                    + " leave first, or open another connection");
        }
        if (draining) {
            throw new SignalingException(ErrorCode.DRAINING, "this server is draining and takes no new joins");
        }
        CompletionStage<JoinDecision> decision;
        try {
            decision = authenticator.authenticate(join.fields());
        } catch (RuntimeException e) {
            LOG.warn("join authenticator failed", e);
            throw new SignalingException(ErrorCode.JOIN_FAILED, "could not check the join; try again");
        }
        joining.add(connection);
        decision.whenComplete((d, failure) -> execute(() -> admit(connection, d, failure)));
    }

    private void admit(SignalingConnection connection, JoinDecision decision, Throwable failure) {
        Seat seat = failure == null && decision instanceof JoinDecision.Admitted a ? a.seat() : null;
        if (!joining.remove(connection)) {
            release(seat); // disconnected while the authenticator decided
            return;
        }
        if (failure != null || decision == null) {
            LOG.warn("join authenticator failed", failure);
            connection.send(ServerMessages.error(ErrorCode.JOIN_FAILED, "could not check the join; try again"));
            return;
        }
        if (decision instanceof JoinDecision.Refused refused) {
            connection.send(ServerMessages.error(refused.code(), refused.message()));
            return;
        }
        ParticipantIdentity identity = ((JoinDecision.Admitted) decision).identity();
        String key = seat.realm() + ":" + identity.meetingId();
        Meeting meeting = meetings.get(key);
        SignalingException refusal = null;
        if (draining) {
            refusal = new SignalingException(ErrorCode.DRAINING, "this server is draining and takes no new joins");
        } else if (meeting != null && meeting.size() >= maxParticipants) {
            refusal = new SignalingException(ErrorCode.SESSION_FULL, "meeting " + identity.meetingId() + " has "
                    + maxParticipants + " participants, the most a session may have");
        } else if (meeting != null && meeting.contains(identity.participantId())) {
            refusal = new SignalingException(ErrorCode.DUPLICATE_PARTICIPANT, "participant "
                    + identity.participantId() + " is in the meeting already");
        } else if (meeting == null && OpenSessionAuthenticator.REALM.equals(seat.realm())
                && openMeetings() >= maxOpenMeetings) {
            refusal = new SignalingException(ErrorCode.TOO_MANY_SESSIONS, "this server has " + maxOpenMeetings
                    + " open meetings, the most it runs at once; join an existing one or try again later");
        }
        if (refusal != null) {
            release(seat);
            connection.send(ServerMessages.error(refusal.code(), refusal.getMessage()));
            return;
        }
        if (meeting == null) {
            meeting = new Meeting(key, identity.meetingId(), identity.meetingTitle(), media.openRoom(identity.meetingId()));
            meetings.put(key, meeting);
        }
        Participant participant = new Participant(this, identity, seat, connection, meeting);
        byConnection.put(connection, participant);
        if (meeting.waitingRoom.mustWait(identity)) {
            LOG.info("participant {} waits to enter meeting {}", identity.participantId(), meeting.id);
            meeting.waitingRoom.enqueue(participant);
        } else {
            enter(participant);
        }
        updateCounts();
        seat.attach((reason, message) -> execute(() -> removedByServer(participant, reason, message)));
    }

    /** {@code p} enters its meeting: {@code roomJoined} to it, {@code participantJoined} to the others (unless hidden). */
    private void enter(Participant p) {
        Meeting meeting = p.meeting;
        List<Participant> others = meeting.listedOthers(p);
        meeting.add(p);
        LOG.info("participant {} joined meeting {} ({} now)", p.id(), meeting.id, meeting.size());
        List<Participant> waitlisted = p.identity.permissions().acceptWaitingRequests()
                ? meeting.waitingRoom.participants() : List.of();
        p.connection.send(ServerMessages.roomJoined(p, others, p.seat.sessionId(), ChatRelay.historyFor(p, meeting),
                waitlisted));
        if (!p.hidden()) {
            Meeting.send(meeting.others(p), ServerMessages.participantJoined(p));
        }
        if (meeting.speaker.current() != null) {
            p.connection.send(ServerMessages.activeSpeaker(meeting.speaker.current()));
        }
    }

    /**
     * A host's {@code acceptWaitingRoomRequest} / {@code rejectWaitingRoomRequest}: those admitted enter in the
     * order named while the meeting has room ({@code session_full} for the rest, who keep waiting); those
     * rejected get {@code waitlistRejected} and their connections close.
     */
    private void waitingRoomDecision(Participant host, ClientMessage.WaitingRoomDecision decision) {
        Meeting meeting = host.meeting;
        for (Participant p : meeting.waitingRoom.named(host, decision)) {
            if (!decision.accept()) {
                p.connection.send(ServerMessages.waitlistRejected("you were not let into the meeting"));
                remove(p, LeaveReason.REJECTED, false);
                p.connection.close();
                continue;
            }
            if (meeting.size() >= maxParticipants) {
                throw new SignalingException(ErrorCode.SESSION_FULL, "meeting " + meeting.id + " has " + maxParticipants
                        + " participants, the most a session may have: " + p.id() + " keeps waiting");
            }
            meeting.waitingRoom.remove(p, LeaveReason.ACCEPTED);
            enter(p);
        }
        updateCounts();
    }

    /**
     * A poll from the app's server in the meeting of {@code realm}, shown to its participants; completes on the
     * loop with the poll, or empty when nobody is connected to that meeting here, or exceptionally with a
     * {@link SignalingException} ({@code invalid_request}) naming what is wrong with it. Any thread.
     */
    public CompletionStage<java.util.Optional<io.edgeway.signaling.model.Poll>> createPoll(String realm, String meetingId,
            String question, List<String> options, boolean anonymous, boolean hideVotes) {
        java.util.concurrent.CompletableFuture<java.util.Optional<io.edgeway.signaling.model.Poll>> done =
                new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                Meeting meeting = meetings.get(realm + ":" + meetingId);
                done.complete(meeting == null || meeting.participants().isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(meeting.polls.createByServer(meeting, question, options, anonymous,
                        hideVotes)));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** The pins of a meeting of {@code realm} (empty when it has none); on the loop. For the media side. */
    public PinnedParticipants pins(String realm, String meetingId) {
        Meeting meeting = meetings.get(realm + ":" + meetingId);
        return meeting == null ? java.util.Set::of : meeting.pins;
    }

    // ------------------------------------------------------------------------------------------------
    // Meeting events
    // ------------------------------------------------------------------------------------------------

    /**
     * What the client turned on or off. Turning on what the preset forbids refuses the whole message
     * ({@code publish_not_permitted}, nothing changes); each field given is then announced to everyone,
     * the sender included, even when it did not change (so a client may wait for its own echo).
     */
    private void mediaState(Participant p, ClientMessage.MediaState state) {
        Permissions may = p.identity.permissions();
        String preset = p.presetLabel();
        if (p.hidden() && (Boolean.TRUE.equals(state.audio()) || Boolean.TRUE.equals(state.video())
                || Boolean.TRUE.equals(state.screenShare()))) {
            throw new SignalingException(ErrorCode.PUBLISH_NOT_PERMITTED, "preset \"" + preset
                    + "\" makes its participants hidden (hidden_participant), and a hidden participant publishes nothing");
        }
        if (Boolean.TRUE.equals(state.audio())) {
            may.requireProduce(Permissions.Media.AUDIO, preset);
        }
        if (Boolean.TRUE.equals(state.video())) {
            may.requireProduce(Permissions.Media.VIDEO, preset);
        }
        if (Boolean.TRUE.equals(state.screenShare())) {
            may.requireProduce(Permissions.Media.SCREENSHARE, preset);
        }
        // A hidden participant's own state is echoed to it alone: nobody else may learn it is there.
        List<Participant> everyone = p.hidden() ? List.of(p) : p.meeting.everyone();
        if (state.audio() != null) {
            p.audioEnabled = state.audio();
            Meeting.send(everyone, ServerMessages.audioUpdate(p.id(), p.audioEnabled));
        }
        if (state.video() != null) {
            p.videoEnabled = state.video();
            Meeting.send(everyone, ServerMessages.videoUpdate(p.id(), p.videoEnabled));
        }
        if (state.screenShare() != null) {
            p.screenShareEnabled = state.screenShare();
            Meeting.send(everyone, ServerMessages.screenShareUpdate(p.id(), p.screenShareEnabled));
        }
    }

    /** {@code kick} from {@code p}: needs the preset's kick_participant; the target must be in the meeting. */
    private void kick(Participant p, String targetId) {
        if (!p.identity.permissions().kickParticipant()) {
            throw new SignalingException(ErrorCode.KICK_NOT_PERMITTED, "preset \"" + p.presetLabel()
                    + "\" does not allow removing participants (kick_participant)");
        }
        if (targetId.equals(p.id())) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "to leave the meeting yourself, send leave");
        }
        Participant target = p.meeting.get(targetId);
        if (target == null && p.meeting.waitingRoom.contains(targetId)) {
            target = waitingById(p.meeting, targetId);
        }
        if (target == null) {
            throw new SignalingException(ErrorCode.PARTICIPANT_NOT_FOUND, "no participant " + targetId
                    + " in this meeting");
        }
        String by = p.identity.displayName() != null ? p.identity.displayName() : p.id();
        kicked(target, "you were removed from the meeting by " + by);
    }

    /** Recording: refused without the permission, and unavailable with it (there is no recorder yet). */
    private void recording(Participant p, boolean start) {
        p.identity.permissions().requireStartStopRecording(p.presetLabel());
        throw new SignalingException(ErrorCode.RECORDING_UNAVAILABLE, "this Edgeway server has no recorder: "
                + (start ? "no recording was started" : "there is no recording to stop")
                + " (recording is not implemented yet)");
    }

    /** The seat's owner removed {@code p}: a kick of {@code p} alone, or the end of its session. */
    private void removedByServer(Participant p, ErrorCode reason, String message) {
        if (p.gone) {
            return;
        }
        if (reason == ErrorCode.KICKED) {
            kicked(p, message);
            return;
        }
        // The session ended for everyone: each participant of it hears meetingEnded, nobody hears of the
        // others leaving. Those who joined a newer session of the meeting since stay.
        String session = p.seat.sessionId();
        List<Participant> all = p.meeting.everyone();
        all.addAll(p.meeting.waitingRoom.participants());
        for (Participant q : all) {
            if (Objects.equals(q.seat.sessionId(), session)) {
                q.connection.send(ServerMessages.meetingEnded(reason, message));
                remove(q, LeaveReason.MEETING_ENDED, false);
                q.connection.close();
            }
        }
    }

    private void kicked(Participant p, String message) {
        p.connection.send(ServerMessages.kicked(ErrorCode.KICKED, message));
        remove(p, LeaveReason.KICKED, true);
        // Closes after the kicked message: writes on a connection go out in order.
        p.connection.close();
    }

    /** Samples the loudest participant and announces a new active speaker to everyone. */
    private void sampleSpeaker(Meeting meeting, long nowNanos) {
        String loudestId = null;
        int loudest = 0;
        int current = 0;
        String currentId = meeting.speaker.current();
        for (Participant p : meeting.participants()) {
            int loudness = p.leg == null || !p.connected ? 0 : p.leg.loudness(nowNanos);
            if (loudness > loudest) {
                loudest = loudness;
                loudestId = p.id();
            }
            if (p.id().equals(currentId)) {
                current = loudness;
            }
        }
        String next = meeting.speaker.sample(loudestId, loudest, current);
        if (next != null) {
            Meeting.send(meeting.participants(), ServerMessages.activeSpeaker(next));
        }
    }

    private static Participant waitingById(Meeting meeting, String id) {
        for (Participant w : meeting.waitingRoom.participants()) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------
    // Negotiation
    // ------------------------------------------------------------------------------------------------

    private void offer(Participant p, SessionDescription sdp) {
        if (p.negotiation != null && p.negotiation.pendingOffer() != null) {
            // Checked before anything else: a crossing offer changes nothing on this side.
            throw new SignalingException(ErrorCode.NEGOTIATION_GLARE, "the server's offer is outstanding: roll"
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
        p.leg.declares(publication.sources());
        p.leg.negotiated(p.negotiation.local(), p.negotiation.remote());
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
            throw new SignalingException(ErrorCode.NO_OFFER_PENDING, "the server has no offer outstanding");
        }
        try {
            p.negotiation.answered(sdp);
        } catch (SignalingException e) {
            if (!ErrorCode.INVALID_ANSWER.equals(e.code())) {
                throw e;
            }
            p.connection.send(ServerMessages.error(e.code(), e.getMessage() + "; you have been removed from the"
                    + " meeting"));
            remove(p, LeaveReason.NEGOTIATION_FAILED, true);
            return;
        }
        p.leg.negotiated(p.negotiation.local(), p.negotiation.remote());
        if (p.slots != null) {
            // The answer settled the slots' sections: the page can now place what they carry.
            sendSlots(p);
        }
        offerIfNeeded(p);
    }

    /** What the participant shows; its slots follow at the next media tick. */
    private void view(Participant p, SubscriberSlots.View view) {
        p.view = view;
        if (p.leg != null) {
            p.leg.view(view);
        }
    }

    /** The participant's slots carry other sources: it is told which participant each now carries. */
    void slotsChanged(Participant p) {
        if (!p.gone && p.negotiation != null && p.negotiation.local() != null) {
            sendSlots(p);
        }
    }

    private void sendSlots(Participant p) {
        p.connection.send(ServerMessages.slotsUpdate(p.leg.slotOccupants(), p.negotiation.local()));
    }

    /** The participant should send only these layers of what it publishes on {@code mid}. */
    void layersChanged(Participant p, String mid, List<String> rids, boolean[] active) {
        if (!p.gone) {
            p.connection.send(ServerMessages.layers(mid, rids, active));
        }
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
            throw new SignalingException(ErrorCode.SDP_REJECTED, "the offer has no a=group:BUNDLE: Edgeway carries"
                    + " every m= section over one transport (RFC 8843); use bundlePolicy 'max-bundle' or 'balanced'");
        }
        TransportAttributes transport = offer.transportOf(tag);
        IceCredentials remote;
        CertificateFingerprint fingerprint;
        try {
            remote = IceCredentials.of(String.valueOf(transport.iceUfrag()), String.valueOf(transport.icePwd()));
            fingerprint = CertificateFingerprint.parse(preferredFingerprint(transport.fingerprints()));
        } catch (IllegalArgumentException e) {
            throw new SignalingException(ErrorCode.SDP_REJECTED, "mid " + tag.mid() + ": " + e.getMessage());
        }
        p.leg = media.openLeg(p.meeting.room, p.id(), remote, fingerprint, p);
        p.remoteIce = remote;
        p.negotiation = new Negotiation(random.nextLong() & Long.MAX_VALUE, p.leg.transport());
        SlotLayout layout = media.slotLayout();
        if (layout != null) {
            // The participant's slots: offered once after its first answer, the same for the whole session.
            List<Long> own = new ArrayList<>();
            for (MediaDescription m : offer.media()) {
                own.addAll(m.ssrcs());
            }
            p.slots = SlotSet.create(layout, random, ssrc -> own.contains(ssrc) || p.meeting.publishedByOther(ssrc, p));
            p.leg.receiveThroughSlots(p.slots);
        }
        if (p.view != null) {
            p.leg.view(p.view);
        }
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
            throw new SignalingException(ErrorCode.SDP_REJECTED, "the offer changes the ICE credentials (an ICE"
                    + " restart, RFC 8445 §9), which Edgeway does not support: leave and join again");
        }
    }


    // ------------------------------------------------------------------------------------------------
    // Leaving
    // ------------------------------------------------------------------------------------------------

    private void closed(SignalingConnection connection) {
        joining.remove(connection);
        Participant p = byConnection.get(connection);
        if (p != null) {
            remove(p, LeaveReason.DISCONNECTED, true);
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
            p.connection.send(ServerMessages.error(ErrorCode.MEDIA_DISCONNECTED, "your media connection ended ("
                    + reason.wireName() + "): join again"));
        }
        remove(p, reason, true);
    }

    /**
     * Takes {@code p} out of its meeting, once: closes its leg, releases its seat, and unless
     * {@code tellOthers} is false (the whole session is ending) tells the others and renegotiates them.
     */
    private void remove(Participant p, LeaveReason reason, boolean tellOthers) {
        if (p.gone) {
            return;
        }
        p.gone = true;
        Meeting meeting = p.meeting;
        byConnection.remove(p.connection, p);
        if (p.waiting) {
            // Never in the meeting: only the hosts hear of it, through the waiting room.
            meeting.waitingRoom.remove(p, reason);
            release(p.seat);
            closeIfEmpty(meeting);
            updateCounts();
            return;
        }
        meeting.remove(p);
        meeting.pins.left(p.id());
        meeting.speaker.left(p.id());
        if (p.leg != null) {
            p.leg.close();
            p.leg = null;
        }
        release(p.seat);
        LOG.info("participant {} left meeting {} ({}, {} left)", p.id(), meeting.id, reason.wireName(), meeting.size());
        List<Participant> others = meeting.others(p);
        if (tellOthers && !p.hidden()) {
            for (Participant other : others) {
                other.connection.send(ServerMessages.participantLeft(p.id(), reason));
            }
        }
        if (!p.publication.tracks().isEmpty()) {
            for (Participant other : others) {
                offerIfNeeded(other);
            }
        }
        closeIfEmpty(meeting);
        updateCounts();
    }

    /** The last one out (or the last one waiting) closes the meeting and its room. */
    private void closeIfEmpty(Meeting meeting) {
        if (meeting.isEmpty()) {
            meetings.remove(meeting.key, meeting);
            meeting.room.close();
        }
    }

    /** Gives a seat back; a failing seat must not keep the participant in (its owner logs, we go on). */
    private static void release(Seat seat) {
        if (seat == null) {
            return;
        }
        try {
            seat.release();
        } catch (RuntimeException e) {
            LOG.warn("releasing a seat failed", e);
        }
    }

    private void updateCounts() {
        participantCount = byConnection.size();
        meetingCount = meetings.size();
    }

    /** Live open-session meetings (on the loop; counted only when a join would start a new one). */
    private int openMeetings() {
        String prefix = OpenSessionAuthenticator.REALM + ":";
        int n = 0;
        for (String key : meetings.keySet()) {
            if (key.startsWith(prefix)) {
                n++;
            }
        }
        return n;
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
