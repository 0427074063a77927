package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** Write then parse gives the same description; the writer is deterministic and loses no line. */
class SdpRoundTripTest {

    static final List<String> FIXTURES = SdpFixtures.ALL;
    static final List<String> CHROMIUM_FIXTURES = SdpFixtures.CHROMIUM;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void writeThenParseGivesAnEqualDescription(String fixture) {
        SessionDescription parsed = SdpFixtures.parsed(fixture);
        String written = SdpWriter.write(parsed);
        assertThat(SdpParser.parse(written)).isEqualTo(parsed);
        assertThat(SdpWriter.write(SdpParser.parse(written))).isEqualTo(written);
    }

    @ParameterizedTest
    @FieldSource("CHROMIUM_FIXTURES")
    void everyLineOfTheCaptureSurvives(String fixture) {
        // Chromium writes every attribute this model has a field for in the same spelling as the writer,
        // so the written text holds exactly the capture's lines, only grouped in the writer's order. (Other
        // stacks spell some differently, "msid-semantic:WMS" for one; their captures must still parse
        // back to an equal description, above.)
        String capture = SdpFixtures.text(fixture);
        String written = SdpWriter.write(SdpParser.parse(capture));
        assertThat(sortedLines(written)).isEqualTo(sortedLines(capture));
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void linesEndInCrlf(String fixture) {
        String written = SdpWriter.write(SdpFixtures.parsed(fixture));
        assertThat(written).endsWith("\r\n");
        assertThat(written.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(written).startsWith("v=0\r\no=");
    }

    @Test
    void bareLineFeedsParseLikeCrlf() {
        String crlf = SdpFixtures.text(SdpFixtures.CHROMIUM_OFFER);
        assertThat(SdpParser.parse(crlf.replace("\r\n", "\n"))).isEqualTo(SdpParser.parse(crlf));
        // and the final newline is optional
        assertThat(SdpParser.parse(crlf.substring(0, crlf.length() - 2))).isEqualTo(SdpParser.parse(crlf));
    }

    @Test
    void everyModelledLineTypeRoundTrips() {
        String sdp = String.join("\r\n",
                "v=0",
                "o=alice 42 7 IN IP6 ::1",
                "s=a session",
                "i=about it",
                "u=http://example.invalid/s",
                "e=ops@example.invalid",
                "p=+1 555 0100",
                "c=IN IP4 192.0.2.10",
                "b=AS:2000",
                "t=3034423619 3042462419",
                "r=604800 3600 0 90000",
                "z=2882844526 -1h",
                "k=prompt",
                "a=group:BUNDLE a b",
                "a=group:LS a b",
                "a=extmap-allow-mixed",
                "a=msid-semantic: WMS *",
                "a=ice-lite",
                "a=ice-ufrag:sess",
                "a=ice-pwd:sessionpasswordsessionpw",
                "a=ice-options:trickle renomination",
                "a=fingerprint:sha-256 AB:CD",
                "a=fingerprint:sha-1 01:02:03",
                "a=setup:actpass",
                "a=tool:something else",
                "a=recvonly",
                "m=audio 10000 UDP/TLS/RTP/SAVPF 111 0",
                "i=the audio",
                "c=IN IP4 192.0.2.10",
                "b=TIAS:64000",
                "k=clear:secret",
                "a=ice-ufrag:medi",
                "a=setup:passive",
                "a=mid:a",
                "a=extmap:1/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on",
                "a=extmap:16 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:stream track",
                "a=msid:other",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtcp:10001",
                "a=ptime:20",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=rtcp-fb:111 nack",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=rtcp-fb:0 nack",
                "a=rtcp-fb:* ccm fir",
                "a=ssrc-group:FID 1 2",
                "a=ssrc:1 cname:c",
                "a=ssrc:2 cname:c",
                "a=ssrc:2 foo",
                "a=candidate:1 1 UDP 2130706431 192.0.2.10 10000 typ host",
                "a=candidate:2 1 udp 1694498815 198.51.100.1 4000 typ srflx raddr 192.0.2.10 rport 10000 ufrag ab",
                "a=end-of-candidates",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                "c=IN IP4 0.0.0.0",
                "a=mid:b",
                "a=inactive",
                "a=sctp-port:5000",
                "a=fmtp:webrtc-datachannel max-message-size=100000",
                "");
        SessionDescription parsed = SdpParser.parse(sdp);
        assertThat(parsed.otherLines()).extracting(SdpLine::type).containsExactly('i', 'u', 'e', 'p', 'r', 'z', 'k');
        assertThat(parsed.transport().fingerprints()).hasSize(2);
        assertThat(parsed.otherAttributes()).containsExactly(new Attribute("tool", "something else"),
                new Attribute("recvonly", null));
        MediaDescription audio = parsed.media().get(0);
        assertThat(audio.payloadFormat(0)).isEqualTo(new PayloadFormat(0, null, 0, 0, null,
                List.of(RtcpFeedback.NACK)));
        assertThat(audio.feedbackForAllFormats()).containsExactly(RtcpFeedback.CCM_FIR);
        assertThat(audio.extMaps()).containsExactly(
                new ExtMap(1, Direction.SENDONLY, ExtMap.SSRC_AUDIO_LEVEL, "vad=on"), ExtMap.of(16, ExtMap.SDES_MID));
        assertThat(audio.msids()).containsExactly(new Msid("stream", "track"), new Msid("other", null));
        assertThat(audio.ssrcAttribute(2, "foo")).isNull();
        assertThat(audio.ssrcAttributes()).contains(new SsrcAttribute(2, "foo", null));
        assertThat(parsed.transportOf(audio)).isEqualTo(new TransportAttributes("medi", "sessionpasswordsessionpw",
                List.of("trickle", "renomination"), parsed.transport().fingerprints(), Setup.PASSIVE));
        assertThat(audio.candidates().get(1).relatedAddress()).isEqualTo("192.0.2.10");
        assertThat(audio.candidates().get(1).relatedPort()).isEqualTo(10000);
        assertThat(audio.endOfCandidates()).isTrue();
        MediaDescription data = parsed.media().get(1);
        assertThat(data.isRtp()).isFalse();
        assertThat(data.payloadFormats()).isEmpty();
        assertThat(data.otherAttributes()).containsExactly(new Attribute("sctp-port", "5000"),
                new Attribute("fmtp", "webrtc-datachannel max-message-size=100000"));

        String written = SdpWriter.write(parsed);
        assertThat(SdpParser.parse(written)).isEqualTo(parsed);
        assertThat(sortedLines(written)).isEqualTo(sortedLines(sdp));
    }

    private static List<String> sortedLines(String sdp) {
        List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r\n")));
        lines.removeIf(String::isEmpty);
        lines.sort(null);
        return lines;
    }
}
