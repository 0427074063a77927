package io.edgeway.ice;

import static io.edgeway.ice.IceLiteHarness.HOST;
import static io.edgeway.ice.IceLiteHarness.HOST_V6;
import static io.edgeway.ice.IceLiteHarness.SRFLX;
import static io.edgeway.ice.IceLiteHarness.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.ice.IceEvent.Type;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pair validation, USE-CANDIDATE nomination (RFC 8445 §7.3.1.5) and consent freshness (RFC 7675) of
 * {@link IceLiteResponder}, with time driven by a {@code ManualClock}.
 */
class IceLiteNominationTest {

    private static final Duration CONSENT = ConsentTracker.CONSENT_TIMEOUT;
    private static final Duration NANO = Duration.ofNanos(1);
    /** PRIORITY values (RFC 8445 §7.1.1) of two of the browser's candidates, one above the other. */
    private static final long HIGHER = 0x6E7F1EFFL;
    private static final long LOWER = 0x6E7E1EFFL;

    private final IceLiteHarness h = new IceLiteHarness();

    @Test
    void checkWithoutUseCandidateValidatesThePairOnly() {
        h.exchange(check(), HOST);
        h.exchange(check(), HOST);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED);
        IceEvent validated = h.events.get(0);
        assertThat(validated.participant()).isSameAs(h.alice);
        assertThat(validated.pair()).isEqualTo(new CandidatePair(h.udp, HOST));
        assertThat(h.alice.selectedPair()).isNull();
        assertThat(h.responder.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void useCandidateNominatesTheFiveTupleAsTheSelectedPair() {
        h.exchange(check(), HOST);
        h.exchange(check().useCandidate(), HOST);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);
        CandidatePair selected = h.alice.selectedPair();
        assertThat(selected.local()).isSameAs(h.udp);
        assertThat(selected.remote()).isEqualTo(HOST);
        assertThat(h.events.get(1).pair()).isSameAs(selected);
        assertThat(h.events.get(1).previous()).isNull();
    }

    @Test
    void firstCheckWithUseCandidateValidatesAndNominates() {
        h.exchange(check().useCandidate(), SRFLX);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);
        assertThat(h.alice.selectedPair()).isEqualTo(new CandidatePair(h.udp, SRFLX));
    }

    @Test
    void repeatedNominationOfTheSelectedPairReportsNothingNew() {
        h.exchange(check().useCandidate(), HOST);
        h.exchange(check().useCandidate(), HOST);
        h.exchange(check(), HOST);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);
    }

    /** RFC 8445 §8.1.1: of several nominated pairs, the one with the highest priority carries the media. */
    @Test
    void nominatingAHigherPriorityPairMovesTheMedia() {
        h.exchange(check().priority(LOWER).useCandidate(), HOST);
        h.exchange(check().priority(HIGHER), SRFLX);
        h.exchange(check().priority(HIGHER).useCandidate(), SRFLX);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.PAIR_VALIDATED,
                Type.SELECTED_PAIR_CHANGED);
        IceEvent changed = h.events.get(3);
        assertThat(changed.pair()).isEqualTo(new CandidatePair(h.udp, SRFLX));
        assertThat(changed.previous()).isEqualTo(new CandidatePair(h.udp, HOST));
        assertThat(h.alice.selectedPair()).isEqualTo(changed.pair());
    }

    /** A later nomination of a pair with a lower (or equal) priority leaves the media where it is. */
    @Test
    void aLowerPriorityNominationDoesNotMoveTheMedia() {
        h.exchange(check().priority(HIGHER).useCandidate(), HOST);
        h.exchange(check().priority(LOWER).useCandidate(), SRFLX);
        h.exchange(check().priority(HIGHER).useCandidate(), HOST_V6);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.PAIR_VALIDATED,
                Type.PAIR_VALIDATED);
        assertThat(h.alice.selectedPair()).isEqualTo(new CandidatePair(h.udp, HOST));
    }

    /** The SFU's UDP candidate ranks above its ICE-TCP one (D of the pair priority, RFC 8445 §6.1.2.3). */
    @Test
    void sameAddressOnAnotherSocketIsAnotherPairAndUdpRanksAboveTcp() {
        h.exchange(check().useCandidate(), HOST, h.tcp);
        h.exchange(check().useCandidate(), HOST, h.udp);
        h.exchange(check().useCandidate(), HOST, h.tcp);

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.PAIR_VALIDATED,
                Type.SELECTED_PAIR_CHANGED);
        assertThat(h.alice.selectedPair().local()).isSameAs(h.udp);
    }

    /**
     * Firefox toward a lite agent nominates every pair it checks (RFC 5245's aggressive nomination), in
     * the order its checks complete, then keeps consent only on the pair it selected, the highest-priority
     * one. The SFU selects that same pair however the nominations were ordered, media never goes to a pair
     * Firefox does not use, and consent on Firefox's pair alone keeps the participant for a minute and
     * more: the other nominated pairs lapse without a word.
     */
    @Test
    void firefoxsAggressiveNominationSelectsThePairFirefoxUses() {
        // Firefox's checks as they complete: a TCP pair first, then lower before higher UDP host pairs.
        h.exchange(check().priority(0x6D7F00FFL).useCandidate(), HOST, h.tcp);
        h.exchange(check().priority(0x6E7E00FFL).useCandidate(), SRFLX);
        h.exchange(check().priority(0x6E7F00FFL).useCandidate(), HOST);
        h.exchange(check().priority(0x6E7D00FFL).useCandidate(), HOST_V6);
        CandidatePair firefoxsPair = new CandidatePair(h.udp, HOST);
        assertThat(h.alice.selectedPair()).isEqualTo(firefoxsPair);
        // While the checks complete the choice climbs (as Firefox's own does), then it stays.
        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.PAIR_VALIDATED,
                Type.SELECTED_PAIR_CHANGED, Type.PAIR_VALIDATED, Type.SELECTED_PAIR_CHANGED, Type.PAIR_VALIDATED);
        int afterNominations = h.events.size();

        for (int i = 0; i < 14; i++) {
            h.clock.advance(Duration.ofSeconds(5));
            h.responder.onTimeout(h.clock.nanos());
            // Consent checks (RFC 7675) on Firefox's selected pair only, without USE-CANDIDATE.
            h.exchange(check().priority(0x6E7F00FFL), HOST);
        }

        assertThat(h.alice.isActive()).isTrue();
        assertThat(h.alice.selectedPair()).isEqualTo(firefoxsPair);
        assertThat(h.events).as("nothing moved or was lost after the nominations").hasSize(afterNominations);
    }

    @Test
    void roleConflictAndFailedChecksValidateNothing() {
        h.exchange(check().controlled().useCandidate(), HOST);
        h.exchange(check().password("notTheRightPassword1234").useCandidate(), HOST);
        h.exchange(check().withoutPriority().useCandidate(), HOST);

        assertThat(h.events).isEmpty();
        assertThat(h.alice.selectedPair()).isNull();
    }

    @Test
    void consentIsLostExactlyThirtySecondsAfterTheLastCheckOnTheSelectedPair() {
        long nominatedAt = h.clock.nanos();
        h.exchange(check().useCandidate(), HOST);
        assertThat(h.responder.nextDeadline()).isEqualTo(nominatedAt + CONSENT.toNanos());

        h.clock.advance(CONSENT.minus(NANO));
        h.responder.onTimeout(h.clock.nanos());
        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);
        assertThat(h.alice.isActive()).isTrue();

        h.clock.advance(NANO);
        h.responder.onTimeout(h.clock.nanos());

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.CONSENT_LOST);
        IceEvent lost = h.events.get(2);
        assertThat(lost.participant()).isSameAs(h.alice);
        assertThat(lost.pair()).isEqualTo(new CandidatePair(h.udp, HOST));
        assertThat(h.alice.isActive()).isFalse();
        assertThat(h.responder.participant(IceLiteHarness.EDGEWAY.ufrag())).isNull();
        assertThat(h.responder.nextDeadline()).isEqualTo(Long.MAX_VALUE);

        // The participant is gone: a late check is refused and reports nothing more.
        assertThat(h.exchange(check().useCandidate(), HOST).errorCode()).isEqualTo(401);
        h.responder.onTimeout(h.clock.nanos());
        assertThat(h.events).hasSize(3);
        assertThat(h.responder.removeParticipant(h.alice)).isFalse();
    }

    @Test
    void consentIsKeptByChecksEveryFiveSeconds() {
        h.exchange(check().useCandidate(), HOST);
        for (int i = 0; i < 24; i++) {
            h.clock.advance(Duration.ofSeconds(5));
            h.responder.onTimeout(h.clock.nanos());
            // Browsers' consent checks carry no USE-CANDIDATE once nominated; either renews consent.
            h.exchange(i % 2 == 0 ? check() : check().useCandidate(), HOST);
        }
        long lastCheck = h.clock.nanos();
        assertThat(h.responder.nextDeadline()).isEqualTo(lastCheck + CONSENT.toNanos());
        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);

        h.clock.advance(CONSENT);
        h.responder.onTimeout(h.clock.nanos());
        assertThat(h.eventTypes()).endsWith(Type.CONSENT_LOST);
    }

    @Test
    void checksOnOtherPairsDoNotRenewConsent() {
        h.exchange(check().useCandidate(), HOST);
        h.clock.advance(Duration.ofSeconds(20));
        h.exchange(check(), SRFLX);
        h.exchange(check(), HOST, h.tcp);

        h.clock.advance(Duration.ofSeconds(10));
        h.responder.onTimeout(h.clock.nanos());

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.PAIR_VALIDATED,
                Type.PAIR_VALIDATED, Type.CONSENT_LOST);
    }

    /**
     * RFC 7675: consent is per 5-tuple. A browser that lost the network of its selected pair nominates a
     * surviving pair of lower priority and checks only that: when the selected pair's consent lapses, the
     * surviving pair, whose consent holds, carries the media; when it too lapses, the participant goes.
     */
    @Test
    void aNominatedPairWithConsentTakesOverWhenTheSelectedOneLapses() {
        h.exchange(check().priority(HIGHER).useCandidate(), HOST);
        h.clock.advance(Duration.ofSeconds(20));
        h.exchange(check().priority(LOWER).useCandidate(), SRFLX);
        long renominatedAt = h.clock.nanos();
        assertThat(h.alice.selectedPair().remote()).isEqualTo(HOST);

        h.clock.advance(Duration.ofSeconds(10));
        h.responder.onTimeout(h.clock.nanos());

        assertThat(h.alice.isActive()).isTrue();
        assertThat(h.eventTypes()).endsWith(Type.SELECTED_PAIR_CHANGED);
        assertThat(h.alice.selectedPair()).isEqualTo(new CandidatePair(h.udp, SRFLX));
        assertThat(h.responder.nextDeadline()).isEqualTo(renominatedAt + CONSENT.toNanos());

        h.clock.advance(Duration.ofSeconds(20));
        h.responder.onTimeout(h.clock.nanos());
        assertThat(h.eventTypes()).endsWith(Type.CONSENT_LOST);
        assertThat(h.alice.isActive()).isFalse();
    }

    @Test
    void expiredConsentIsNoticedByALateCheckBeforeTheTimerRuns() {
        h.exchange(check().useCandidate(), HOST);
        h.clock.advance(CONSENT);

        // The timer has not run yet; the check itself finds consent expired, and cannot revive it.
        assertThat(h.exchange(check().useCandidate(), HOST).errorCode()).isEqualTo(401);
        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED, Type.CONSENT_LOST);
        assertThat(h.alice.isActive()).isFalse();
    }

    @Test
    void nextDeadlineIsTheEarliestOverAllParticipants() {
        IceCredentials bobLocal = IceCredentials.of("BobLocal", "bobLocalPassword0123456");
        IceCredentials bobBrowser = IceCredentials.of("BobB", "bobBrowserPassword0123");
        h.responder.addParticipant("bob", bobLocal, bobBrowser);

        h.exchange(check().useCandidate(), HOST);
        long aliceDeadline = h.clock.nanos() + CONSENT.toNanos();
        h.clock.advance(Duration.ofSeconds(3));
        h.exchange(IceChecks.from(bobBrowser, bobLocal).useCandidate(), SRFLX);
        long bobDeadline = h.clock.nanos() + CONSENT.toNanos();
        assertThat(h.responder.nextDeadline()).isEqualTo(aliceDeadline);

        h.clock.advance(Duration.ofSeconds(27));
        h.responder.onTimeout(h.clock.nanos());
        assertThat(h.alice.isActive()).isFalse();
        assertThat(h.responder.nextDeadline()).isEqualTo(bobDeadline);
        assertThat(h.events.stream().filter(e -> e.type() == Type.CONSENT_LOST).map(e -> e.participant().id()).toList())
                .isEqualTo(List.of("alice"));
    }

    @Test
    void participantRemovedByTheCallerIsNotReportedAsLost() {
        h.exchange(check().useCandidate(), HOST);
        h.responder.removeParticipant(h.alice);

        h.clock.advance(CONSENT);
        h.responder.onTimeout(h.clock.nanos());

        assertThat(h.eventTypes()).containsExactly(Type.PAIR_VALIDATED, Type.NOMINATED);
    }

    @Test
    void failingListenerDoesNotStopTheResponder() {
        IceLiteResponder responder = new IceLiteResponder(new Random(1), event -> {
            throw new IllegalStateException("listener bug");
        });
        IceParticipant p = responder.addParticipant("x", IceLiteHarness.EDGEWAY, IceLiteHarness.BROWSER);
        RecordingSink sink = new RecordingSink("udp");
        ByteBuf packet = check().useCandidate().encode();
        try {
            assertThat(responder.onStun(h.clock.nanos(), HOST, packet, sink)).isTrue();
        } finally {
            packet.release();
        }
        assertThat(sink.poll().message().isSuccess()).isTrue();
        assertThat(p.selectedPair()).isEqualTo(new CandidatePair(sink, HOST));
    }
}
