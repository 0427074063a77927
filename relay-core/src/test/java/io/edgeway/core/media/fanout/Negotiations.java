package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.Origin;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.SfuAnswerBuilder;
import io.edgeway.core.media.sdp.SfuOfferBuilder;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import io.edgeway.core.media.sdp.SsrcAttribute;
import io.edgeway.core.media.sdp.SsrcGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Negotiations the way the session layer runs them, from the real offers under {@code src/test/resources/sdp/}:
 * a member publishes (the SFU answers its offer) or subscribes (the SFU answers its offer, then offers it
 * the publisher's tracks, which it accepts as offered), and the room member is handed the result.
 */
final class Negotiations {

    static final SfuTransportParameters SFU = new SfuTransportParameters("edgeway0sfu", "0123456789abcdefABCDEF+/",
            Fingerprint.sha256("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"
                    + ":23:45:67:89"),
            List.of(Candidate.udpHost("1", Candidate.priority(126, 65535, 1), "127.0.0.1", 10000)));

    private Negotiations() {
    }

    /** {@code member} offered the capture {@code fixture} and got the SFU's answer; returns its tracks. */
    static List<ForwardedTrack> publish(RoomMember member, String fixture) {
        SessionDescription offer = fixture(fixture);
        member.negotiated(new SfuAnswerBuilder(SFU).answer(offer, Origin.of(1, 1)), offer);
        return tracksOf(offer);
    }

    /**
     * {@code member} offered {@code fixture}, then accepted the SFU's offer that sends it {@code tracks};
     * returns that offer.
     */
    static SessionDescription subscribe(RoomMember member, String fixture, List<ForwardedTrack> tracks) {
        SessionDescription answer = new SfuAnswerBuilder(SFU).answer(fixture(fixture), Origin.of(2, 1));
        SessionDescription offer = new SfuOfferBuilder(SFU).offer(answer, tracks);
        member.negotiated(offer, null);
        return offer;
    }

    /** The tracks an offer sends, as the session layer's publication makes them (stream id "p"). */
    static List<ForwardedTrack> tracksOf(SessionDescription offer) {
        List<ForwardedTrack> tracks = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.isRejected() || !m.direction().sends() || m.ssrcs().isEmpty()) {
                continue;
            }
            SsrcGroup fid = m.ssrcGroup(SsrcGroup.FID);
            long ssrc = fid != null ? fid.ssrcs().get(0) : m.ssrcs().get(0);
            Long rtx = fid != null ? fid.ssrcs().get(1) : null;
            String cname = m.ssrcAttribute(ssrc, SsrcAttribute.CNAME);
            tracks.add(new ForwardedTrack(m.kind(), "p", "p-" + i, ssrc, rtx, cname));
        }
        assertThat(tracks).extracting(ForwardedTrack::kind).containsExactly("audio", "video");
        return tracks;
    }

    static SessionDescription fixture(String name) {
        try (InputStream in = Negotiations.class.getResourceAsStream("/sdp/" + name)) {
            return SdpParser.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
