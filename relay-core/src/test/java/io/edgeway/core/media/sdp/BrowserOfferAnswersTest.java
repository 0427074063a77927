package io.edgeway.core.media.sdp;

import static io.edgeway.core.media.sdp.SfuFixtures.TRANSPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SFU's answers to the offers of the other stacks it meets (browser-offers.README.txt): each keeps
 * the offerer's own payload types and extension IDs, section by section, and accepts what the stack
 * sends (bundle-only sections, per-section extension numbering, H.264 first) instead of refusing it or
 * breaking later.
 */
class BrowserOfferAnswersTest {

    private static final String MID = ExtMap.SDES_MID;
    private static final String TWCC = ExtMap.TRANSPORT_WIDE_CC;
    private static final String LEVEL = ExtMap.SSRC_AUDIO_LEVEL;
    private static final String ABS = ExtMap.ABS_SEND_TIME;

    private final SfuAnswerBuilder builder = new SfuAnswerBuilder(TRANSPORT);

    /**
     * RFC 8843 §6: Firefox with max-bundle offers its video as {@code m=video 0} with {@code a=bundle-only};
     * it is bundled, not rejected, and answered on the transport's port (JSEP answers carry the port of the
     * BUNDLE transport in every accepted section).
     */
    @Test
    void firefoxsBundleOnlyVideoIsAcceptedWithItsOwnNumbers() {
        SessionDescription offer = SdpFixtures.parsed(SdpFixtures.FIREFOX_OFFER);
        assertThat(offer.media("1").port()).isZero();
        assertThat(offer.media("1").bundleOnly()).isTrue();
        assertThat(offer.media("1").isRejected()).isFalse();

        SessionDescription answer = builder.answer(offer, Origin.of(1, 1));

        assertThat(answer.bundleMids()).containsExactly("0", "1");
        MediaDescription audio = answer.media("0");
        MediaDescription video = answer.media("1");
        assertThat(video.port()).isEqualTo(SfuFixtures.UDP.port());
        assertThat(video.bundleOnly()).isFalse();
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(payloadTypes(audio)).containsExactly("109 opus/48000/2 maxplaybackrate=48000;stereo=1;useinbandfec=1");
        assertThat(payloadTypes(video)).containsExactly("120 VP8/90000 max-fs=12288;max-fr=60", "124 rtx/90000 apt=120");
        assertThat(extMaps(audio)).containsExactly("1 " + LEVEL, "3 " + MID, "7 " + TWCC);
        assertThat(extMaps(video)).containsExactly("3 " + MID, "4 " + ABS, "7 " + TWCC);
    }

    /** werift numbers its extensions across sections: each section is answered with its own IDs. */
    @Test
    void weriftsPerSectionExtensionIdsAreAnsweredAsOffered() {
        SessionDescription answer = builder.answer(SdpFixtures.parsed(SdpFixtures.WERIFT_OFFER), Origin.of(1, 1));

        assertThat(answer.bundleMids()).containsExactly("0", "1");
        assertThat(payloadTypes(answer.media("0"))).containsExactly("96 opus/48000/2");
        assertThat(payloadTypes(answer.media("1"))).containsExactly("97 VP8/90000");
        assertThat(extMaps(answer.media("0"))).containsExactly("1 " + MID, "2 " + LEVEL);
        assertThat(extMaps(answer.media("1"))).containsExactly("3 " + TWCC, "4 " + MID, "5 " + ABS);
    }

    /**
     * Safari puts H.264 first, Constrained High before Constrained Baseline: the SFU keeps VP8 first and
     * only the 42e01f packetization-mode 1 H.264, each with its RTX, under Safari's numbers.
     */
    @Test
    void safarisVideoKeepsVp8FirstAndTheOneH264Profile() {
        SessionDescription answer = builder.answer(SdpFixtures.parsed(SdpFixtures.SAFARI_OFFER), Origin.of(1, 1));

        assertThat(payloadTypes(answer.media("0"))).containsExactly("111 opus/48000/2 minptime=10;useinbandfec=1");
        assertThat(payloadTypes(answer.media("1"))).containsExactly("100 VP8/90000", "101 rtx/90000 apt=100",
                "98 H264/90000 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "99 rtx/90000 apt=98");
        assertThat(extMaps(answer.media("0"))).containsExactly("1 " + LEVEL, "9 " + MID);
        assertThat(extMaps(answer.media("1"))).containsExactly("3 " + ABS, "5 " + TWCC, "9 " + MID);
    }

    /**
     * RFC 8843 §9.2: one kept ID naming two extensions in one BUNDLE group is refused up front, with the
     * reason, rather than accepted and broken when the transport connects.
     */
    @Test
    void anIdNamingTwoExtensionsInTheBundleIsRefusedUpFront() {
        SessionDescription werift = SdpFixtures.parsed(SdpFixtures.WERIFT_OFFER);
        List<MediaDescription> media = new ArrayList<>(werift.media());
        MediaDescription video = media.get(1);
        List<ExtMap> clashing = new ArrayList<>();
        for (ExtMap e : video.extMaps()) {
            // The video section's abs-send-time takes the audio section's sdes:mid ID.
            clashing.add(e.uri().equals(ABS) ? ExtMap.of(1, ABS) : e);
        }
        media.set(1, video.toBuilder().extMaps(clashing).build());
        SessionDescription offer = werift.toBuilder().media(media).build();

        assertThatThrownBy(() -> builder.answer(offer, Origin.of(1, 1)))
                .isInstanceOf(SdpNegotiationException.class)
                .hasMessageContaining("extension ID 1 is " + MID + " on mid 0 but " + ABS + " on mid 1")
                .hasMessageContaining("RFC 8843 §9.2");
    }

    /** An offered section with port 0 and no bundle-only is still rejected in place. */
    @Test
    void portZeroWithoutBundleOnlyIsStillRejected() {
        SessionDescription offer = SdpFixtures.parsed(SdpFixtures.FIREFOX_OFFER);
        List<MediaDescription> media = new ArrayList<>(offer.media());
        MediaDescription video = media.get(1);
        List<Attribute> others = new ArrayList<>(video.otherAttributes());
        others.removeIf(a -> a.name().equals(MediaDescription.BUNDLE_ONLY));
        media.set(1, video.toBuilder().otherAttributes(others).build());

        SessionDescription answer = builder.answer(offer.toBuilder().media(media).build(), Origin.of(1, 1));

        assertThat(answer.media("1").isRejected()).isTrue();
        assertThat(answer.bundleMids()).containsExactly("0");
    }

    private static List<String> payloadTypes(MediaDescription m) {
        List<String> out = new ArrayList<>();
        for (PayloadFormat f : m.payloadFormats()) {
            out.add(f.rtpmapValue() + (f.fmtp() == null ? "" : " " + f.fmtp()));
        }
        return out;
    }

    private static List<String> extMaps(MediaDescription m) {
        List<String> out = new ArrayList<>();
        for (ExtMap e : m.extMaps()) {
            out.add(e.id() + " " + e.uri());
        }
        return out;
    }
}
