package io.edgeway.core.media.sdp;

/**
 * A line of a type the model keeps verbatim: {@code i=}, {@code u=}, {@code e=}, {@code p=},
 * {@code k=}, {@code r=} and {@code z=} (RFC 8866 §5.4-5.6, §5.10-5.12). WebRTC endpoints do not write
 * them; they are kept so that a description survives a round trip, and written back in the place
 * RFC 8866 §5 gives their type.
 */
public record SdpLine(char type, String value) {

    /** The types kept verbatim at session level, in the order RFC 8866 §5 writes them. */
    static final String SESSION_TYPES = "iuep" + "rzk";

    /** The types kept verbatim in an m= section. */
    static final String MEDIA_TYPES = "ik";

    public SdpLine {
        if (SESSION_TYPES.indexOf(type) < 0) {
            throw new IllegalArgumentException("not a verbatim line type: " + type);
        }
        SdpSyntax.textOrEmpty("line value", value);
    }
}
