package io.edgeway.core.media.sdp;

/** A {@code b=<type>:<value>} line (RFC 8866 §5.8), e.g. {@code AS:2000} or {@code TIAS:2000000}. */
public record Bandwidth(String type, long value) {

    public Bandwidth {
        SdpSyntax.token("bandwidth type", type);
        if (type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bandwidth type contains ':': " + type);
        }
        if (value < 0) {
            throw new IllegalArgumentException("bandwidth is negative: " + value);
        }
    }

    String toValue() {
        return type + ':' + value;
    }
}
