package io.edgeway.core.media.sdp;

import static io.edgeway.core.media.sdp.SfuFixtures.TRANSPORT;
import static io.edgeway.core.media.sdp.SfuFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Server-initiated renegotiation: participants join and leave, sections keep their place and mid. */
class SfuOfferBuilderTest {

    private static final ForwardedTrack BOB_MIC = ForwardedTrack.audio("bob", "bob-mic", 0x22222222L, "bob-cname");
    private static final ForwardedTrack BOB_CAM = ForwardedTrack.video("bob", "bob-cam", 0x33333333L, 0x33333334L,
            "bob-cname");
    private static final ForwardedTrack DAVE_MIC = ForwardedTrack.audio("dave", "dave-mic", 0x44444444L, "dave-cname");

    private final SfuOfferBuilder offers = new SfuOfferBuilder(TRANSPORT);
    /** The SFU's answer to the Chromium capture: publishing sections 0 and 1, inactive 2 and 3. */
    private final SessionDescription answered = new SfuAnswerBuilder(TRANSPORT)
            .answer(SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER), Origin.of(4242, 1));

    @Test
    void aJoinAddsSendonlySectionsAfterTheExistingOnes() {
        SessionDescription join = offers.offer(answered, List.of(BOB_MIC, BOB_CAM));

        assertThat(join.origin()).isEqualTo(Origin.of(4242, 2));
        assertThat(join.iceLite()).isTrue();
        assertThat(join.bundleMids()).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(join.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(join.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.RECVONLY, Direction.RECVONLY, Direction.INACTIVE, Direction.INACTIVE,
                Direction.SENDONLY, Direction.SENDONLY);
        // existing sections unchanged apart from the offerer's DTLS role
        for (int i = 0; i < 4; i++) {
            MediaDescription before = answered.media().get(i);
            MediaDescription after = join.media().get(i);
            assertThat(after.toBuilder().transport(before.transport()).build()).isEqualTo(before);
            assertThat(after.transport().setup()).isEqualTo(Setup.ACTPASS);
        }
        MediaDescription audio = join.media().get(4);
        MediaDescription video = join.media().get(5);
        // codecs and extension ids copied from the sections of the same kind
        assertThat(audio.payloadFormats()).isEqualTo(answered.media().get(0).payloadFormats());
        assertThat(audio.extMaps()).isEqualTo(answered.media().get(0).extMaps());
        assertThat(video.payloadFormats()).isEqualTo(answered.media().get(1).payloadFormats());
        assertThat(video.extMaps()).isEqualTo(answered.media().get(1).extMaps());
        assertThat(ForwardedTrack.sentOn(audio)).isEqualTo(BOB_MIC);
        assertThat(ForwardedTrack.sentOn(video)).isEqualTo(BOB_CAM);

        List<String> lines = lines(join);
        assertThat(lines).containsSequence(
                "m=video 10000 UDP/TLS/RTP/SAVPF 96 97 108 109",
                "c=IN IP4 127.0.0.1",
                "a=ice-ufrag:edgeway0sfu",
                "a=ice-pwd:0123456789abcdefABCDEF+/",
                "a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"
                        + ":01:23:45:67:89",
                "a=setup:actpass",
                "a=mid:5",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:bob bob-cam",
                "a=rtcp-mux",
                "a=rtcp-rsize");
        assertThat(lines).containsSequence(
                "a=fmtp:109 apt=108",
                "a=ssrc-group:FID 858993459 858993460",
                "a=ssrc:858993459 cname:bob-cname",
                "a=ssrc:858993459 msid:bob bob-cam",
                "a=ssrc:858993460 cname:bob-cname",
                "a=ssrc:858993460 msid:bob bob-cam",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 tcp 1526726655 127.0.0.1 4443 typ host tcptype passive",
                "a=end-of-candidates");
        assertThat(lines).containsSequence("a=sendonly", "a=msid:bob bob-mic");
        assertThat(SdpParser.parse(SdpWriter.write(join))).isEqualTo(join);
    }

    @Test
    void aLeaveSetsTheSectionsToPortZeroAndARejoinGetsNewMids() {
        SessionDescription join = offers.offer(answered, List.of(BOB_MIC, BOB_CAM, DAVE_MIC));
        assertThat(join.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3", "4", "5", "6");

        // bob leaves, dave stays: dave keeps mid 6 even though he is now listed first
        SessionDescription leave = offers.offer(join, List.of(DAVE_MIC));
        assertThat(leave.origin().sessionVersion()).isEqualTo(3);
        assertThat(leave.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3", "4", "5", "6");
        assertThat(leave.media()).extracting(MediaDescription::port)
                .containsExactly(10000, 10000, 10000, 10000, 0, 0, 10000);
        assertThat(leave.bundleMids()).containsExactly("0", "1", "2", "3", "6");
        for (MediaDescription gone : leave.media().subList(4, 6)) {
            assertThat(gone.direction()).isEqualTo(Direction.INACTIVE);
            assertThat(gone.msids()).isEmpty();
            assertThat(gone.ssrcAttributes()).isEmpty();
            assertThat(gone.candidates()).isEmpty();
        }
        assertThat(lines(leave)).containsSequence("m=audio 0 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:4",
                "a=inactive", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1");
        assertThat(lines(leave)).containsSequence("m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:5",
                "a=inactive", "a=rtpmap:96 VP8/90000", "m=audio 10000 UDP/TLS/RTP/SAVPF 111");
        assertThat(leave.media().get(6)).isEqualTo(join.media().get(6));

        // bob comes back with the same track ids: new sections, mids 7 and 8; 4 and 5 stay rejected
        SessionDescription rejoin = offers.offer(leave, List.of(DAVE_MIC, BOB_MIC, BOB_CAM));
        assertThat(rejoin.media()).extracting(MediaDescription::mid)
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(rejoin.media().subList(4, 6)).allMatch(MediaDescription::isRejected);
        assertThat(ForwardedTrack.sentOn(rejoin.media().get(7))).isEqualTo(BOB_MIC);
        assertThat(ForwardedTrack.sentOn(rejoin.media().get(8))).isEqualTo(BOB_CAM);
        assertThat(rejoin.bundleMids()).containsExactly("0", "1", "2", "3", "6", "7", "8");
        assertThat(SdpParser.parse(SdpWriter.write(rejoin))).isEqualTo(rejoin);
    }

    @Test
    void aSendrecvSectionWhoseTrackLeftKeepsReceiving() {
        // the participant publishes on mid 0 and the SFU also sent dave there
        SessionDescription both = new SfuAnswerBuilder(TRANSPORT).answer(SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER),
                Origin.of(1, 1), Map.of("0", DAVE_MIC));
        assertThat(both.media().get(0).direction()).isEqualTo(Direction.SENDRECV);
        SessionDescription next = offers.offer(both, List.of());
        MediaDescription mid0 = next.media().get(0);
        assertThat(mid0.isRejected()).isFalse();
        assertThat(mid0.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(mid0.msids()).isEmpty();
        assertThat(mid0.ssrcAttributes()).isEmpty();
        assertThat(next.media()).hasSize(4);
    }

    @Test
    void aTrackWithNewSsrcsStaysOnItsSection() {
        SessionDescription join = offers.offer(answered, List.of(BOB_CAM));
        ForwardedTrack restarted = ForwardedTrack.video("bob", "bob-cam", 0x55555555L, 0x55555556L, "bob-cname");
        SessionDescription next = offers.offer(join, List.of(restarted));
        assertThat(next.media()).hasSize(5);
        assertThat(ForwardedTrack.sentOn(next.media().get(4))).isEqualTo(restarted);
    }

    @Test
    void initialOfferWithoutAnyPreviousNegotiation() {
        SessionDescription offer = offers.initialOffer(Origin.of(99, 1), List.of("audio", "video"),
                List.of(BOB_MIC, BOB_CAM));
        assertThat(offer.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3");
        assertThat(offer.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.RECVONLY, Direction.RECVONLY, Direction.SENDONLY, Direction.SENDONLY);
        assertThat(offer.bundleMids()).containsExactly("0", "1", "2", "3");
        // Chromium's numbers when nothing else is in the bundle
        assertThat(offer.media().get(0).payloadFormats()).containsExactly(new PayloadFormat(111, "opus", 48000, 2,
                "minptime=10;useinbandfec=1", List.of(RtcpFeedback.TRANSPORT_CC)));
        assertThat(offer.media().get(1).formats()).containsExactly("96", "97");
        assertThat(offer.media().get(1).rtxFor(96)).isNotNull();
        assertThat(offer.media().get(0).extMaps()).extracting(ExtMap::id).containsExactly(1, 2, 3, 4);
        assertThat(offer.media().get(1).extMaps()).containsExactly(ExtMap.of(2, ExtMap.ABS_SEND_TIME),
                ExtMap.of(3, ExtMap.TRANSPORT_WIDE_CC), ExtMap.of(4, ExtMap.SDES_MID));
        assertThat(offer.media().get(3).payloadFormats()).isEqualTo(offer.media().get(1).payloadFormats());
        assertThat(offer.media().get(3).ssrcGroup(SsrcGroup.FID).ssrcs()).containsExactly(0x33333333L, 0x33333334L);
        for (MediaDescription m : offer.media()) {
            assertThat(m.transport().setup()).isEqualTo(Setup.ACTPASS);
            assertThat(m.rtcpMux()).isTrue();
        }
        assertThatThrownBy(() -> offers.initialOffer(Origin.of(1, 1), List.of("application"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAvoidNumbersTheBundleAlreadyUses() {
        // a previous negotiation with audio only, whose Opus is 96 and whose mid extension is 1
        SessionDescription audioOnly = SdpParser.parse(String.join("\r\n", "v=0", "o=- 5 1 IN IP4 127.0.0.1", "s=-",
                "t=0 0", "a=group:BUNDLE a", "a=ice-lite", "m=audio 10000 UDP/TLS/RTP/SAVPF 96 97",
                "c=IN IP4 127.0.0.1", "a=mid:a", "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=recvonly", "a=rtcp-mux",
                "a=rtpmap:96 opus/48000/2", "a=rtpmap:97 telephone-event/8000", ""));
        SessionDescription offer = offers.offer(audioOnly, List.of(BOB_CAM));
        MediaDescription video = offer.media().get(1);
        assertThat(video.mid()).isEqualTo("0");                  // no numeric mid yet: numbering starts at 0
        assertThat(video.formats()).containsExactly("98", "99");  // 96 and 97 mean something else here
        assertThat(video.payloadFormat(99).fmtp()).isEqualTo("apt=98");
        // mid keeps the bundle's id 1; abs-send-time and transport-cc get Chromium's 2 and 3 unless taken
        assertThat(video.extMaps()).containsExactly(ExtMap.of(1, ExtMap.SDES_MID), ExtMap.of(3, ExtMap.ABS_SEND_TIME),
                ExtMap.of(4, ExtMap.TRANSPORT_WIDE_CC));
    }

    @Test
    void checkAnswerAcceptsABrowsersAnswerAndRefusesWhatTheSfuCannotUse() {
        SessionDescription join = offers.offer(answered, List.of(BOB_MIC));
        SessionDescription good = answerAs(join, Setup.ACTIVE, Direction.SENDONLY, Direction.SENDONLY,
                Direction.INACTIVE, Direction.INACTIVE, Direction.RECVONLY);
        SfuOfferBuilder.checkAnswer(join, good);

        assertThatThrownBy(() -> SfuOfferBuilder.checkAnswer(join, answerAs(join, Setup.PASSIVE, Direction.SENDONLY,
                Direction.SENDONLY, Direction.INACTIVE, Direction.INACTIVE, Direction.RECVONLY)))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("a=setup:passive");
        assertThatThrownBy(() -> SfuOfferBuilder.checkAnswer(join, answerAs(join, Setup.ACTIVE, Direction.SENDONLY,
                Direction.SENDONLY, Direction.INACTIVE, Direction.INACTIVE, Direction.SENDRECV)))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("mid 4 answers sendrecv to sendonly");
        SessionDescription shorter = good.toBuilder().groups(List.of()).media(good.media().subList(0, 4)).build();
        assertThatThrownBy(() -> SfuOfferBuilder.checkAnswer(join, shorter))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("has 4 m= sections, the offer 5");
    }

    @Test
    void trackIdsAreUnique() {
        assertThatThrownBy(() -> offers.offer(answered, List.of(BOB_MIC, BOB_MIC)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bob-mic");
    }

    /** A browser-like answer to {@code offer}: same sections, the given DTLS role and directions. */
    private static SessionDescription answerAs(SessionDescription offer, Setup setup, Direction... directions) {
        List<MediaDescription> media = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            media.add(offer.media().get(i).toBuilder()
                    .transport(TransportAttributes.of("abcd", "abcdefghijklmnopqrstuv", SfuFixtures.FINGERPRINT, setup))
                    .direction(directions[i]).msids(List.of()).ssrcGroups(List.of()).ssrcAttributes(List.of())
                    .build());
        }
        return offer.toBuilder().iceLite(false).media(media).build();
    }
}
