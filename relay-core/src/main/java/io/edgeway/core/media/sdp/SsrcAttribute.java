package io.edgeway.core.media.sdp;

/**
 * An {@code a=ssrc:<ssrc> <attribute>[:<value>]} line (RFC 5576 §4.1), e.g. {@code cname:...}
 * (RFC 5576 §6.1) or Chromium's {@code msid:<stream> <track>}.
 *
 * @param ssrc 0..2^32-1
 * @param value null for a property attribute
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {

    public static final String CNAME = "cname";
    public static final String MSID = "msid";

    public SsrcAttribute {
        requireSsrc(ssrc);
        SdpSyntax.token("ssrc attribute", attribute);
        if (attribute.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ssrc attribute name contains ':': " + attribute);
        }
        if (value != null) {
            SdpSyntax.textOrEmpty("ssrc attribute value", value);
        }
    }

    static long requireSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc out of 0..2^32-1: " + ssrc);
        }
        return ssrc;
    }

    String toValue() {
        return value == null ? ssrc + " " + attribute : ssrc + " " + attribute + ':' + value;
    }
}
