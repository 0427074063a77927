package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parses the real Chromium 156 captures and checks what the SFU reads from them. */
class SdpParserChromiumFixtureTest {

    private static final String STREAM = "f807d068-5660-47ca-8c5b-14391f3f7684";
    private static final Fingerprint OFFER_FINGERPRINT = Fingerprint.sha256("F7:07:34:28:A1:A3:EE:EA:40:DA:88:02:"
            + "3A:F0:CE:B1:87:4C:7C:65:31:3B:A8:D9:F7:05:06:8D:47:91:13:C1");

    private final SessionDescription offer = SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER);

    @Test
    void sessionLevel() {
        assertThat(offer.origin()).isEqualTo(new Origin("-", "1905654681570304514", 2, "IN", "IP4", "127.0.0.1"));
        assertThat(offer.sessionName()).isEqualTo("-");
        assertThat(offer.startTime()).isZero();
        assertThat(offer.stopTime()).isZero();
        assertThat(offer.groups()).containsExactly(Group.bundle(List.of("0", "1", "2", "3")));
        assertThat(offer.bundleMids()).containsExactly("0", "1", "2", "3");
        assertThat(offer.extmapAllowMixed()).isTrue();
        assertThat(offer.msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of(STREAM)));
        assertThat(offer.iceLite()).isFalse();
        // Chromium puts ICE and DTLS attributes in every m= section, none at session level.
        assertThat(offer.transport().isEmpty()).isTrue();
        assertThat(offer.otherAttributes()).isEmpty();
        assertThat(offer.connection()).isNull();
    }

    @Test
    void fourSectionsInOfferOrder() {
        assertThat(offer.media()).extracting(MediaDescription::kind)
                .containsExactly("audio", "video", "audio", "video");
        assertThat(offer.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2", "3");
        assertThat(offer.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.SENDRECV, Direction.SENDRECV, Direction.RECVONLY, Direction.RECVONLY);
        for (MediaDescription m : offer.media()) {
            assertThat(m.port()).isEqualTo(9);
            assertThat(m.protocol()).isEqualTo(MediaDescription.UDP_TLS_RTP_SAVPF);
            assertThat(m.connection()).isEqualTo(Connection.UNSPECIFIED);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.rtcpRsize()).isTrue();
            assertThat(m.candidates()).isEmpty();
            assertThat(m.endOfCandidates()).isFalse();
            assertThat(m.transport()).isEqualTo(new TransportAttributes("/5AP", "Jj+ZBfit4OC7UYd/VnJK5F5E",
                    List.of("trickle"), List.of(OFFER_FINGERPRINT), Setup.ACTPASS));
            assertThat(offer.transportOf(m)).isEqualTo(m.transport());
            // a=rtcp and a=rtcp-xr have no field: kept verbatim, in order
            assertThat(m.otherAttributes()).containsExactly(new Attribute("rtcp", "9 IN IP4 0.0.0.0"),
                    new Attribute("rtcp-xr", "rcvr-rtt=all"));
        }
    }

    @Test
    void audioCodecs() {
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(audio.payloadFormats()).extracting(PayloadFormat::encodingName)
                .containsExactly("opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event");
        PayloadFormat opus = audio.firstFormat("opus", 48000);
        assertThat(opus).isEqualTo(new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                List.of(RtcpFeedback.TRANSPORT_CC)));
        assertThat(opus.fmtpParameters()).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(audio.payloadFormat(63).fmtpParameters()).containsExactly(Map.entry("111/111", ""));
        assertThat(audio.payloadFormat(0)).isEqualTo(new PayloadFormat(0, "PCMU", 8000, 0, null, List.of()));
        assertThat(audio.payloadFormat(126).clockRate()).isEqualTo(8000);
    }

    @Test
    void videoCodecsWithRtx() {
        MediaDescription video = offer.media().get(1);
        assertThat(video.formats()).hasSize(23);
        List<RtcpFeedback> videoFeedback = List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC,
                RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
        assertThat(video.firstFormat("VP8", 90000)).isEqualTo(new PayloadFormat(96, "VP8", 90000, 0, null,
                videoFeedback));
        assertThat(video.rtxFor(96)).isEqualTo(new PayloadFormat(97, "rtx", 90000, 0, "apt=96", List.of()));
        assertThat(video.rtxFor(96).associatedPayloadType()).isEqualTo(96);
        // Chromium offers six H.264 variants; 108 is packetization-mode=1 constrained baseline 3.1
        assertThat(video.payloadFormats()).filteredOn(f -> f.is("H264", 90000)).extracting(PayloadFormat::payloadType)
                .containsExactly(102, 104, 108, 114, 116, 39);
        PayloadFormat h264 = video.payloadFormat(108);
        assertThat(h264.fmtpParameters()).containsEntry("packetization-mode", "1")
                .containsEntry("profile-level-id", "42e01f").containsEntry("level-asymmetry-allowed", "1");
        assertThat(h264.feedback()).isEqualTo(videoFeedback);
        assertThat(video.rtxFor(108).payloadType()).isEqualTo(109);
        assertThat(video.payloadFormat(45).encodingName()).isEqualTo("AV1");
        assertThat(video.payloadFormat(98).fmtp()).isEqualTo("profile-id=0");
        assertThat(video.payloadFormat(120)).isEqualTo(new PayloadFormat(120, "ulpfec", 90000, 0, null, List.of()));
        // the recvonly video section offers more decoders than the camera section has encoders
        MediaDescription recvVideo = offer.media().get(3);
        assertThat(recvVideo.formats()).hasSize(34);
        assertThat(recvVideo.payloadFormat(49)).isEqualTo(new PayloadFormat(49, "flexfec-03", 90000, 0,
                "repair-window=10000000", List.of(RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC)));
    }

    @Test
    void headerExtensionIds() {
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.extMaps()).containsExactly(
                ExtMap.of(1, ExtMap.SSRC_AUDIO_LEVEL),
                ExtMap.of(2, ExtMap.ABS_SEND_TIME),
                ExtMap.of(3, ExtMap.TRANSPORT_WIDE_CC),
                ExtMap.of(4, ExtMap.SDES_MID));
        MediaDescription video = offer.media().get(1);
        assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11);
        assertThat(video.extMapId(ExtMap.SDES_MID)).isEqualTo(4);
        assertThat(video.extMapId(ExtMap.TRANSPORT_WIDE_CC)).isEqualTo(3);
        assertThat(video.extMapId(ExtMap.SSRC_AUDIO_LEVEL)).isEqualTo(-1);
        assertThat(video.extMaps().get(0)).isEqualTo(ExtMap.of(14, "urn:ietf:params:rtp-hdrext:toffset"));
    }

    @Test
    void sendingSectionsCarryMsidAndSsrcs() {
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.msids()).containsExactly(new Msid(STREAM, "eea08bdd-2fa6-4d9d-81c7-a40f2aee6463"));
        assertThat(audio.ssrcs()).containsExactly(520711418L);
        assertThat(audio.ssrcAttribute(520711418L, SsrcAttribute.CNAME)).isEqualTo("nIUAGVpS9r7Xxrw/");
        assertThat(audio.ssrcAttribute(520711418L, SsrcAttribute.MSID))
                .isEqualTo(STREAM + " eea08bdd-2fa6-4d9d-81c7-a40f2aee6463");
        assertThat(audio.ssrcGroups()).isEmpty();

        MediaDescription video = offer.media().get(1);
        assertThat(video.msids()).containsExactly(new Msid(STREAM, "5dd2b9ae-5759-4998-bc46-743c7bba4780"));
        assertThat(video.ssrcGroup(SsrcGroup.FID)).isEqualTo(new SsrcGroup("FID", List.of(1403905763L, 2032679676L)));
        assertThat(video.ssrcs()).containsExactly(1403905763L, 2032679676L);
        assertThat(video.ssrcAttributes()).hasSize(4);

        for (MediaDescription recvonly : offer.media().subList(2, 4)) {
            assertThat(recvonly.msids()).isEmpty();
            assertThat(recvonly.ssrcAttributes()).isEmpty();
        }
    }

    @Test
    void gatheredOfferCarriesHostCandidates() {
        SessionDescription gathered = SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER_GATHERED);
        assertThat(gathered.media()).hasSize(4);
        MediaDescription audio = gathered.media().get(0);
        assertThat(audio.port()).isEqualTo(48592);
        assertThat(audio.connection()).isEqualTo(Connection.of("192.0.2.2"));
        assertThat(audio.candidates()).hasSize(4);
        assertThat(audio.candidates().get(0)).isEqualTo(new Candidate("1837696763", 1, "udp", 2122194687L,
                "192.0.2.2", 48592, "host", null, -1, null,
                List.of(new Candidate.Extension("generation", "0"), new Candidate.Extension("network-id", "1"))));
        Candidate ipv6 = audio.candidates().get(1);
        assertThat(ipv6.address()).isEqualTo("fd00::2");
        assertThat(ipv6.isUdp()).isTrue();
        Candidate tcp = audio.candidates().get(2);
        assertThat(tcp.isTcp()).isTrue();
        assertThat(tcp.tcpType()).isEqualTo("active");
        assertThat(tcp.port()).isEqualTo(9);
        assertThat(tcp.priority()).isEqualTo(1518214911L);
        int total = 0;
        for (MediaDescription m : gathered.media()) {
            total += m.candidates().size();
            // the default candidate's port is on the m= line
            assertThat(m.port()).isEqualTo(m.candidates().get(0).port());
        }
        assertThat(total).isEqualTo(16);
        // apart from candidates, ports and c=, gathering changes nothing
        assertThat(gathered.origin()).isEqualTo(offer.origin());
        for (int i = 0; i < 4; i++) {
            MediaDescription before = offer.media().get(i);
            MediaDescription after = gathered.media().get(i);
            assertThat(after.toBuilder().port(9).connection(Connection.UNSPECIFIED).candidates(List.of()).build())
                    .isEqualTo(before);
        }
    }

    @Test
    void chromiumsOwnAnswer() {
        SessionDescription answer = SdpFixtures.parsed(SdpFixtures.CHROMIUM_ANSWER);
        assertThat(answer.bundleMids()).containsExactly("0", "1", "2", "3");
        assertThat(answer.msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of()));
        assertThat(answer.media()).extracting(MediaDescription::direction).containsExactly(
                Direction.RECVONLY, Direction.RECVONLY, Direction.INACTIVE, Direction.INACTIVE);
        for (MediaDescription m : answer.media()) {
            assertThat(answer.transportOf(m).setup()).isEqualTo(Setup.ACTIVE);
            assertThat(answer.transportOf(m).fingerprints()).hasSize(1);
        }
        assertThat(answer.media().get(1).payloadFormats()).hasSize(23);
    }
}
