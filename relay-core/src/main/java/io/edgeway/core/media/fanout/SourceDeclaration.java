package io.edgeway.core.media.fanout;

import java.util.List;
import java.util.Objects;

/**
 * What a participant publishes on one m= section, as the session layer read it from its offer: one
 * {@link MediaSource} of the room, with the SSRCs its SDP names or the RIDs its packets will carry.
 *
 * @param kind audio or video
 * @param mid the section's mid (a simulcast layer's packets carry it with their RID)
 * @param screenShare a screen rather than a camera (the allocator ranks it before cameras)
 * @param ssrcs the media SSRCs in layer order: one for a plain source; for simulcast, those the SDP names
 *     in {@code a=ssrc-group:SIM} order, or none when the layers are known by RID only
 * @param rtxSsrcs the RTX (RFC 4588) SSRC of each media SSRC, same order, 0 where none; may be shorter
 * @param rids the simulcast RIDs in the offer's order ({@code a=simulcast:send}), empty for a plain source
 */
public record SourceDeclaration(MediaSource.Kind kind, String mid, boolean screenShare, List<Long> ssrcs,
                                List<Long> rtxSsrcs, List<String> rids) {

    public SourceDeclaration {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mid, "mid");
        ssrcs = List.copyOf(ssrcs);
        rtxSsrcs = List.copyOf(rtxSsrcs);
        rids = List.copyOf(rids);
        if (ssrcs.isEmpty() && rids.isEmpty()) {
            throw new IllegalArgumentException("a source needs an SSRC or RIDs");
        }
        if (ssrcs.size() > MediaSource.MAX_LAYERS || rids.size() > MediaSource.MAX_LAYERS) {
            throw new IllegalArgumentException("at most " + MediaSource.MAX_LAYERS + " layers per source");
        }
        if (!rids.isEmpty() && !ssrcs.isEmpty() && ssrcs.size() != rids.size()) {
            throw new IllegalArgumentException("simulcast SSRCs and RIDs differ in number");
        }
        if (kind == MediaSource.Kind.AUDIO && (ssrcs.size() != 1 || !rids.isEmpty())) {
            throw new IllegalArgumentException("an audio source has exactly one SSRC and no RIDs");
        }
    }

    /** A source of one SSRC (and its RTX SSRC, 0 for none). */
    public static SourceDeclaration single(MediaSource.Kind kind, String mid, boolean screenShare, long ssrc, long rtxSsrc) {
        return new SourceDeclaration(kind, mid, screenShare, List.of(ssrc), rtxSsrc == 0 ? List.of() : List.of(rtxSsrc),
                List.of());
    }

    /** Layers of this source: RIDs or SSRCs, whichever it has more of. */
    public int layerCount() {
        return Math.max(ssrcs.size(), rids.size());
    }
}
