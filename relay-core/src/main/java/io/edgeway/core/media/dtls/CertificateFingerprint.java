package io.edgeway.core.media.dtls;

import io.edgeway.core.tls.TlsMaterial;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The value of an SDP {@code a=fingerprint} attribute, {@code "sha-256 AB:CD:..."}, which is how DTLS-SRTP
 * peers authenticate each other's self-signed certificates (RFC 5763 §5, syntax in RFC 8122 §5).
 *
 * <p>Parsing is strict about the shape (a known hash function, then colon-separated hex pairs of exactly
 * the digest's length) and lenient about case: RFC 8122 writes the hex in upper case, but a value that
 * differs only in case names the same certificate. MD2 and MD5, which RFC 8122 still lists, are refused:
 * a collision in them is cheap, and a fingerprint that can collide authenticates nothing.
 *
 * <p>Immutable and thread-safe. {@link #matches(byte[])} hashes the certificate once and compares in
 * constant time; it runs once per handshake.
 */
public final class CertificateFingerprint {

    private final String hashFunction;
    private final String jcaAlgorithm;
    private final byte[] digest;

    private CertificateFingerprint(String hashFunction, String jcaAlgorithm, byte[] digest) {
        this.hashFunction = hashFunction;
        this.jcaAlgorithm = jcaAlgorithm;
        this.digest = digest;
    }

    /**
     * Parses the attribute value as it appears after {@code a=fingerprint:}.
     *
     * @throws IllegalArgumentException for anything that is not a supported hash function name followed by
     *     one space and the digest as colon-separated hex pairs; the message says what is wrong (the value
     *     comes from a remote SDP, so signaling should turn this into a rejected offer)
     */
    public static CertificateFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "sdpValue");
        String value = sdpValue.strip();
        int space = value.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint must be \"<hash-func> <hex pairs>\": \"" + sdpValue + "\"");
        }
        String hashFunction = value.substring(0, space).toLowerCase(Locale.ROOT);
        String jcaAlgorithm = jcaAlgorithm(hashFunction);
        if (jcaAlgorithm == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function \"" + hashFunction
                    + "\" (sha-1, sha-224, sha-256, sha-384 or sha-512)");
        }
        String hex = value.substring(space + 1).strip();
        int expectedLength = newDigest(jcaAlgorithm).getDigestLength();
        byte[] digest = parseHexPairs(hex, expectedLength, sdpValue);
        return new CertificateFingerprint(hashFunction, jcaAlgorithm, digest);
    }

    /** The SHA-256 fingerprint of this process's own certificate, for the local SDP. */
    public static CertificateFingerprint sha256(TlsMaterial material) {
        return parse("sha-256 " + material.fingerprintSha256());
    }

    /** The hash function token in lower case, e.g. {@code "sha-256"}. */
    public String hashFunction() {
        return hashFunction;
    }

    /**
     * Whether this fingerprint names the certificate with this DER encoding, hashing it with this
     * fingerprint's function and comparing without an early exit.
     */
    public boolean matches(byte[] certificateDer) {
        byte[] actual = newDigest(jcaAlgorithm).digest(certificateDer);
        return MessageDigest.isEqual(actual, digest);
    }

    /** The attribute value in RFC 8122 form: lower-case function name, upper-case hex pairs. */
    public String toSdpValue() {
        StringBuilder out = new StringBuilder(hashFunction.length() + 1 + digest.length * 3);
        out.append(hashFunction).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            out.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint that
                && hashFunction.equals(that.hashFunction)
                && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * hashFunction.hashCode() + Arrays.hashCode(digest);
    }

    /** The SDP value: a certificate fingerprint is public, so printing it is fine. */
    @Override
    public String toString() {
        return toSdpValue();
    }

    private static String jcaAlgorithm(String hashFunction) {
        switch (hashFunction) {
            case "sha-1":
                return "SHA-1";
            case "sha-224":
                return "SHA-224";
            case "sha-256":
                return "SHA-256";
            case "sha-384":
                return "SHA-384";
            case "sha-512":
                return "SHA-512";
            default:
                return null;
        }
    }

    private static MessageDigest newDigest(String jcaAlgorithm) {
        try {
            return MessageDigest.getInstance(jcaAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + jcaAlgorithm, e);
        }
    }

    private static byte[] parseHexPairs(String hex, int expectedLength, String original) {
        // 2 hex digits per byte plus a colon between bytes.
        if (hex.length() != expectedLength * 3 - 1) {
            throw new IllegalArgumentException("fingerprint must be " + expectedLength
                    + " colon-separated hex pairs: \"" + original + "\"");
        }
        byte[] out = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            int at = i * 3;
            int high = asciiHexValue(hex.charAt(at));
            int low = asciiHexValue(hex.charAt(at + 1));
            boolean separatorOk = i == expectedLength - 1 || hex.charAt(at + 2) == ':';
            if (high < 0 || low < 0 || !separatorOk) {
                throw new IllegalArgumentException("fingerprint is not colon-separated hex pairs: \"" + original + "\"");
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    /** Character.digit would also take non-ASCII digits (Arabic-Indic, full-width); SDP hex is ASCII. */
    private static int asciiHexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
