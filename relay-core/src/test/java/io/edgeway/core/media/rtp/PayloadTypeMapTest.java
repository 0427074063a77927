package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.sdp.PayloadFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Payload types mapped by codec between two endpoints' numberings, RTX by its apt. */
class PayloadTypeMapTest {

    private static PayloadFormat format(int pt, String name, int clock, int channels, String fmtp) {
        return new PayloadFormat(pt, name, clock, channels, fmtp, List.of());
    }

    @Test
    void firefoxsNumbersBecomeChromiumsAndRtxFollowsItsApt() {
        List<PayloadFormat> firefox = List.of(format(109, "opus", 48000, 2, "maxplaybackrate=48000;stereo=1"),
                format(120, "VP8", 90000, 0, "max-fs=12288;max-fr=60"), format(124, "rtx", 90000, 0, "apt=120"),
                format(121, "VP9", 90000, 0, "max-fs=12288"), format(125, "rtx", 90000, 0, "apt=121"));
        List<PayloadFormat> chromium = List.of(format(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"),
                format(96, "VP8", 90000, 0, null), format(97, "rtx", 90000, 0, "apt=96"),
                format(98, "VP9", 90000, 0, "profile-id=0"), format(99, "rtx", 90000, 0, "apt=98"));

        PayloadTypeMap map = PayloadTypeMap.between(firefox, chromium);

        assertThat(map.target(109)).isEqualTo(111);
        assertThat(map.target(120)).isEqualTo(96);
        assertThat(map.target(124)).as("rtx of VP8 to the rtx of Chromium's VP8").isEqualTo(97);
        assertThat(map.target(121)).as("VP9 without profile-id is profile 0").isEqualTo(98);
        assertThat(map.target(125)).isEqualTo(99);
        assertThat(map.target(0)).isEqualTo(PayloadTypeMap.NONE);
        assertThat(map.isIdentity()).isFalse();
        assertThat(PayloadTypeMap.between(chromium, chromium).isIdentity()).isTrue();
    }

    /** werift's VP8 is 97, Chromium's RTX number: it must become 96, and Chromium's RTX has nowhere to go. */
    @Test
    void weriftsVp8IsNotChromiumsRtx() {
        List<PayloadFormat> werift = List.of(format(97, "VP8", 90000, 0, null));
        List<PayloadFormat> chromium = List.of(format(96, "VP8", 90000, 0, null),
                format(97, "rtx", 90000, 0, "apt=96"));

        assertThat(PayloadTypeMap.between(werift, chromium).target(97)).isEqualTo(96);
        PayloadTypeMap toWerift = PayloadTypeMap.between(chromium, werift);
        assertThat(toWerift.target(96)).isEqualTo(97);
        assertThat(toWerift.target(97)).as("no RTX at werift").isEqualTo(PayloadTypeMap.NONE);
    }

    /**
     * RFC 6184: packetization mode must match, the profile must match (Constrained Baseline in any of its
     * spellings), the level need not; VP9 profiles must match; channels must match.
     */
    @Test
    void codecParametersThatShapeTheBitstreamMustMatch() {
        PayloadFormat cb31 = format(108, "H264", 90000, 0, "packetization-mode=1;profile-level-id=42e01f");
        PayloadFormat cbOtherSpellingAndLevel = format(102, "h264", 90000, 0,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42c034");
        PayloadFormat cbMode0 = format(103, "H264", 90000, 0, "packetization-mode=0;profile-level-id=42e01f");
        PayloadFormat constrainedHigh = format(96, "H264", 90000, 0, "packetization-mode=1;profile-level-id=640c1f");
        PayloadFormat mainWithCs1 = format(104, "H264", 90000, 0, "packetization-mode=1;profile-level-id=4d401f");

        assertThat(cb31.sameCodecAs(cbOtherSpellingAndLevel)).isTrue();
        assertThat(cb31.sameCodecAs(mainWithCs1)).as("Main with constraint_set1 is Constrained Baseline").isTrue();
        assertThat(cb31.sameCodecAs(cbMode0)).isFalse();
        assertThat(cb31.sameCodecAs(constrainedHigh)).isFalse();
        assertThat(format(98, "VP9", 90000, 0, "profile-id=0").sameCodecAs(format(100, "VP9", 90000, 0, "profile-id=2")))
                .isFalse();
        assertThat(format(111, "opus", 48000, 2, null).sameCodecAs(format(109, "opus", 48000, 1, null))).isFalse();
        assertThat(format(9, "G722", 8000, 1, null).sameCodecAs(format(9, "G722", 8000, 0, null)))
                .as("an absent channel count is one").isTrue();

        PayloadTypeMap map = PayloadTypeMap.between(List.of(cb31, format(109, "rtx", 90000, 0, "apt=108")),
                List.of(constrainedHigh, format(97, "rtx", 90000, 0, "apt=96"), cbOtherSpellingAndLevel,
                        format(103, "rtx", 90000, 0, "apt=102")));
        assertThat(map.target(108)).isEqualTo(102);
        assertThat(map.target(109)).isEqualTo(103);
    }
}
