package io.edgeway.signaling.session;

import io.edgeway.core.media.fanout.MediaSource;
import io.edgeway.core.media.fanout.SourceDeclaration;
import io.edgeway.core.media.sdp.Direction;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.SdpNegotiationException;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.Simulcast;
import io.edgeway.core.media.sdp.SsrcAttribute;
import io.edgeway.core.media.sdp.SsrcGroup;
import io.edgeway.signaling.http.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What one client offer publishes once the server's rules are applied, and the offer to answer
 * accordingly.
 *
 * <h2>Rules, section by section (the offer's order)</h2>
 * A section on which the client sends ({@code sendrecv}/{@code sendonly}, not rejected, audio or video)
 * publishes a track only if all of these hold; otherwise the server does not receive on it: the section
 * is answered as if the client had offered {@code recvonly} (from {@code sendrecv}) or {@code inactive}
 * (from {@code sendonly}), so the browser never sends there, and nothing is forwarded from it.
 * <ul>
 *   <li><b>Permission</b> (enforced here, whatever the page does): one audio section with
 *       {@code canPublishAudio}; video sections up to one with {@code canPublishVideo} plus one with
 *       {@code canPublishScreenshare}. SDP cannot tell a camera from a screen, so the rule counts video
 *       sections: a participant allowed only to share its screen may send one video track.</li>
 *   <li><b>SSRCs signalled</b>: the section names its SSRC ({@code a=ssrc}, with RTX paired by
 *       {@code a=ssrc-group:FID}), as Chromium, Firefox and Safari do. The SFU forwards SSRCs unchanged
 *       and announces them to subscribers, so it must know them up front.</li>
 *   <li><b>SSRCs free</b>: no other participant of the meeting publishes one of them.</li>
 * </ul>
 * Each published track is forwarded as {@code a=msid:<participantId> <participantId>-<section index>}
 * with the publisher's SSRCs and CNAME: the stream id tells a subscriber's page whose track it is,
 * and the track id stays the same across the publisher's re-offers (sections never move, RFC 8829 §5.2.2).
 *
 * <p>Immutable.
 *
 * @param offer the client's offer with the refused sections' directions lowered; answer this one
 * @param tracks the tracks to forward to the other participants, in section order
 */
record Publication(SessionDescription offer, List<ForwardedTrack> tracks, List<SourceDeclaration> sources) {

    Publication {
        tracks = List.copyOf(tracks);
        sources = List.copyOf(sources);
    }

    /** Nothing published (before the first offer). */
    static final Publication NONE = new Publication(null, List.of(), List.of());

    /** Every SSRC the publication names, media and RTX, tracks and sources. */
    List<Long> ssrcs() {
        List<Long> ssrcs = new ArrayList<>();
        for (ForwardedTrack t : tracks) {
            ssrcs.add(t.ssrc());
            if (t.rtxSsrc() != null) {
                ssrcs.add(t.rtxSsrc());
            }
        }
        for (SourceDeclaration source : sources) {
            for (long ssrc : source.ssrcs()) {
                if (!ssrcs.contains(ssrc)) {
                    ssrcs.add(ssrc);
                }
            }
            for (long ssrc : source.rtxSsrcs()) {
                if (ssrc != 0 && !ssrcs.contains(ssrc)) {
                    ssrcs.add(ssrc);
                }
            }
        }
        return ssrcs;
    }

    /**
     * Applies the rules to {@code offer}.
     *
     * @param takenByOthers whether another participant of the meeting publishes an SSRC
     */
    static Publication of(SessionDescription offer, ParticipantIdentity who, LongPredicate takenByOthers) {
        int audioAllowed = who.canPublishAudio() ? 1 : 0;
        int videoAllowed = (who.canPublishVideo() ? 1 : 0) + (who.canPublishScreenshare() ? 1 : 0);
        List<MediaDescription> sections = new ArrayList<>(offer.media().size());
        List<ForwardedTrack> tracks = new ArrayList<>();
        List<SourceDeclaration> sources = new ArrayList<>();
        boolean changed = false;
        int videoSources = 0;
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.isRejected() || !m.direction().sends() || !isAudioOrVideo(m.kind())) {
                sections.add(m);
                continue;
            }
            boolean audio = "audio".equals(m.kind());
            boolean allowed = (audio ? audioAllowed : videoAllowed) > 0;
            ForwardedTrack track = allowed ? track(m, who.participantId(), i, takenByOthers) : null;
            // The first video section is the camera, a second one the screen (SDP cannot tell them apart).
            SourceDeclaration source = allowed ? source(m, !audio && videoSources > 0, takenByOthers) : null;
            if (track == null && source == null) {
                // RFC 3264 §6.1: answering as if the client did not send keeps the browser from sending.
                sections.add(m.toBuilder().direction(m.direction().receives() ? Direction.RECVONLY : Direction.INACTIVE)
                        .build());
                changed = true;
                continue;
            }
            if (audio) {
                audioAllowed--;
            } else {
                videoAllowed--;
                videoSources++;
            }
            if (track != null) {
                tracks.add(track);
            }
            if (source != null) {
                sources.add(source);
            }
            sections.add(m);
        }
        return new Publication(changed ? offer.toBuilder().media(sections).build() : offer, tracks, sources);
    }

    /**
     * The source a sending section publishes, as forwarding through slots needs it: its SSRC (with RTX
     * from the FID group), or for simulcast (RFC 8853) its RIDs, with the SSRCs of an
     * {@code a=ssrc-group:SIM} when the SDP names them (else they are learnt from the packets' RIDs).
     * Null when the section names nothing usable or an SSRC another participant publishes.
     *
     * @throws SignalingException {@code sdp_rejected} for a malformed simulcast offer
     */
    private static SourceDeclaration source(MediaDescription m, boolean screen, LongPredicate taken) {
        MediaSource.Kind kind = "audio".equals(m.kind()) ? MediaSource.Kind.AUDIO : MediaSource.Kind.VIDEO;
        Simulcast simulcast;
        try {
            simulcast = kind == MediaSource.Kind.VIDEO ? Simulcast.ofOffer(m) : null;
        } catch (SdpNegotiationException e) {
            throw new SignalingException(ErrorCode.SDP_REJECTED, "mid " + m.mid() + ": " + e.getMessage());
        }
        List<Long> ssrcs = new ArrayList<>();
        List<Long> rtx = new ArrayList<>();
        SsrcGroup sim = m.ssrcGroup(SsrcGroup.SIM);
        if (simulcast != null || sim != null) {
            if (sim != null && (simulcast == null || sim.ssrcs().size() == simulcast.layers().size())) {
                for (long ssrc : sim.ssrcs()) {
                    ssrcs.add(ssrc);
                    rtx.add(repairOf(m, ssrc));
                }
            }
        } else {
            SsrcGroup fid = m.ssrcGroup(SsrcGroup.FID);
            if (fid != null && !fid.ssrcs().isEmpty()) {
                ssrcs.add(fid.ssrcs().get(0));
                rtx.add(fid.ssrcs().size() > 1 && kind == MediaSource.Kind.VIDEO ? fid.ssrcs().get(1) : 0L);
            } else if (!m.ssrcs().isEmpty()) {
                ssrcs.add(m.ssrcs().get(0));
            }
        }
        if (ssrcs.isEmpty() && simulcast == null) {
            return null;
        }
        for (int i = 0; i < ssrcs.size(); i++) {
            if (taken.test(ssrcs.get(i)) || i < rtx.size() && rtx.get(i) != 0 && taken.test(rtx.get(i))) {
                return null;
            }
        }
        try {
            return new SourceDeclaration(kind, m.mid(), screen, ssrcs, rtx,
                    simulcast == null ? List.of() : simulcast.rids());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The RTX SSRC an {@code a=ssrc-group:FID} pairs with {@code ssrc}, or 0. */
    private static long repairOf(MediaDescription m, long ssrc) {
        for (SsrcGroup group : m.ssrcGroups()) {
            if (SsrcGroup.FID.equals(group.semantics()) && group.ssrcs().size() > 1 && group.ssrcs().get(0) == ssrc) {
                return group.ssrcs().get(1);
            }
        }
        return 0;
    }

    private static ForwardedTrack track(MediaDescription m, String participantId, int index, LongPredicate taken) {
        SsrcGroup fid = m.ssrcGroup(SsrcGroup.FID);
        long ssrc;
        Long rtx = null;
        if (fid != null && !fid.ssrcs().isEmpty()) {
            ssrc = fid.ssrcs().get(0);
            rtx = fid.ssrcs().size() > 1 ? fid.ssrcs().get(1) : null;
        } else if (!m.ssrcs().isEmpty()) {
            ssrc = m.ssrcs().get(0);
        } else {
            return null;
        }
        if (taken.test(ssrc) || rtx != null && (taken.test(rtx) || rtx == ssrc)) {
            return null;
        }
        String cname = m.ssrcAttribute(ssrc, SsrcAttribute.CNAME);
        if (cname == null) {
            // RFC 7022 §4.2 only asks that a CNAME be unique per session; the participant id is.
            cname = participantId;
        }
        try {
            return new ForwardedTrack(m.kind(), participantId, participantId + "-" + index, ssrc,
                    "audio".equals(m.kind()) ? null : rtx, cname);
        } catch (IllegalArgumentException e) {
            // an SSRC or CNAME the SDP model accepted but a forwarded track cannot carry
            return null;
        }
    }

    private static boolean isAudioOrVideo(String kind) {
        return "audio".equals(kind) || "video".equals(kind);
    }
}
