package io.edgeway.core.media.sdp;

import java.util.Locale;

/**
 * An {@code a=fingerprint:<hash-function> <hex>:<hex>...} attribute (RFC 8122 §5): the hash of the
 * DTLS certificate the writer will present. The hex is kept upper-case, as RFC 8122 §5 writes it; hash
 * function names compare case-insensitively and are kept lower-case.
 */
public record Fingerprint(String hashFunction, String value) {

    public Fingerprint {
        SdpSyntax.token("fingerprint hash function", hashFunction);
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        SdpSyntax.word("fingerprint", value);
        value = value.toUpperCase(Locale.ROOT);
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
        if (value.length() % 3 != 2) {
            throw new IllegalArgumentException("fingerprint is not colon-separated hex pairs: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (i % 3 == 2 ? c != ':' : !hex) {
                throw new IllegalArgumentException("fingerprint is not colon-separated hex pairs: " + value);
            }
        }
    }

    /** A SHA-256 fingerprint such as {@link io.edgeway.core.tls.TlsMaterial#fingerprintSha256()}. */
    public static Fingerprint sha256(String colonHex) {
        Fingerprint f = new Fingerprint("sha-256", colonHex);
        if (f.value.length() != 32 * 3 - 1) {
            throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes: " + colonHex);
        }
        return f;
    }

    /** Parses the attribute value, e.g. {@code "sha-256 AB:CD:..."}. */
    public static Fingerprint parse(String attributeValue) {
        int space = attributeValue.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint needs \"<hash-function> <hex>\"");
        }
        return new Fingerprint(attributeValue.substring(0, space), attributeValue.substring(space + 1));
    }

    String toValue() {
        return hashFunction + ' ' + value;
    }
}
