package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeaderExtensionMapTest {

    private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    private static final String TOFFSET = "urn:ietf:params:rtp-hdrext:toffset";

    /** Chromium's offer: one ID space across its four bundled sections (audio 1-4, video up to 14). */
    @Test
    void readsTheUnionOfChromiumsBundledSections() throws IOException {
        HeaderExtensionMap map = HeaderExtensionMap.fromSession(parse("chromium-offer.sdp"));

        assertThat(map.id(AUDIO_LEVEL)).isEqualTo(1);
        assertThat(map.id(ABS_SEND_TIME)).isEqualTo(2);
        assertThat(map.id(TransportWideSequence.URI)).isEqualTo(3);
        assertThat(map.id(MID)).isEqualTo(4);
        assertThat(map.id(RID)).isEqualTo(10);
        assertThat(map.id(TOFFSET)).isEqualTo(14);
        assertThat(map.uri(13)).isEqualTo("urn:3gpp:video-orientation");
        assertThat(map.size()).isEqualTo(12);
        assertThat(map.id("urn:example:never-negotiated")).isZero();
        assertThat(map.uri(9)).isNull();
        assertThat(map.uri(0)).isNull();
        assertThat(map.uri(256)).isNull();
    }

    @Test
    void aRejectedSectionContributesNothing() {
        SessionDescription sdp = SdpParser.parse(String.join("\r\n",
                "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=rtpmap:111 opus/48000/2",
                "a=extmap:1 " + AUDIO_LEVEL,
                "m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1", "a=rtpmap:96 VP8/90000",
                "a=extmap:1 " + TOFFSET, "") );

        HeaderExtensionMap map = HeaderExtensionMap.fromSession(sdp);

        assertThat(map.uris()).containsExactly(AUDIO_LEVEL);
    }

    /**
     * RFC 8843 §9.2: within a BUNDLE group an ID means one extension. A URI with different IDs in two
     * sections (werift's numbering) keeps the first for the session; each section keeps its own.
     */
    @Test
    void refusesAnIdNamingTwoExtensionsAndKeepsEachSectionsOwnIds() {
        String head = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "");
        String audio = String.join("\r\n", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0",
                "a=rtpmap:111 opus/48000/2", "a=extmap:1 " + AUDIO_LEVEL, "");
        String sameIdOtherUri = String.join("\r\n", "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0",
                "a=mid:1", "a=rtpmap:96 VP8/90000", "a=extmap:1 " + TOFFSET, "");
        String sameUriOtherId = String.join("\r\n", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0",
                "a=mid:1", "a=rtpmap:111 opus/48000/2", "a=extmap:5 " + AUDIO_LEVEL, "");

        assertThatThrownBy(() -> HeaderExtensionMap.fromSession(SdpParser.parse(head + audio + sameIdOtherUri)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ID 1");
        SessionDescription perSection = SdpParser.parse(head + audio + sameUriOtherId);
        assertThat(HeaderExtensionMap.fromSession(perSection).id(AUDIO_LEVEL)).isEqualTo(1);
        assertThat(HeaderExtensionMap.fromSection(perSection.media("1")).id(AUDIO_LEVEL)).isEqualTo(5);
        assertThat(HeaderExtensionMap.fromSection(perSection.media("0")).id(AUDIO_LEVEL)).isEqualTo(1);
    }

    @Test
    void ofChecksIdsAndKeepsOrder() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put(MID, 200);
        ids.put(AUDIO_LEVEL, 1);
        HeaderExtensionMap map = HeaderExtensionMap.of(ids);
        assertThat(map.uris()).containsExactly(MID, AUDIO_LEVEL);
        assertThat(map.uri(200)).isEqualTo(MID);
        assertThat(map).isEqualTo(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, MID, 200)));
        assertThat(HeaderExtensionMap.EMPTY.size()).isZero();

        assertThatThrownBy(() -> HeaderExtensionMap.of(Map.of(MID, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderExtensionMap.of(Map.of(MID, 256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderExtensionMap.of(Map.of(MID, 3, RID, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The pair table: the publisher's IDs become the subscriber's for every URI both negotiated, except
     * the withheld ones; what only the publisher negotiated maps to 0.
     */
    @Test
    void betweenTranslatesSharedUrisAndDropsTheRest() {
        HeaderExtensionMap publisher = HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, ABS_SEND_TIME, 2,
                TransportWideSequence.URI, 3, MID, 4, TOFFSET, 14));
        HeaderExtensionMap subscriber = HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 10, TransportWideSequence.URI, 1,
                MID, 3, ABS_SEND_TIME, 200));

        ExtensionIdMap table = ExtensionIdMap.between(publisher, subscriber, Set.of(MID));

        assertThat(table.target(1)).isEqualTo(10);
        assertThat(table.target(2)).isEqualTo(200);
        assertThat(table.target(3)).isEqualTo(1);
        assertThat(table.target(4)).as("withheld").isZero();
        assertThat(table.target(14)).as("not negotiated by the subscriber").isZero();
        assertThat(ExtensionIdMap.between(publisher, HeaderExtensionMap.EMPTY, List.of()).target(1)).isZero();
    }

    private static SessionDescription parse(String fixture) throws IOException {
        try (InputStream in = HeaderExtensionMapTest.class.getResourceAsStream("/sdp/" + fixture)) {
            return SdpParser.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
