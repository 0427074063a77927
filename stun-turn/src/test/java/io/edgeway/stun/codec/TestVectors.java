package io.edgeway.stun.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Loads the hex test vectors kept in {@code src/test/resources/vectors/} ('#' starts a comment). */
public final class TestVectors {

    public static final String RFC5769_REQUEST = "rfc5769-2.1-request.hex";
    public static final String RFC5769_IPV4_RESPONSE = "rfc5769-2.2-ipv4-response.hex";
    public static final String RFC5769_IPV6_RESPONSE = "rfc5769-2.3-ipv6-response.hex";
    public static final String RFC5769_LONG_TERM_REQUEST = "rfc5769-2.4-long-term-request.hex";
    public static final String RFC8489_B1_REQUEST = "rfc8489-b.1-long-term-sha256-request.hex";

    /** RFC 5769 §2.1-2.3 short-term password: the key is the password itself. */
    public static final String SHORT_TERM_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    /** RFC 5769 §2.4 and RFC 8489 B.1 long-term credentials (username already SASLprep'd/OpaqueString'd). */
    public static final String USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    public static final String REALM = "example.org";
    public static final String PASSWORD = "TheMatrIX";

    private TestVectors() {
    }

    public static byte[] load(String name) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return parseHex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] parseHex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String data = comment >= 0 ? line.substring(0, comment) : line;
            for (int i = 0; i < data.length(); i++) {
                char c = data.charAt(i);
                if (Character.digit(c, 16) >= 0) {
                    digits.append(c);
                } else if (!Character.isWhitespace(c)) {
                    throw new IllegalArgumentException("not hex: " + c);
                }
            }
        }
        if ((digits.length() & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** {@code digest(username ":" realm ":" password)}: the long-term key (RFC 8489 §9.2.2). */
    public static byte[] longTermKey(String algorithm, String username, String realm, String password) {
        try {
            return MessageDigest.getInstance(algorithm)
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
