package io.edgeway.core.media.sdp;

import java.util.List;

/**
 * An {@code a=ssrc-group:<semantics> <ssrc>...} line (RFC 5576 §4.2). WebRTC uses {@code FID}
 * (RFC 5576 §4.2, used with RFC 4588 RTX: the primary SSRC first, its retransmission SSRC second) and
 * {@code SIM} for simulcast.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public static final String FID = "FID";
    /** The layers of one simulcast source, lowest first in practice (libwebrtc's plan-b and SSRC-signalled form). */
    public static final String SIM = "SIM";

    public SsrcGroup {
        SdpSyntax.token("ssrc-group semantics", semantics);
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("ssrc-group lists no ssrc");
        }
        for (Long ssrc : ssrcs) {
            SsrcAttribute.requireSsrc(ssrc);
        }
    }

    String toValue() {
        StringBuilder sb = new StringBuilder(semantics);
        for (Long ssrc : ssrcs) {
            sb.append(' ').append(ssrc.longValue());
        }
        return sb.toString();
    }
}
