package io.edgeway.core.media.sdp;

import java.util.List;

/**
 * A session-level {@code a=group:<semantics> <mid>...} attribute (RFC 5888 §5). The one WebRTC uses is
 * {@code BUNDLE} (RFC 8843): every listed m= section shares the transport of the first, the BUNDLE-tag.
 */
public record Group(String semantics, List<String> mids) {

    /** The semantics of RFC 8843. */
    public static final String BUNDLE = "BUNDLE";

    public Group {
        SdpSyntax.token("group semantics", semantics);
        mids = List.copyOf(mids);
        for (String mid : mids) {
            SdpSyntax.token("group mid", mid);
        }
    }

    /** {@code a=group:BUNDLE} over {@code mids}, the first being the BUNDLE-tag. */
    public static Group bundle(List<String> mids) {
        return new Group(BUNDLE, mids);
    }

    String toValue() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String mid : mids) {
            sb.append(' ').append(mid);
        }
        return sb.toString();
    }
}
