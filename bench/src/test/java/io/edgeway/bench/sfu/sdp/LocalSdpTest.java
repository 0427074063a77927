package io.edgeway.bench.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic SDP against Edgeway's strict parser, and the answer logic against a server-shaped offer. */
class LocalSdpTest {

    private static final LocalSdp.Transport T = new LocalSdp.Transport("abcd", "0123456789abcdefghijklmn",
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
            "127.0.0.1", 40000);
    private static final List<LocalSdp.OfferedSection> SECTIONS = List.of(
            new LocalSdp.OfferedSection("audio", "sendrecv", 1111, 0, List.of(), "p0001", "p0001-audio", "cname1"),
            new LocalSdp.OfferedSection("video", "sendrecv", 2222, 3333, List.of(), "p0001", "p0001-video", "cname1"));

    @Test
    void theOfferIsChromiumShapedAndParsesStrictly() throws Exception {
        String offer = LocalSdp.offer(42, T, SECTIONS);
        SessionDescription parsed = SdpParser.parse(offer);
        assertThat(parsed.media()).hasSize(2);
        RemoteSdp lenient = RemoteSdp.parse(offer);
        assertThat(lenient.sections().get(0).payloadTypes().get(0)).isEqualTo(LocalSdp.OPUS);
        assertThat(lenient.sections().get(1).payloadTypes().get(0)).isEqualTo(LocalSdp.VP8);
        assertThat(lenient.sections().get(1).fidGroup()).containsExactly(2222, 3333);
        assertThat(lenient.udpCandidates()).extracting(RemoteSdp.Candidate::port).containsExactly(40000);
        assertThat(lenient.sections().get(1).extensionId(LocalSdp.TRANSPORT_CC)).isEqualTo(3);
    }

    @Test
    void simulcastSignalsRidsAndNoSsrc() {
        String offer = LocalSdp.offer(42, T, List.of(new LocalSdp.OfferedSection("video", "sendonly", 0, 0,
                List.of("q", "h", "f"), "p0001", "p0001-video", "c")));
        RemoteSdp.Section video = RemoteSdp.parse(offer).sections().get(0);
        assertThat(video.attributes("rid")).containsExactly("q send", "h send", "f send");
        assertThat(video.attribute("simulcast")).isEqualTo("send q;h;f");
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.extensionId(LocalSdp.RID)).isPositive();
    }

    @Test
    void aServerOfferIsAnsweredSectionBySectionKeepingOwnSendingSections() throws Exception {
        String serverOffer = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0 1 2", "a=ice-lite",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=recvonly", "a=rtcp-mux",
                "a=ice-ufrag:srv1", "a=ice-pwd:0123456789012345678901", "a=fingerprint:sha-256 " + T.fingerprintSha256(),
                "a=setup:actpass", "a=rtpmap:111 opus/48000/2", "a=extmap:1 " + LocalSdp.AUDIO_LEVEL,
                "m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1", "a=inactive", "a=rtpmap:96 VP8/90000",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:2", "a=sendonly", "a=rtcp-mux",
                "a=msid:p0009 p0009-1", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96", "a=ssrc-group:FID 9 10", "a=ssrc:9 cname:x", "a=ssrc:10 cname:x", "");
        RemoteSdp offer = RemoteSdp.parse(serverOffer);
        assertThat(offer.sections().get(2).msidStream()).isEqualTo("p0009");
        assertThat(offer.sections().get(2).rtxFor(96)).isEqualTo(97);
        String answer = LocalSdp.answer(7, T, offer, SECTIONS, "active");
        RemoteSdp a = RemoteSdp.parse(answer);
        assertThat(a.sections().get(0).direction()).as("our own audio, which the server receives").isEqualTo("sendonly");
        assertThat(a.sections().get(1).rejected()).as("a departed track's section stays rejected").isTrue();
        assertThat(a.sections().get(2).direction()).isEqualTo("recvonly");
        assertThat(a.sections().get(0).ssrcs()).containsExactly(1111L);
        assertThat(a.sections().get(2).payloadTypes()).containsExactly(96, 97);
        assertThat(a.setup()).isEqualTo("active");
        SdpParser.parse(answer);
    }
}
