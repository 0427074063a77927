package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8853/8851 simulcast offers read from a real Chromium capture and from hand-made sections. */
class SimulcastTest {

    @Test
    void readsChromiumsThreeEncodings() {
        SessionDescription offer = SdpFixtures.parsed("chromium-simulcast-offer.sdp");
        MediaDescription video = offer.media().get(1);
        Simulcast simulcast = Simulcast.ofOffer(video);
        assertThat(simulcast.rids()).containsExactly("q", "h", "f");
        assertThat(simulcast.layers()).noneMatch(Simulcast.Layer::paused);
        assertThat(Simulcast.ofOffer(offer.media().get(0))).isNull();
        assertThat(simulcast.answerAttributes()).containsExactly(new Attribute("rid", "q recv"),
                new Attribute("rid", "h recv"), new Attribute("rid", "f recv"), new Attribute("simulcast", "recv q;h;f"));
    }

    @Test
    void theAnswerReceivesEveryLayerAndKeepsTheRidExtensions() {
        SessionDescription offer = SdpFixtures.parsed("chromium-simulcast-offer.sdp");
        SessionDescription answer = new SfuAnswerBuilder(SfuFixtures.TRANSPORT).answer(offer, Origin.of(1, 1));
        MediaDescription video = answer.media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.otherAttributes()).contains(new Attribute("rid", "q recv"), new Attribute("rid", "h recv"),
                new Attribute("rid", "f recv"), new Attribute("simulcast", "recv q;h;f"));
        assertThat(video.extMapId(ExtMap.RTP_STREAM_ID)).isEqualTo(10);
        assertThat(video.extMapId(ExtMap.REPAIRED_RTP_STREAM_ID)).isEqualTo(11);
        // The audio section is not simulcast and keeps no RID extension.
        assertThat(answer.media().get(0).otherAttributes()).isEmpty();
    }

    @Test
    void takesTheFirstAlternativeKeepsPausedStreamsAndRestrictions() {
        Simulcast simulcast = Simulcast.ofOffer(section(List.of(
                new Attribute("rid", "hi send pt=96;max-width=1280;max-height=720"),
                new Attribute("rid", "hi2 send"),
                new Attribute("rid", "lo send max-height=180"),
                new Attribute("rid", "x recv"),
                new Attribute("simulcast", "recv x send hi,hi2;~lo"))));
        assertThat(simulcast.rids()).containsExactly("hi", "lo");
        assertThat(simulcast.layers().get(0).restrictions()).containsEntry("max-height", "720").containsEntry("pt", "96");
        assertThat(simulcast.layers().get(1).paused()).isTrue();
        assertThat(simulcast.answerAttributes()).last().isEqualTo(new Attribute("simulcast", "recv hi;~lo"));
    }

    @Test
    void refusesUndeclaredMalformedOrTooManyRids() {
        assertThatThrownBy(() -> Simulcast.ofOffer(section(List.of(new Attribute("simulcast", "send a;b"),
                new Attribute("rid", "a send"))))).isInstanceOf(SdpNegotiationException.class).hasMessageContaining("rid b");
        assertThatThrownBy(() -> Simulcast.ofOffer(section(List.of(new Attribute("simulcast", "send a.b"),
                new Attribute("rid", "a.b send"))))).isInstanceOf(SdpNegotiationException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Simulcast.ofOffer(section(List.of(new Attribute("simulcast", "send a;b;c;d"),
                new Attribute("rid", "a send"), new Attribute("rid", "b send"), new Attribute("rid", "c send"),
                new Attribute("rid", "d send"))))).isInstanceOf(SdpNegotiationException.class).hasMessageContaining("at most 3");
    }

    private static MediaDescription section(List<Attribute> attributes) {
        return MediaDescription.builder("video", 9, MediaDescription.UDP_TLS_RTP_SAVPF).formats(List.of("96"))
                .payloadFormats(List.of(new PayloadFormat(96, "VP8", 90000, 0, null, List.of()))).mid("1").otherAttributes(attributes).build();
    }
}
