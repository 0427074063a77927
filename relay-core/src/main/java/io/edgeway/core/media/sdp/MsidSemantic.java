package io.edgeway.core.media.sdp;

import java.util.List;

/**
 * The session-level {@code a=msid-semantic: WMS <stream-id>...} attribute, from the drafts before
 * RFC 8830 and still written by Chromium. Unified plan reads stream and track ids from {@code a=msid}
 * instead; the attribute is modelled so that it survives a round trip, and the SFU writes
 * {@code WMS *} (all streams) as Chromium accepts it.
 */
public record MsidSemantic(String semantic, List<String> identifiers) {

    public MsidSemantic {
        SdpSyntax.token("msid-semantic", semantic);
        identifiers = List.copyOf(identifiers);
        for (String id : identifiers) {
            SdpSyntax.word("msid-semantic identifier", id);
        }
    }

    /** {@code WMS *}. */
    public static MsidSemantic wmsAll() {
        return new MsidSemantic("WMS", List.of("*"));
    }

    // Chromium writes a space after the colon ("a=msid-semantic: WMS id"); kept so its parser is happy.
    String toValue() {
        StringBuilder sb = new StringBuilder(" ").append(semantic);
        for (String id : identifiers) {
            sb.append(' ').append(id);
        }
        return sb.toString();
    }
}
