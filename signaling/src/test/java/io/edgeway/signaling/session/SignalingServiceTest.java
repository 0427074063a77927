package io.edgeway.signaling.session;

import static io.edgeway.signaling.session.SessionFixtures.answerTo;
import static io.edgeway.signaling.session.SessionFixtures.offerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.core.media.sdp.Direction;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SdpWriter;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The session layer without sockets: a direct executor stands in for the media port's loop, a
 * recording media plane for the engine, recording connections for WebSockets, and offers and answers
 * are derived from a real Chromium offer. Covers joining, the negotiation state machine (one server
 * offer outstanding, changes folded into the next), glare, the participant limit, the publish rules,
 * leaving for every reason, and draining.
 */
class SignalingServiceTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingMediaPlane media = new RecordingMediaPlane();
    private final SignalingService service = new SignalingService(Runnable::run, media,
            new OpenSessionAuthenticator(new Random(7), clock), clock, new Random(11));

    private RecordingConnection connect(String label) {
        return new RecordingConnection(label);
    }

    /** Joins {@code meeting} and returns the participant id the server gave. */
    private String join(RecordingConnection c, String meeting) {
        service.received(c, new ClientMessage.Join(SessionFixtures.join(meeting, c.label)));
        return c.last("roomJoined").get("self").get("id").asText();
    }

    private void offer(RecordingConnection c, SessionDescription sdp) {
        service.received(c, new ClientMessage.Offer(sdp));
    }

    private void answer(RecordingConnection c, SessionDescription sdp) {
        service.received(c, new ClientMessage.Answer(sdp));
    }

    /** Joins, offers the Chromium offer of number {@code n}, answers every server offer until stable. */
    private String joinAndPublish(RecordingConnection c, String meeting, int n) {
        String id = join(c, meeting);
        offer(c, offerOf(n));
        assertThat(c.types()).contains("answer");
        answerOutstanding(c);
        return id;
    }

    /** Answers the server's offers to {@code c} that are not answered yet, as a browser would. */
    private void answerOutstanding(RecordingConnection c) {
        while (c.all("offer").size() > c.answeredOffers) {
            JsonNode offer = c.all("offer").get(c.answeredOffers++);
            answer(c, answerTo(io.edgeway.core.media.sdp.SdpParser.parse(offer.get("sdp").asText())));
        }
    }

    private static List<String> streamIds(SessionDescription sd) {
        List<String> ids = new ArrayList<>();
        for (MediaDescription m : sd.media()) {
            if (!m.isRejected() && m.direction().sends() && !m.msids().isEmpty()) {
                ids.add(m.msids().get(0).streamId());
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------------------------------------
    // Joining

    @Test
    void joinAnswersRoomJoinedWithoutSelfAndTellsTheOthers() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        String aliceId = join(alice, "demo");
        JsonNode first = alice.last("roomJoined");
        assertThat(first.get("participants").size()).isZero();
        assertThat(first.get("self").get("name").asText()).isEqualTo("Alice");
        assertThat(first.get("meeting").get("id").asText()).isEqualTo("demo");
        assertThat(first.get("meeting").get("title").asText()).isEqualTo("demo");

        String bobId = join(bob, "demo");
        JsonNode second = bob.last("roomJoined");
        assertThat(second.get("participants").size()).as("self is not listed: total = 1 + 1").isEqualTo(1);
        assertThat(second.get("participants").get(0).get("id").asText()).isEqualTo(aliceId);
        assertThat(second.get("participants").get(0).get("name").asText()).isEqualTo("Alice");
        assertThat(alice.last("participantJoined").get("participant").get("id").asText()).isEqualTo(bobId);
        assertThat(bob.all("participantJoined")).isEmpty();
        assertThat(service.participantCount()).isEqualTo(2);
        assertThat(service.meetingCount()).isEqualTo(1);
        assertThat(media.rooms).hasSize(1);
    }

    @Test
    void requestsBeforeJoiningAndASecondJoinAreRefused() {
        RecordingConnection c = connect("Carol");
        offer(c, offerOf(1));
        service.received(c, new ClientMessage.Leave());
        service.received(c, new ClientMessage.Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
        assertThat(c.all("error")).extracting(e -> e.get("code").asText())
                .containsExactly("not_joined", "not_joined", "not_joined");

        join(c, "demo");
        c.clear();
        service.received(c, new ClientMessage.Join(SessionFixtures.join("demo", "Carol again")));
        assertThat(c.last("error").get("code").asText()).isEqualTo(ErrorCode.ALREADY_JOINED.code());
        // ICE-lite: a trickled candidate of a joined participant is accepted and not answered
        service.received(c, new ClientMessage.Candidate("", null, null));
        assertThat(c.sent).hasSize(1);
    }

    @Test
    void theHundredAndFirstParticipantIsRefused() {
        for (int i = 0; i < SignalingService.MAX_PARTICIPANTS; i++) {
            join(connect("p" + i), "big");
        }
        RecordingConnection late = connect("late");
        service.received(late, new ClientMessage.Join(SessionFixtures.join("big", "late")));
        assertThat(late.last("error").get("code").asText()).isEqualTo(ErrorCode.SESSION_FULL.code());
        assertThat(late.all("roomJoined")).isEmpty();
        assertThat(service.participantCount()).isEqualTo(100);
        // another meeting is not affected
        join(late, "small");
        assertThat(service.participantCount()).isEqualTo(101);
    }

    @Test
    void aDrainingServerRefusesJoinsButKeepsItsMeetings() {
        RecordingConnection alice = connect("Alice");
        join(alice, "demo");
        service.drain();
        RecordingConnection bob = connect("Bob");
        service.received(bob, new ClientMessage.Join(SessionFixtures.join("demo", "Bob")));
        assertThat(bob.last("error").get("code").asText()).isEqualTo(ErrorCode.DRAINING.code());
        offer(alice, offerOf(1));
        assertThat(alice.types()).contains("answer");
        assertThat(service.participantCount()).isEqualTo(1);
    }

    @Test
    void authenticatorRefusalsAndFailuresAreErrorsAndADecisionAfterDisconnectIsDropped() {
        CompletableFuture<JoinDecision> pending = new CompletableFuture<>();
        SignalingService refusing = new SignalingService(Runnable::run, media,
                JoinAuthenticator.refusing(ErrorCode.OPEN_SESSIONS_DISABLED, "off"), clock, new Random(1));
        RecordingConnection c = connect("Dan");
        refusing.received(c, new ClientMessage.Join(SessionFixtures.join("demo", "Dan")));
        assertThat(c.last("error").get("code").asText()).isEqualTo(ErrorCode.OPEN_SESSIONS_DISABLED.code());

        SignalingService slow = new SignalingService(Runnable::run, media, j -> pending, clock, new Random(1));
        RecordingConnection gone = connect("Gone");
        slow.received(gone, new ClientMessage.Join(SessionFixtures.join("demo", "Gone")));
        slow.disconnected(gone);
        pending.complete(JoinDecision.admit(new ParticipantIdentity("p1", "Gone", "demo", "Demo", true, true, true),
                new SessionFixtures.CountingSeat()));
        assertThat(gone.sent).isEmpty();
        assertThat(slow.participantCount()).isZero();

        SignalingService failing = new SignalingService(Runnable::run, media,
                j -> CompletableFuture.failedFuture(new IllegalStateException("database down")), clock, new Random(1));
        RecordingConnection e = connect("Eve");
        failing.received(e, new ClientMessage.Join(SessionFixtures.join("demo", "Eve")));
        assertThat(e.last("error").get("code").asText()).isEqualTo(ErrorCode.JOIN_FAILED.code());
        assertThat(e.last("error").get("message").asText()).doesNotContain("database");
    }

    // ------------------------------------------------------------------------------------------------
    // Offer, answer, renegotiation

    @Test
    void theFirstOfferOpensTheLegAndIsAnsweredReceivingWhatTheBrowserSends() {
        RecordingConnection alice = connect("Alice");
        String aliceId = join(alice, "demo");
        offer(alice, offerOf(1));

        SessionFixtures.RecordingLeg leg = media.legOf(aliceId);
        assertThat(leg.remote.ufrag()).isEqualTo("usr1");
        assertThat(leg.published).containsExactly(1001L, 1002L, 1003L);
        SessionDescription answer = alice.lastSdp("answer");
        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.RECVONLY, Direction.RECVONLY, Direction.INACTIVE, Direction.INACTIVE);
        assertThat(answer.media().get(0).candidates()).hasSize(2);
        assertThat(answer.transportOf(answer.media().get(0)).iceUfrag()).isEqualTo(leg.transport.iceUfrag());
        assertThat(alice.all("offer")).as("nobody else publishes yet").isEmpty();
    }

    @Test
    void publishersTracksReachEveryoneWithTheirParticipantIdAsStreamId() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        String aliceId = joinAndPublish(alice, "demo", 1);
        String bobId = join(bob, "demo");
        offer(bob, offerOf(2));

        // Bob's answer first, then the server's offer with Alice's two tracks.
        assertThat(bob.types()).containsSubsequence("answer", "offer");
        SessionDescription toBob = bob.lastSdp("offer");
        assertThat(streamIds(toBob)).containsExactly(aliceId, aliceId);
        MediaDescription aliceVideo = toBob.media().get(5);
        assertThat(aliceVideo.direction()).isEqualTo(Direction.SENDONLY);
        ForwardedTrack sent = ForwardedTrack.sentOn(aliceVideo);
        assertThat(sent.ssrc()).isEqualTo(1002L);
        assertThat(sent.rtxSsrc()).isEqualTo(1003L);
        assertThat(sent.trackId()).isEqualTo(aliceId + "-1");

        // Alice, already negotiated, gets Bob's tracks.
        assertThat(streamIds(alice.lastSdp("offer"))).containsExactly(bobId, bobId);

        // Each completed negotiation hands the leg the transport's extension ids (Chromium's numbering).
        answer(alice, answerTo(alice.lastSdp("offer")));
        SessionFixtures.RecordingLeg aliceLeg = media.legOf(aliceId);
        assertThat(aliceLeg.negotiations).as("her first answer, then her answer to the offer").hasSize(2);
        assertThat(aliceLeg.negotiations.get(1)).containsEntry("urn:ietf:params:rtp-hdrext:sdes:mid", 4)
                .containsEntry("urn:ietf:params:rtp-hdrext:ssrc-audio-level", 1)
                .containsEntry("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", 3);
        assertThat(media.legOf(bobId).negotiations).hasSize(1);
    }

    @Test
    void oneServerOfferIsOutstandingAndLaterChangesWaitForItsAnswer() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        RecordingConnection carol = connect("Carol");
        joinAndPublish(alice, "demo", 1);
        String bobId = join(bob, "demo");
        offer(bob, offerOf(2));
        int offersToAlice = alice.all("offer").size();
        String carolId = join(carol, "demo");
        offer(carol, offerOf(3));

        // Alice has not answered the offer with Bob's tracks: Carol's wait.
        assertThat(alice.all("offer")).hasSize(offersToAlice);
        assertThat(streamIds(alice.lastSdp("offer"))).containsExactly(bobId, bobId);
        answer(alice, answerTo(alice.lastSdp("offer")));
        assertThat(alice.all("offer")).hasSize(offersToAlice + 1);
        assertThat(streamIds(alice.lastSdp("offer"))).containsExactly(bobId, bobId, carolId, carolId);
        answer(alice, answerTo(alice.lastSdp("offer")));
        assertThat(alice.all("offer")).as("nothing changed since").hasSize(offersToAlice + 1);
    }

    @Test
    void glareRefusesTheClientOfferAndTheServerNeverRollsBack() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        joinAndPublish(alice, "demo", 1);
        String bobId = join(bob, "demo");
        offer(bob, offerOf(2));
        SessionDescription outstanding = alice.lastSdp("offer");

        // Alice re-offers while the server's offer is outstanding: refused, nothing changes.
        alice.clear();
        offer(alice, offerOf(1));
        assertThat(alice.types()).containsExactly("error");
        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.NEGOTIATION_GLARE.code());

        // The polite client rolls back, answers the server's offer, then offers again.
        answer(alice, answerTo(outstanding));
        SessionDescription reoffer = answerTo(outstanding).toBuilder().build();
        offer(alice, offerWithServerSections(reoffer));
        SessionDescription answer = alice.lastSdp("answer");
        assertThat(streamIds(answer)).as("the SFU keeps sending Bob's tracks").containsExactly(bobId, bobId);
        assertThat(alice.all("error")).hasSize(1);
    }

    /**
     * The browser's re-offer after it answered the server: its own sections as in its first offer, the
     * server's sections {@code recvonly}, one BUNDLE group, {@code actpass}.
     */
    private static SessionDescription offerWithServerSections(SessionDescription browserAnswer) {
        SessionDescription first = offerOf(1);
        List<MediaDescription> sections = new ArrayList<>(first.media());
        for (int i = first.media().size(); i < browserAnswer.media().size(); i++) {
            MediaDescription m = browserAnswer.media().get(i);
            sections.add(m.isRejected() ? m : m.toBuilder().transport(first.media().get(0).transport()).build());
        }
        List<String> mids = new ArrayList<>();
        for (MediaDescription m : sections) {
            if (!m.isRejected()) {
                mids.add(m.mid());
            }
        }
        return first.toBuilder().media(sections)
                .groups(List.of(io.edgeway.core.media.sdp.Group.bundle(mids))).build();
    }

    @Test
    void answersWithoutAnOfferOrBreakingTheOfferAreRefused() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        joinAndPublish(alice, "demo", 1);
        answer(alice, offerOf(1));
        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.NO_OFFER_PENDING.code());
        String bobId = join(bob, "demo");
        offer(bob, offerOf(2));
        // An answer with the wrong number of sections: the negotiation cannot continue.
        answer(alice, offerOf(1));
        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.INVALID_ANSWER.code());
        assertThat(bob.last("participantLeft").get("reason").asText()).isEqualTo("negotiation_failed");
        assertThat(service.participantCount()).isEqualTo(1);
        assertThat(bobId).isNotEmpty();
    }

    @Test
    void badOffersAreRefusedAndAnIceRestartToo() {
        RecordingConnection alice = connect("Alice");
        String aliceId = join(alice, "demo");
        SessionDescription noBundle = offerOf(1).toBuilder().groups(List.of()).build();
        offer(alice, noBundle);
        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.SDP_REJECTED.code());
        assertThat(media.legs).as("no leg survives a refused first offer")
                .allSatisfy(l -> assertThat(l.closed).isTrue());

        offer(alice, offerOf(1));
        assertThat(alice.types()).contains("answer");
        offer(alice, SessionFixtures.withOtherIceCredentials(offerOf(1)));
        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.SDP_REJECTED.code());
        assertThat(alice.last("error").get("message").asText()).contains("ICE restart");
        assertThat(media.legOf(aliceId).closed).isFalse();
    }

    /**
     * RFC 8843 §9.2: an offer whose bundled sections give one extension ID two URIs is refused up front with
     * {@code sdp_rejected} naming the ID, not accepted and broken when the transport connects; the same
     * participant's offer without the clash is answered.
     */
    @Test
    void anOfferGivingOneExtensionIdTwoUrisIsRefusedUpFront() {
        RecordingConnection alice = connect("Alice");
        join(alice, "demo");
        // The audio section swaps its IDs of the audio level and abs-send-time: ID 2 is then the audio level
        // there and abs-send-time in the video section, both kept by the SFU.
        SessionDescription clashing = SdpParser.parse(SdpWriter.write(offerOf(1))
                .replaceFirst("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:1 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")
                .replaceFirst("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level"));

        offer(alice, clashing);

        assertThat(alice.last("error").get("code").asText()).isEqualTo(ErrorCode.SDP_REJECTED.code());
        assertThat(alice.last("error").get("message").asText()).contains("extension ID 2").contains("RFC 8843 §9.2");
        assertThat(media.legs).allSatisfy(l -> assertThat(l.closed).isTrue());
        offer(alice, offerOf(1));
        assertThat(alice.types()).contains("answer");
    }

    // ------------------------------------------------------------------------------------------------
    // Publish rules

    @Test
    void sectionsSentWithoutPermissionAreAnsweredAsNotReceivedAndNotForwarded() {
        SignalingService audioOnly = new SignalingService(Runnable::run, media, j -> CompletableFuture.completedFuture(
                JoinDecision.admit(new ParticipantIdentity(j.get("name").asText(), j.get("name").asText(), "m", "M",
                        true, j.get("name").asText().equals("full"), false), new SessionFixtures.CountingSeat())),
                clock, new Random(3));
        RecordingConnection listener = connect("full");
        RecordingConnection speaker = connect("speaker");
        audioOnly.received(listener, new ClientMessage.Join(SessionFixtures.join("m", "full")));
        audioOnly.received(listener, new ClientMessage.Offer(offerOf(1)));
        audioOnly.received(speaker, new ClientMessage.Join(SessionFixtures.join("m", "speaker")));
        audioOnly.received(speaker, new ClientMessage.Offer(offerOf(2)));

        SessionDescription answer = speaker.lastSdp("answer");
        assertThat(answer.media().get(0).direction()).isEqualTo(Direction.RECVONLY);
        assertThat(answer.media().get(1).direction()).as("video without canPublishVideo").isEqualTo(Direction.INACTIVE);
        assertThat(media.legOf("speaker").published).containsExactly(2001L);
        SessionDescription toListener = listener.lastSdp("offer");
        assertThat(toListener.media().stream().filter(m -> "speaker".equals(
                m.msids().isEmpty() ? null : m.msids().get(0).streamId())).map(MediaDescription::kind))
                .containsExactly("audio");
    }

    @Test
    void anSsrcSomeoneElsePublishesIsNotTakenOver() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection mallory = connect("Mallory");
        joinAndPublish(alice, "demo", 1);
        String malloryId = join(mallory, "demo");
        offer(mallory, offerOf(1)); // the same SSRCs as Alice
        assertThat(mallory.lastSdp("answer").media()).extracting(MediaDescription::direction).containsExactly(
                Direction.INACTIVE, Direction.INACTIVE, Direction.INACTIVE, Direction.INACTIVE);
        assertThat(media.legOf(malloryId).published).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------
    // Leaving

    @Test
    void leavingTellsTheOthersAndRemovesItsTracksAndTheLastOneClosesTheMeeting() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        String aliceId = joinAndPublish(alice, "demo", 1);
        String bobId = joinAndPublish(bob, "demo", 2);
        answerOutstanding(alice);
        alice.clear();

        service.received(bob, new ClientMessage.Leave());
        assertThat(media.legOf(bobId).closed).isTrue();
        JsonNode left = alice.last("participantLeft");
        assertThat(left.get("participantId").asText()).isEqualTo(bobId);
        assertThat(left.get("reason").asText()).isEqualTo("left");
        SessionDescription withoutBob = alice.lastSdp("offer");
        assertThat(streamIds(withoutBob)).isEmpty();
        assertThat(withoutBob.media().subList(4, 6)).allSatisfy(m -> assertThat(m.isRejected()).isTrue());
        assertThat(bob.all("participantLeft")).isEmpty();

        // The connection stays usable: Bob can join again.
        String again = join(bob, "demo");
        assertThat(again).isNotEqualTo(bobId);
        service.disconnected(bob);
        assertThat(alice.last("participantLeft").get("reason").asText()).isEqualTo("disconnected");
        service.disconnected(alice);
        assertThat(media.rooms.get(0).closed).isTrue();
        assertThat(service.meetingCount()).isZero();
        assertThat(aliceId).isNotEqualTo(bobId);
    }

    @Test
    void mediaThatEndsOrNeverConnectsRemovesTheParticipant() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        RecordingConnection carol = connect("Carol");
        String aliceId = joinAndPublish(alice, "demo", 1);
        String bobId = joinAndPublish(bob, "demo", 2);
        String carolId = joinAndPublish(carol, "demo", 3);
        media.legOf(aliceId).listener.onConnected();
        media.legOf(bobId).listener.onConnected();

        media.legOf(bobId).listener.onGone(LeaveReason.MEDIA_TIMEOUT, "ICE consent expired");
        assertThat(bob.last("error").get("code").asText()).isEqualTo(ErrorCode.MEDIA_DISCONNECTED.code());
        assertThat(alice.last("participantLeft").get("reason").asText()).isEqualTo("media_timeout");
        assertThat(media.legOf(bobId).closed).as("a leg that ended is not closed again").isFalse();

        // Carol's media never connected: 30 s after her answer she is removed.
        clock.advance(SignalingService.MEDIA_CONNECT_TIMEOUT.minus(Duration.ofMillis(1)));
        service.onTimeout(clock.nanos());
        assertThat(service.participantCount()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        service.onTimeout(clock.nanos());
        assertThat(carol.last("error").get("code").asText()).isEqualTo(ErrorCode.MEDIA_DISCONNECTED.code());
        assertThat(alice.last("participantLeft").get("participantId").asText()).isEqualTo(carolId);
        assertThat(media.legOf(carolId).closed).isTrue();
        assertThat(service.participantCount()).isEqualTo(1);
    }

    @Test
    void closeRemovesEveryoneAndClosesTheirConnections() {
        RecordingConnection alice = connect("Alice");
        RecordingConnection bob = connect("Bob");
        joinAndPublish(alice, "demo", 1);
        joinAndPublish(bob, "demo", 2);
        service.close(Duration.ofSeconds(1));
        assertThat(alice.closed).isTrue();
        assertThat(bob.closed).isTrue();
        assertThat(service.participantCount()).isZero();
        assertThat(media.legs).allSatisfy(l -> assertThat(l.closed).isTrue());
        assertThat(service.draining()).isTrue();
    }
}
