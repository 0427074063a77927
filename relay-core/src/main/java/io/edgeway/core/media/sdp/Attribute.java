package io.edgeway.core.media.sdp;

/**
 * An {@code a=} line the model has no field for (such as {@code a=rtcp}, {@code a=rtcp-xr},
 * {@code a=rid}, {@code a=simulcast}, {@code a=sctp-port}), kept verbatim so that parsing and writing a
 * description loses nothing. RFC 8866 §5.13: a receiver ignores attributes it does not understand.
 *
 * @param name the attribute name, an RFC 8866 token
 * @param value the text after the first {@code :}, or null for a property attribute ({@code a=name})
 */
public record Attribute(String name, String value) {

    public Attribute {
        SdpSyntax.token("attribute name", name);
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("attribute name contains ':': " + name);
        }
        if (value != null) {
            SdpSyntax.textOrEmpty("attribute value", value);
        }
    }

    String toLine() {
        return value == null ? name : name + ':' + value;
    }
}
