package io.edgeway.core.media.sdp;

import static io.edgeway.core.media.sdp.SfuFixtures.TRANSPORT;
import static io.edgeway.core.media.sdp.SfuFixtures.lines;
import static io.edgeway.core.media.sdp.SfuFixtures.offerWith;
import static io.edgeway.core.media.sdp.SfuFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SfuAnswerBuilderTest {

    private static final List<String> TRANSPORT_LINES = List.of(
            "c=IN IP4 127.0.0.1",
            "a=ice-ufrag:edgeway0sfu",
            "a=ice-pwd:0123456789abcdefABCDEF+/",
            "a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"
                    + ":23:45:67:89",
            "a=setup:passive");
    private static final List<String> CANDIDATE_LINES = List.of(
            "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
            "a=candidate:2 1 tcp 1526726655 127.0.0.1 4443 typ host tcptype passive",
            "a=end-of-candidates");
    private static final List<String> AUDIO_EXTMAPS = List.of(
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
    private static final List<String> VIDEO_EXTMAPS = AUDIO_EXTMAPS.subList(1, 4);
    private static final List<String> OPUS = List.of(
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1");
    private static final List<String> VP8_H264_RTX = List.of(
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 goog-remb",
            "a=rtcp-fb:96 transport-cc",
            "a=rtcp-fb:96 ccm fir",
            "a=rtcp-fb:96 nack",
            "a=rtcp-fb:96 nack pli",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:108 H264/90000",
            "a=rtcp-fb:108 goog-remb",
            "a=rtcp-fb:108 transport-cc",
            "a=rtcp-fb:108 ccm fir",
            "a=rtcp-fb:108 nack",
            "a=rtcp-fb:108 nack pli",
            "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:109 rtx/90000",
            "a=fmtp:109 apt=108");

    private final SessionDescription offer = SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER);
    private final SfuAnswerBuilder builder = new SfuAnswerBuilder(TRANSPORT);

    @Test
    void answerToTheChromiumOfferLineByLine() {
        SessionDescription answer = builder.answer(offer, Origin.of(4242, 1));
        List<String> expected = new ArrayList<>(List.of(
                "v=0",
                "o=- 4242 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1 2 3",           // every accepted mid, the offer's BUNDLE-tag first
                "a=msid-semantic: WMS *",
                "a=ice-lite"));                      // no a=extmap-allow-mixed: one-byte extensions only
        // mid 0: the camera microphone, offered sendrecv: the SFU receives only
        section(expected, "m=audio 10000 UDP/TLS/RTP/SAVPF 111", "0", AUDIO_EXTMAPS, "recvonly", OPUS);
        // mid 1: the camera, offered sendrecv: VP8 first, H.264 42e01f packetization-mode=1, each with RTX
        section(expected, "m=video 10000 UDP/TLS/RTP/SAVPF 96 97 108 109", "1", VIDEO_EXTMAPS, "recvonly",
                VP8_H264_RTX);
        // mids 2 and 3: offered recvonly and nothing to send on them yet: inactive
        section(expected, "m=audio 10000 UDP/TLS/RTP/SAVPF 111", "2", AUDIO_EXTMAPS, "inactive", OPUS);
        section(expected, "m=video 10000 UDP/TLS/RTP/SAVPF 96 97 108 109", "3", VIDEO_EXTMAPS, "inactive",
                VP8_H264_RTX);
        assertThat(lines(answer)).containsExactlyElementsOf(expected);
    }

    @Test
    void answerFollowsEveryRule() {
        SessionDescription answer = builder.answer(offer, Origin.of(4242, 1));
        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.extmapAllowMixed()).isFalse();
        assertThat(answer.bundleMids()).containsExactly("0", "1", "2", "3");
        assertThat(answer.media()).hasSameSizeAs(offer.media());
        for (int i = 0; i < 4; i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = answer.media().get(i);
            assertThat(a.mid()).isEqualTo(o.mid());
            assertThat(a.kind()).isEqualTo(o.kind());
            assertThat(a.port()).isEqualTo(10000);
            assertThat(a.connection()).isEqualTo(Connection.of("127.0.0.1"));
            assertThat(a.rtcpMux()).isTrue();
            assertThat(a.rtcpRsize()).isTrue();
            assertThat(answer.transportOf(a)).isEqualTo(TransportAttributes.of(SfuFixtures.UFRAG, SfuFixtures.PWD,
                    SfuFixtures.FINGERPRINT, Setup.PASSIVE));
            assertThat(a.candidates()).containsExactly(SfuFixtures.UDP, SfuFixtures.TCP);
            assertThat(a.endOfCandidates()).isTrue();
            assertThat(a.otherAttributes()).isEmpty();
            // payload types, fmtp and extension ids are the offer's own
            for (PayloadFormat f : a.payloadFormats()) {
                PayloadFormat offered = o.payloadFormat(f.payloadType());
                assertThat(f.encodingName()).isEqualTo(offered.encodingName());
                assertThat(f.fmtp()).isEqualTo(offered.fmtp());
                assertThat(offered.feedback()).containsAll(f.feedback());
                assertThat(SfuMediaPolicy.FEEDBACK).containsAll(f.feedback());
            }
            for (ExtMap e : a.extMaps()) {
                assertThat(o.extMapId(e.uri())).isEqualTo(e.id());
            }
        }
        assertThat(answer.media().get(0).payloadFormat(111).fmtpParameters())
                .containsEntry("useinbandfec", "1").containsEntry("minptime", "10");
        assertThat(answer.media().get(1).rtxFor(96).payloadType()).isEqualTo(97);
        assertThat(answer.media().get(1).rtxFor(108).payloadType()).isEqualTo(109);
        assertThat(SdpParser.parse(SdpWriter.write(answer))).isEqualTo(answer);
    }

    @Test
    void directionsMirrorTheOfferAndTheTracksGiven() {
        ForwardedTrack carolMic = ForwardedTrack.audio("carol", "carol-mic", 1111, "carol-cname");
        ForwardedTrack carolCam = ForwardedTrack.video("carol", "carol-cam", 2222, 2223, "carol-cname");
        ForwardedTrack daveMic = ForwardedTrack.audio("dave", "dave-mic", 3333, "dave-cname");
        // mid 0 offered sendrecv + a track -> sendrecv; mid 2 recvonly + track -> sendonly
        SessionDescription answer = builder.answer(offer, Origin.of(1, 1),
                Map.of("0", daveMic, "2", carolMic, "3", carolCam));
        assertThat(answer.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.SENDRECV, Direction.RECVONLY, Direction.SENDONLY, Direction.SENDONLY);
        MediaDescription audio = answer.media().get(2);
        assertThat(audio.msids()).containsExactly(new Msid("carol", "carol-mic"));
        assertThat(audio.ssrcGroups()).isEmpty();
        assertThat(audio.ssrcAttributes()).containsExactly(new SsrcAttribute(1111, "cname", "carol-cname"),
                new SsrcAttribute(1111, "msid", "carol carol-mic"));
        MediaDescription video = answer.media().get(3);
        assertThat(lines(answer)).containsSequence(
                "a=ssrc-group:FID 2222 2223",
                "a=ssrc:2222 cname:carol-cname",
                "a=ssrc:2222 msid:carol carol-cam",
                "a=ssrc:2223 cname:carol-cname",
                "a=ssrc:2223 msid:carol carol-cam");
        assertThat(ForwardedTrack.sentOn(video)).isEqualTo(carolCam);
        assertThat(SfuOfferBuilder.sentTracks(answer)).containsExactly(Map.entry("0", daveMic),
                Map.entry("2", carolMic), Map.entry("3", carolCam));

        // offer sendonly -> recvonly, offer inactive -> inactive
        SessionDescription sendonly = offerWith(0, b -> b.direction(Direction.SENDONLY));
        assertThat(builder.answer(sendonly, Origin.of(1, 1)).media().get(0).direction()).isEqualTo(Direction.RECVONLY);
        SessionDescription inactive = offerWith(1, b -> b.direction(Direction.INACTIVE));
        assertThat(builder.answer(inactive, Origin.of(1, 1)).media().get(1).direction()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void videoWithoutRtxAnnouncesNoFidGroup() {
        SessionDescription noRtx = offerWith(3, b -> b.payloadFormats(without(offer.media().get(3), 97, 109)));
        ForwardedTrack cam = ForwardedTrack.video("carol", "carol-cam", 2222, 2223, "c");
        MediaDescription video = builder.answer(noRtx, Origin.of(1, 1), Map.of("3", cam)).media().get(3);
        assertThat(video.formats()).containsExactly("96", "108");
        assertThat(video.ssrcGroups()).isEmpty();
        assertThat(video.ssrcs()).containsExactly(2222L);
    }

    @Test
    void tracksMustFitTheirSection() {
        ForwardedTrack mic = ForwardedTrack.audio("s", "t", 1, "c");
        assertThatThrownBy(() -> builder.answer(offer, Origin.of(1, 1), Map.of("3", mic)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mid 3 is video");
        assertThatThrownBy(() -> builder.answer(offer, Origin.of(1, 1), Map.of("9", mic)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("which the offer lacks");
        SessionDescription sendonly = offerWith(0, b -> b.direction(Direction.SENDONLY));
        assertThatThrownBy(() -> builder.answer(sendonly, Origin.of(1, 1), Map.of("0", mic)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not receive on mid 0");
    }

    @Test
    void h264OnlyInTheOneProfile() {
        // without 108 (42e01f, packetization-mode=1) no H.264 is accepted, though 102 and 104 are offered
        SessionDescription no42e01f = offerWith(1, b -> b.payloadFormats(without(offer.media().get(1), 108, 109)));
        assertThat(builder.answer(no42e01f, Origin.of(1, 1)).media().get(1).formats()).containsExactly("96", "97");
        // without VP8, H.264 alone
        SessionDescription noVp8 = offerWith(1, b -> b.payloadFormats(without(offer.media().get(1), 96, 97)));
        assertThat(builder.answer(noVp8, Origin.of(1, 1)).media().get(1).formats()).containsExactly("108", "109");
        // profile-level-id compares case-insensitively
        SessionDescription upper = offerWith(1, b -> b.payloadFormats(offer.media().get(1).payloadFormats().stream()
                .map(f -> f.payloadType() == 108 ? new PayloadFormat(108, "h264", 90000, 0,
                        "packetization-mode=1;profile-level-id=42E01F", f.feedback()) : f)
                .toList()));
        assertThat(builder.answer(upper, Origin.of(1, 1)).media().get(1).formats()).containsExactly("96", "97", "108",
                "109");
    }

    @Test
    void extensionsAndFeedbackAreNarrowedToWhatTheSfuSupports() {
        SessionDescription offer2 = offerWith(0, b -> b
                .extMaps(List.of(new ExtMap(1, Direction.SENDONLY, ExtMap.SSRC_AUDIO_LEVEL, "vad=on"),
                        ExtMap.of(7, "urn:ietf:params:rtp-hdrext:csrc-audio-level"),
                        ExtMap.of(4, ExtMap.SDES_MID)))
                .feedbackForAllFormats(List.of(RtcpFeedback.NACK, new RtcpFeedback("ack", "rpsi")))
                .payloadFormats(List.of(new PayloadFormat(111, "opus", 48000, 2, null,
                        List.of(RtcpFeedback.TRANSPORT_CC, new RtcpFeedback("nack", "sli"))))));
        MediaDescription audio = builder.answer(offer2, Origin.of(1, 1)).media().get(0);
        // RFC 8285 §7: a sendonly extension is answered recvonly; unknown ones are left out
        assertThat(audio.extMaps()).containsExactly(new ExtMap(1, Direction.RECVONLY, ExtMap.SSRC_AUDIO_LEVEL,
                "vad=on"), ExtMap.of(4, ExtMap.SDES_MID));
        assertThat(audio.feedbackForAllFormats()).containsExactly(RtcpFeedback.NACK);
        assertThat(audio.payloadFormat(111).feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(audio.payloadFormat(111).fmtp()).isNull();
        // the audio level extension is not kept on video
        SessionDescription videoWithLevel = offerWith(1, b -> b.extMaps(List.of(
                ExtMap.of(1, ExtMap.SSRC_AUDIO_LEVEL), ExtMap.of(3, ExtMap.TRANSPORT_WIDE_CC))));
        assertThat(builder.answer(videoWithLevel, Origin.of(1, 1)).media().get(1).extMaps())
                .containsExactly(ExtMap.of(3, ExtMap.TRANSPORT_WIDE_CC));
    }

    @Test
    void sectionsTheSfuCannotTakeAreRejectedInPlace() {
        SessionDescription base = offerWith(3, b -> b.rtcpMux(false));                // no rtcp-mux
        List<MediaDescription> media = new ArrayList<>(base.media());
        media.set(2, media.get(2).toBuilder().payloadFormats(without(media.get(2), 111)).build()); // no Opus
        media.add(MediaDescription.builder("application", 9, "UDP/DTLS/SCTP").formats(List.of("webrtc-datachannel"))
                .mid("4").connection(Connection.UNSPECIFIED).otherAttributes(List.of(new Attribute("sctp-port", "5000")))
                .build());
        media.add(media.get(0).toBuilder().mid("5").port(0).build());                // already rejected
        media.add(media.get(0).toBuilder().mid("6").build());                        // not in the BUNDLE group
        media.add(media.get(0).toBuilder().mid("7").protocol("RTP/SAVPF").build());  // SDES-SRTP profile
        SessionDescription offer2 = base.toBuilder().media(media)
                .groups(List.of(Group.bundle(List.of("0", "1", "2", "3", "4", "5", "7")))).build();

        SessionDescription answer = builder.answer(offer2, Origin.of(1, 1));
        assertThat(answer.media()).extracting(MediaDescription::mid)
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(answer.media()).extracting(MediaDescription::port)
                .containsExactly(10000, 10000, 0, 0, 0, 0, 0, 0);
        assertThat(answer.bundleMids()).containsExactly("0", "1");
        for (MediaDescription rejected : answer.media().subList(2, 8)) {
            assertThat(rejected.direction()).isEqualTo(Direction.INACTIVE);
            assertThat(rejected.candidates()).isEmpty();
            assertThat(rejected.transport().isEmpty()).isTrue();
            assertThat(rejected.formats()).hasSize(1);
        }
        assertThat(answer.media().get(4).formats()).containsExactly("webrtc-datachannel");
        assertThat(answer.media().get(4).protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(lines(answer)).containsSequence("m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
                "c=IN IP4 0.0.0.0", "a=mid:4", "a=inactive");
        assertThat(SdpParser.parse(SdpWriter.write(answer))).isEqualTo(answer);
    }

    @Test
    void sessionLevelTransportAttributesCount() {
        // some endpoints put ufrag, pwd and fingerprint at session level only (RFC 8839 §5.4 allows both)
        SessionDescription o = offer.toBuilder()
                .transport(offer.transportOf(offer.media().get(0)))
                .media(offer.media().stream().map(m -> m.toBuilder().transport(TransportAttributes.NONE).build())
                        .toList())
                .build();
        assertThat(builder.answer(o, Origin.of(1, 1)).bundleMids()).containsExactly("0", "1", "2", "3");
        // and a missing a=setup means active (RFC 4145 §4), which suits the SFU
        SessionDescription noSetup = offerWith(0, b -> b.transport(new TransportAttributes("abcd",
                "abcdefghijklmnopqrstuv", List.of(), List.of(SfuFixtures.FINGERPRINT), null)));
        assertThat(builder.answer(noSetup, Origin.of(1, 1)).bundleMids()).contains("0");
    }

    @Test
    void offersTheSfuCannotAnswer() {
        assertRefused(offer.toBuilder().groups(List.of()).build(), "no a=group:BUNDLE");
        assertRefused(offerWith(0, b -> b.transport(TransportAttributes.of("abcd", "abcdefghijklmnopqrstuv",
                SfuFixtures.FINGERPRINT, Setup.PASSIVE))), "a=setup:passive");
        assertRefused(offerWith(0, b -> b.transport(new TransportAttributes("abcd", "abcdefghijklmnopqrstuv",
                List.of(), List.of(), Setup.ACTPASS))), "no a=fingerprint");
        assertRefused(offerWith(0, b -> b.transport(new TransportAttributes(null, null, List.of(),
                List.of(SfuFixtures.FINGERPRINT), Setup.ACTPASS))), "no a=ice-ufrag");
        List<MediaDescription> midless = new ArrayList<>(offer.media());
        midless.set(0, midless.get(0).toBuilder().mid(null).build());
        assertRefused(offer.toBuilder().groups(List.of(Group.bundle(List.of("1")))).media(midless).build(),
                "m= section 1 has no a=mid");
        SessionDescription pcmuOnly = SdpParser.parse(String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-",
                "t=0 0", "a=group:BUNDLE 0", "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0", "a=rtcp-mux",
                "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuv", "a=fingerprint:sha-256 AB:CD",
                "a=setup:actpass", ""));
        assertRefused(pcmuOnly, "no m= section of the offer can be accepted");
    }

    private void assertRefused(SessionDescription o, String reason) {
        assertThatThrownBy(() -> builder.answer(o, Origin.of(1, 1)))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining(reason);
    }

    private static void section(List<String> out, String mline, String mid, List<String> extmaps, String direction,
                                List<String> codecs) {
        out.add(mline);
        out.addAll(TRANSPORT_LINES);
        out.add("a=mid:" + mid);
        out.addAll(extmaps);
        out.add("a=" + direction);
        out.add("a=rtcp-mux");
        out.add("a=rtcp-rsize");
        out.addAll(codecs);
        out.addAll(CANDIDATE_LINES);
    }
}
