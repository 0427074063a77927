package io.edgeway.ice;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.stun.codec.UnderstoodAttributes;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-lite agent of the media port (RFC 8445 §2.5): answers the connectivity checks of every
 * participant, learns which candidate pair each participant nominates for media, and drops a
 * participant whose consent lapses (RFC 7675).
 *
 * <h2>Theory of operation</h2>
 * A lite agent has one host candidate per socket, sends no checks, and is always the controlled agent
 * (RFC 8445 §6.1.1: a full agent facing a lite one takes the controlling role). The participant's full
 * agent (the browser) checks every pair it can form against our candidate; we authenticate each check
 * with short-term credentials and answer it. A check answered with success from a new 5-tuple
 * validates that pair ({@link IceEvent.Type#PAIR_VALIDATED}); a check carrying USE-CANDIDATE nominates
 * it, and the nominated pair with the highest priority is the participant's selected pair, where media
 * goes ({@link IceEvent.Type#NOMINATED}, {@link IceEvent.Type#SELECTED_PAIR_CHANGED}). From then on the
 * browser's consent checks on the selected pair (every 5 s or so) keep the participant alive; 30 s
 * without one and it moves to another nominated pair that still has consent, or is dropped
 * ({@link IceEvent.Type#CONSENT_LOST}, see {@link ConsentTracker}).
 *
 * <p>A check is processed in the order of RFC 8489 §6.3 and §9.1.3, then RFC 8445 §7.3:
 * <ol>
 *   <li>FINGERPRINT present (RFC 8445 §7), else 400;</li>
 *   <li>USERNAME and MESSAGE-INTEGRITY(-SHA256) present, else 400;</li>
 *   <li>USERNAME is {@code localUfrag:remoteUfrag} (RFC 8445 §7.2.2) with a registered local ufrag and,
 *       once the remote description is known, its remote ufrag, else 401;</li>
 *   <li>integrity verifies with the participant's local password, else 401;</li>
 *   <li>no unknown comprehension-required attribute, else 420 (authenticated);</li>
 *   <li>PRIORITY present, ICE-CONTROLLING/ICE-CONTROLLED well formed, else 400 (authenticated);</li>
 *   <li>ICE-CONTROLLED means a role conflict: 487 (authenticated, RFC 8445 §7.3.1.1);</li>
 *   <li>success, then the pair's state and events.</li>
 * </ol>
 * A check for a ufrag that is not registered gets 401, as RFC 8489 §9.1.3 prescribes for a username
 * that is not currently valid, rather than silence: a participant that was removed, or checks that
 * raced ahead of registration, then fail at once instead of retransmitting for seconds; the answer is
 * smaller than the check that caused it (no amplification) and passes the per-source rate limit.
 *
 * <h2>Nomination (RFC 8445 §7.3.2, §8.1.1, §8.2)</h2>
 * A lite agent sets the nominated flag of the pair on which it accepts a check with USE-CANDIDATE
 * (§7.3.2), and once a component has a nominated pair that pair is its selected pair (§8.2). A full agent
 * following RFC 8445 (regular nomination, Chromium) nominates one pair and may not nominate another in the
 * same ICE session (§8.1.1). One that nominates more (RFC 5245's aggressive nomination, which Firefox uses
 * toward a lite peer: every check it sends carries USE-CANDIDATE) selects the nominated pair with the
 * highest priority, and §8.1.1 asks both agents to do the same: "use the pairs with the highest
 * priority". So the selected pair is the nominated pair with the highest priority whose consent holds;
 * a later nomination of a lower-priority pair changes nothing, a higher one moves the media. The
 * priority is the pair priority of §6.1.2.3 with G, the controlling agent's candidate, taken from the
 * check's PRIORITY attribute (the priority its candidate would have as peer-reflexive, §7.1.1: what a
 * controlled agent learns of a remote candidate it was not told of, §7.3.1.3; within one candidate type
 * it orders candidates as their own priorities do), and D the SFU's candidate ({@link LocalCandidates}:
 * the UDP one above the ICE-TCP one).
 *
 * <h2>Consent (RFC 7675)</h2>
 * Consent belongs to a 5-tuple: every authenticated check on a pair renews that pair's consent for
 * {@link ConsentTracker#CONSENT_TIMEOUT}. Media goes only where consent holds. When the selected pair's
 * consent lapses, the nominated pair with the highest priority that still has consent becomes the
 * selected pair ({@link IceEvent.Type#SELECTED_PAIR_CHANGED}: a browser that lost a network keeps
 * checking the pair it moved to); when none has, the participant is dropped
 * ({@link IceEvent.Type#CONSENT_LOST}).
 *
 * <h2>Threading and buffers</h2>
 * {@link #onStun}, {@link #onTimeout} and {@link #nextDeadline} are confined to one thread, the media
 * port's STUN thread. {@link #addParticipant}, {@link #removeParticipant} and {@link #participant} are
 * safe from any thread (the registry is a concurrent map): the signaling layer registers participants
 * while checks are answered. Packets are <em>borrowed</em>; answers are allocated from the sink's
 * allocator and handed to it. Listener calls happen on the responder's thread.
 *
 * <p>Cost: a check costs one HMAC-SHA1 to verify and one to answer, plus a few small allocations (the
 * USERNAME string; events). Checks arrive every few seconds per participant, far from the media path;
 * the RTP path never comes here.
 */
public final class IceLiteResponder implements StunPacketHandler {

    /** RFC 8445's comprehension-required attributes. */
    private static final UnderstoodAttributes UNDERSTOOD = UnderstoodAttributes.stunPlus(
            StunAttributeType.PRIORITY, StunAttributeType.USE_CANDIDATE);

    private static final Logger LOG = LoggerFactory.getLogger(IceLiteResponder.class);

    /** Default limit on unauthenticated error answers per source: generous for a browser's retries. */
    public static final int DEFAULT_UNAUTHENTICATED_PER_SECOND = 10;
    public static final int DEFAULT_UNAUTHENTICATED_BURST = 20;
    private static final int RATE_LIMITER_SLOTS = 4096;
    /** Attempts to draw an unused local ufrag before giving up (48 random bits: one draw suffices). */
    private static final int MAX_UFRAG_ATTEMPTS = 8;
    private static final int PRIORITY_LENGTH = 4;
    private static final int TIE_BREAKER_LENGTH = 8;

    private final ConcurrentHashMap<String, IceParticipant> participants = new ConcurrentHashMap<>();
    private final RandomGenerator random;
    private final IceEventListener listener;
    private final SourceRateLimiter unauthenticatedLimiter;
    private final Duration consentTimeout;
    private final BindingResponses responses = new BindingResponses();
    private final StunMessage message = new StunMessage();
    private final int[] unknownAttributes = new int[StunMessage.MAX_ATTRIBUTES];
    private final long[] outcomes = new long[IceCheckOutcome.values().length];

    /**
     * A responder with the default unauthenticated-answer limit and RFC 7675's 30 s consent timeout.
     *
     * @param random   draws local credentials and the rate limiter's hash seed: {@code SecureRandom} in
     *                 production; must be safe for every thread that adds participants
     * @param listener receives the events, on the responder's thread
     */
    public IceLiteResponder(RandomGenerator random, IceEventListener listener) {
        this(random, listener, new SourceRateLimiter(DEFAULT_UNAUTHENTICATED_PER_SECOND,
                DEFAULT_UNAUTHENTICATED_BURST, RATE_LIMITER_SLOTS, random.nextInt()),
                ConsentTracker.CONSENT_TIMEOUT);
    }

    /**
     * @param unauthenticatedLimiter per-source limit on 400 and 401 answers (confined to this
     *                               responder's thread; a limiter with a rate of 0 disables it)
     * @param consentTimeout         how long a selected pair keeps consent without a check
     */
    public IceLiteResponder(RandomGenerator random, IceEventListener listener,
            SourceRateLimiter unauthenticatedLimiter, Duration consentTimeout) {
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.unauthenticatedLimiter = Objects.requireNonNull(unauthenticatedLimiter, "unauthenticatedLimiter");
        this.consentTimeout = Objects.requireNonNull(consentTimeout, "consentTimeout");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive, got " + consentTimeout);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Registry (any thread)
    // ---------------------------------------------------------------------------------------------

    /**
     * Registers a participant with freshly generated local credentials (RFC 8445 §5.3), to be put in
     * the SDP this side sends.
     *
     * @param remote the participant's credentials from its SDP, or null when not known yet
     */
    public IceParticipant addParticipant(String participantId, IceCredentials remote) {
        for (int attempt = 0; attempt < MAX_UFRAG_ATTEMPTS; attempt++) {
            IceParticipant participant = new IceParticipant(participantId, IceCredentials.generate(random),
                    remote, new ConsentTracker(consentTimeout));
            if (participants.putIfAbsent(participant.localCredentials().ufrag(), participant) == null) {
                return participant;
            }
        }
        throw new IllegalStateException("no unused ICE ufrag after " + MAX_UFRAG_ATTEMPTS + " attempts");
    }

    /**
     * Registers a participant with the given local credentials.
     *
     * @throws IllegalStateException if another participant already uses the local ufrag, which must be
     *                               unique on this responder: it is the key every check is found by
     */
    public IceParticipant addParticipant(String participantId, IceCredentials local, IceCredentials remote) {
        IceParticipant participant = new IceParticipant(participantId, local, remote,
                new ConsentTracker(consentTimeout));
        if (participants.putIfAbsent(local.ufrag(), participant) != null) {
            throw new IllegalStateException("ICE ufrag " + local.ufrag() + " is already registered");
        }
        return participant;
    }

    /**
     * Removes a participant (it left, or ICE restarted with new credentials); its checks get 401 from
     * now on. No event is reported for a removal the caller asked for.
     *
     * @return false when it was not registered (already removed, or dropped for lost consent)
     */
    public boolean removeParticipant(IceParticipant participant) {
        boolean removed = participants.remove(participant.localCredentials().ufrag(), participant);
        if (removed) {
            participant.deactivate();
        }
        return removed;
    }

    /** The participant registered under a local ufrag, or null. */
    public IceParticipant participant(String localUfrag) {
        return participants.get(localUfrag);
    }

    public int participantCount() {
        return participants.size();
    }

    /** How many packets ended with {@code outcome}; exact on the responder's thread, approximate elsewhere. */
    public long count(IceCheckOutcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    // ---------------------------------------------------------------------------------------------
    // Packets and timers (responder thread)
    // ---------------------------------------------------------------------------------------------

    @Override
    public boolean onStun(long nowNanos, InetSocketAddress from, ByteBuf packet, StunReplySink out) {
        try {
            message.wrap(packet, packet.readerIndex(), packet.readableBytes());
        } catch (StunParseException e) {
            tally(IceCheckOutcome.NOT_STUN);
            return false;
        }
        if (message.messageType() != StunMessageType.BINDING_REQUEST) {
            // RFC 8445 §11: Binding indications are keepalives and need no answer. A lite agent sends no
            // requests, so responses are strays; other methods are not ICE and get no answer on a media port.
            tally(IceCheckOutcome.IGNORED);
            return true;
        }
        onBindingRequest(nowNanos, from, out);
        return true;
    }

    private void onBindingRequest(long now, InetSocketAddress from, StunReplySink out) {
        // RFC 8445 §7: the FINGERPRINT mechanism MUST be used for connectivity checks; without it this
        // cannot be told from a media packet that happens to look like STUN.
        if (!message.hasFingerprint()) {
            rejectUnauthenticated(now, ErrorCode.BAD_REQUEST, from, out);
            return;
        }
        // RFC 8489 §9.1.3: a request without USERNAME and MESSAGE-INTEGRITY(-SHA256) is rejected with 400.
        int usernameIndex = message.indexOf(StunAttributeType.USERNAME);
        boolean sha256 = message.integritySha256Index() >= 0;
        if (usernameIndex < 0 || !sha256 && message.integrityIndex() < 0) {
            rejectUnauthenticated(now, ErrorCode.BAD_REQUEST, from, out);
            return;
        }
        String username;
        try {
            username = TextAttribute.read(message, usernameIndex);
        } catch (StunParseException tooLong) {
            rejectUnauthenticated(now, ErrorCode.BAD_REQUEST, from, out);
            return;
        }
        IceParticipant participant = authenticate(now, username, sha256);
        if (participant == null) {
            // RFC 8489 §9.1.3: a username that is not currently valid, or integrity that does not
            // match, is answered with 401, without MESSAGE-INTEGRITY.
            rejectUnauthenticated(now, ErrorCode.UNAUTHENTICATED, from, out);
            return;
        }
        byte[] key = participant.localCredentials().key();

        // RFC 8489 §6.3.1.1: after authentication, unknown comprehension-required attributes -> 420.
        int unknown = UNDERSTOOD.collectUnknown(message, unknownAttributes);
        if (unknown > 0) {
            tally(IceCheckOutcome.UNKNOWN_ATTRIBUTE);
            responses.unknownAttributes(message, unknownAttributes, unknown, from, out, key, sha256);
            return;
        }
        // RFC 8445 §7.1.1: a check carries PRIORITY and, §7.1.3, one of ICE-CONTROLLING/ICE-CONTROLLED.
        int controlling = message.indexOf(StunAttributeType.ICE_CONTROLLING);
        int controlled = message.indexOf(StunAttributeType.ICE_CONTROLLED);
        if (!hasLength(StunAttributeType.PRIORITY, PRIORITY_LENGTH)
                || controlling >= 0 && message.valueLength(controlling) != TIE_BREAKER_LENGTH
                || controlled >= 0 && message.valueLength(controlled) != TIE_BREAKER_LENGTH
                || controlling >= 0 && controlled >= 0) {
            tally(IceCheckOutcome.BAD_REQUEST);
            responses.error(message, ErrorCode.BAD_REQUEST, from, out, key, sha256);
            return;
        }
        if (controlled >= 0) {
            // RFC 8445 §7.3.1.1: both agents claim the controlled role. A full agent would compare
            // tie-breakers and might switch to controlling, but a lite agent never takes the controlling
            // role (§6.1.1), so it answers 487 whatever the tie-breaker, as if its own always won: the
            // full agent then switches to controlling and checks again (§7.2.5.1).
            tally(IceCheckOutcome.ROLE_CONFLICT);
            responses.error(message, ErrorCode.ROLE_CONFLICT, from, out, key, sha256);
            return;
        }
        // A check with neither role attribute comes from an RFC 3489-era agent; nothing conflicts.
        tally(IceCheckOutcome.ANSWERED);
        responses.success(message, from, out, key, sha256);
        long remotePriority = message.buffer().getUnsignedInt(
                message.valueOffset(message.indexOf(StunAttributeType.PRIORITY)));
        onValidCheck(now, participant, from, out, message.has(StunAttributeType.USE_CANDIDATE), remotePriority);
    }

    /**
     * Finds the participant the USERNAME names and verifies the check's integrity with its password;
     * null when either fails. Drops a participant found with expired consent (lazy expiry: the timer
     * may not have run yet), so a late check cannot revive it.
     */
    private IceParticipant authenticate(long now, String username, boolean sha256) {
        int colon = username.indexOf(':');
        if (colon <= 0 || colon == username.length() - 1) {
            return null;
        }
        IceParticipant participant = participants.get(username.substring(0, colon));
        if (participant == null) {
            return null;
        }
        if (!keepsConsent(participant, now)) {
            return null;
        }
        IceCredentials remote = participant.remoteCredentials();
        if (remote != null && !remoteUfragMatches(username, colon + 1, remote.ufrag())) {
            // A check made with other (old or foreign) credentials than the participant's current ones.
            return null;
        }
        byte[] key = participant.localCredentials().key();
        boolean verified = sha256 ? MessageIntegritySha256.verify(message, key) : MessageIntegrity.verify(message, key);
        return verified ? participant : null;
    }

    private static boolean remoteUfragMatches(String username, int from, String remoteUfrag) {
        return username.length() - from == remoteUfrag.length() && username.startsWith(remoteUfrag, from);
    }

    /** A success was sent: record the validated pair, its consent, its nomination and the selection. */
    private void onValidCheck(long now, IceParticipant participant, InetSocketAddress from, StunReplySink out,
            boolean useCandidate, long remotePriority) {
        IceParticipant.ValidatedPair pair = participant.findValidated(out, from);
        if (pair == null) {
            pair = participant.addValidated(out, from);
            emit(new IceEvent(IceEvent.Type.PAIR_VALIDATED, participant, pair.pair, null));
        }
        // RFC 7675 §5.1: an authenticated check on a pair renews consent for its 5-tuple (with or without
        // USE-CANDIDATE).
        pair.lastCheckNanos = now;
        if (useCandidate && !pair.nominated) {
            // RFC 8445 §7.3.2: the lite agent sets the nominated flag of the pair the check arrived on.
            pair.nominated = true;
            pair.priority = pairPriority(remotePriority, LocalCandidates.priority(out.isStream(), 0));
        }
        if (pair.nominated) {
            select(now, participant);
        }
    }

    /**
     * RFC 8445 §6.1.2.3: {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}, G the controlling agent's (the
     * browser's) candidate priority, D the controlled agent's (ours).
     */
    static long pairPriority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }

    /**
     * Makes the nominated pair with the highest priority and live consent the selected one (RFC 8445
     * §8.1.1), keeping the current one on equal priority; consent of the participant now runs from that
     * pair's last check. False when no nominated pair has consent.
     */
    private boolean select(long now, IceParticipant participant) {
        IceParticipant.ValidatedPair best = participant.bestNominated(now, consentTimeout.toNanos());
        if (best == null) {
            return false;
        }
        CandidatePair previous = participant.selectedPair();
        IceParticipant.ValidatedPair current = previous == null ? null
                : participant.findValidated(previous.local(), previous.remote());
        if (current != null && current != best && current.nominated
                && now - current.lastCheckNanos < consentTimeout.toNanos() && current.priority >= best.priority) {
            best = current;
        }
        participant.consent().refresh(best.lastCheckNanos);
        if (best.pair != previous) {
            participant.select(best.pair);
            emit(previous == null
                    ? new IceEvent(IceEvent.Type.NOMINATED, participant, best.pair, null)
                    : new IceEvent(IceEvent.Type.SELECTED_PAIR_CHANGED, participant, best.pair, previous));
        }
        return true;
    }

    /**
     * Whether the participant still has consent at {@code now}: its selected pair's, or, once that lapsed,
     * another nominated pair's, which then becomes the selected one. Drops it (once) when none has.
     */
    private boolean keepsConsent(IceParticipant participant, long now) {
        if (!participant.consent().isExpired(now)) {
            return true;
        }
        if (!participant.consent().isLost() && select(now, participant)) {
            return true;
        }
        consentLost(participant, now);
        return false;
    }

    @Override
    public void onTimeout(long nowNanos) {
        // Once a second or so, not per packet: iterating the registry is cheap enough.
        for (IceParticipant participant : participants.values()) {
            keepsConsent(participant, nowNanos);
        }
    }

    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (IceParticipant participant : participants.values()) {
            next = Math.min(next, participant.consent().nextDeadline());
        }
        return next;
    }

    private void consentLost(IceParticipant participant, long now) {
        CandidatePair selected = participant.selectedPair();
        // onTimeout flips the tracker to lost exactly once; remove() succeeds only if the caller has not
        // removed the participant meanwhile, so the event is reported at most once.
        if (participant.consent().onTimeout(now)
                && participants.remove(participant.localCredentials().ufrag(), participant)) {
            participant.deactivate();
            LOG.debug("ICE consent lost for participant {}", participant.id());
            emit(new IceEvent(IceEvent.Type.CONSENT_LOST, participant, selected, null));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private void rejectUnauthenticated(long now, int code, InetSocketAddress from, StunReplySink out) {
        if (!unauthenticatedLimiter.tryAcquire(from.getAddress(), now)) {
            tally(IceCheckOutcome.RATE_LIMITED);
            return;
        }
        tally(code == ErrorCode.BAD_REQUEST ? IceCheckOutcome.BAD_REQUEST : IceCheckOutcome.UNAUTHENTICATED);
        responses.error(message, code, from, out, null, false);
    }

    private boolean hasLength(int type, int length) {
        int index = message.indexOf(type);
        return index >= 0 && message.valueLength(index) == length;
    }


    private void emit(IceEvent event) {
        try {
            listener.onIceEvent(event);
        } catch (RuntimeException e) {
            // The responder's state is already consistent; a failing listener must not stop the port.
            LOG.warn("ICE event listener failed on {} for participant {}", event.type(), event.participant().id(), e);
        }
    }

    private void tally(IceCheckOutcome outcome) {
        outcomes[outcome.ordinal()]++;
    }
}
