package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One remote participant's track as the SFU forwards it to a subscriber: the m= section that carries
 * it announces {@code a=msid:<streamId> <trackId>} (RFC 8830; the browser's {@code RTCTrackEvent}
 * shows the stream id) and the SSRCs the SFU will send with, with their CNAME (RFC 5576 §6.1) and,
 * for video with retransmission, the {@code FID} group pairing the media SSRC with its RTX SSRC
 * (RFC 5576 §4.2, RFC 4588).
 *
 * <p>The track id identifies the track across renegotiations: {@link SfuOfferBuilder} keeps a track
 * on the m= section whose msid names it. Immutable.
 *
 * @param kind {@code audio} or {@code video}
 * @param streamId e.g. the publishing participant's id, so that a page groups its audio and video
 * @param rtxSsrc the retransmission SSRC, or null for none (audio, or video without RTX)
 * @param cname the RTCP CNAME the SFU uses in this track's SDES (one per publisher keeps lip sync)
 */
public record ForwardedTrack(String kind, String streamId, String trackId, long ssrc, Long rtxSsrc, String cname) {

    public ForwardedTrack {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video: " + kind);
        }
        Objects.requireNonNull(trackId, "trackId");
        new Msid(streamId, trackId); // checks both ids
        SsrcAttribute.requireSsrc(ssrc);
        if (rtxSsrc != null) {
            SsrcAttribute.requireSsrc(rtxSsrc);
            if (rtxSsrc == ssrc) {
                throw new IllegalArgumentException("the RTX SSRC must differ from the media SSRC");
            }
        }
        SdpSyntax.word("cname", cname);
    }

    /** An audio track: one SSRC, no retransmission. */
    public static ForwardedTrack audio(String streamId, String trackId, long ssrc, String cname) {
        return new ForwardedTrack("audio", streamId, trackId, ssrc, null, cname);
    }

    /** A video track with an RTX SSRC for retransmissions. */
    public static ForwardedTrack video(String streamId, String trackId, long ssrc, long rtxSsrc, String cname) {
        return new ForwardedTrack("video", streamId, trackId, ssrc, rtxSsrc, cname);
    }

    /**
     * The track the writer of {@code section} sends on it, read back from the msid and SSRC lines that
     * {@link #applyTo} writes, or null if the section's writer does not send or names no track.
     */
    public static ForwardedTrack sentOn(MediaDescription section) {
        if (section.isRejected() || !section.direction().sends() || section.msids().isEmpty()
                || section.msids().get(0).trackId() == null || section.ssrcs().isEmpty()) {
            return null;
        }
        if (!"audio".equals(section.kind()) && !"video".equals(section.kind())) {
            return null;
        }
        Msid msid = section.msids().get(0);
        SsrcGroup fid = section.ssrcGroup(SsrcGroup.FID);
        long ssrc = fid != null ? fid.ssrcs().get(0) : section.ssrcs().get(0);
        Long rtx = fid != null && fid.ssrcs().size() > 1 ? fid.ssrcs().get(1) : null;
        String cname = section.ssrcAttribute(ssrc, SsrcAttribute.CNAME);
        if (cname == null) {
            return null;
        }
        return new ForwardedTrack(section.kind(), msid.streamId(), msid.trackId(), ssrc, rtx, cname);
    }

    /**
     * Writes this track into a sending section: {@code a=msid}, then the FID group when the section
     * negotiates RTX and the track has an RTX SSRC, then {@code cname} and {@code msid} for each SSRC
     * (the per-SSRC msid is what Chromium itself writes; older parsers read only that one).
     *
     * @param negotiatesRtx whether the section carries an RTX payload format
     */
    MediaDescription.Builder applyTo(MediaDescription.Builder section, boolean negotiatesRtx) {
        Msid msid = new Msid(streamId, trackId);
        List<Long> ssrcs = new ArrayList<>();
        ssrcs.add(ssrc);
        List<SsrcGroup> groups = new ArrayList<>();
        if (negotiatesRtx && rtxSsrc != null) {
            ssrcs.add(rtxSsrc);
            groups.add(new SsrcGroup(SsrcGroup.FID, List.of(ssrc, rtxSsrc)));
        }
        List<SsrcAttribute> attributes = new ArrayList<>();
        for (Long s : ssrcs) {
            attributes.add(new SsrcAttribute(s, SsrcAttribute.CNAME, cname));
            attributes.add(new SsrcAttribute(s, SsrcAttribute.MSID, msid.toValue()));
        }
        return section.msids(List.of(msid)).ssrcGroups(groups).ssrcAttributes(attributes);
    }
}
