package io.edgeway.stun.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * Key derivation of the long-term credential mechanism (RFC 8489 §9.2.2) and the string preparation it
 * needs.
 *
 * <pre>
 *   MD5 key     = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password))      16 bytes
 *   SHA-256 key = SHA-256(username ":" OpaqueString(realm) ":" OpaqueString(password))  32 bytes
 *   USERHASH    = SHA-256(OpaqueString(username) ":" OpaqueString(realm))              (RFC 8489 §14.4)
 * </pre>
 *
 * The MD5 key keys MESSAGE-INTEGRITY (HMAC-SHA1) and is the key of PASSWORD-ALGORITHM MD5; the SHA-256
 * key keys MESSAGE-INTEGRITY-SHA256 under PASSWORD-ALGORITHM SHA-256. The username enters the key as
 * carried in USERNAME: RFC 8489 §14.3 makes the client prepare it, so the server must not alter it.
 *
 * <p>Stateless and thread-safe. Exception messages never contain the password or key.
 */
public final class LongTermKeys {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));

    /** Length of an MD5 long-term key and of the hex form coturn accepts after {@code 0x}. */
    public static final int MD5_KEY_LENGTH = 16;

    private LongTermKeys() {
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by RFC 8489 and missing from this JDK", e);
        }
    }

    /** The MD5 long-term key (RFC 8489 §9.2.2). */
    public static byte[] md5Key(String username, String realm, String password) {
        return md5KeyPrepared(username, opaqueString(realm), opaqueString(password));
    }

    /** The SHA-256 long-term key (RFC 8489 §9.2.2, PASSWORD-ALGORITHM SHA-256). */
    public static byte[] sha256Key(String username, String realm, String password) {
        return sha256KeyPrepared(username, opaqueString(realm), opaqueString(password));
    }

    /** As {@link #md5Key} with realm and password already through {@link #opaqueString}. */
    static byte[] md5KeyPrepared(String username, String preparedRealm, String preparedPassword) {
        return hash(MD5.get(), username, preparedRealm, preparedPassword);
    }

    static byte[] sha256KeyPrepared(String username, String preparedRealm, String preparedPassword) {
        return hash(SHA256.get(), username, preparedRealm, preparedPassword);
    }

    /** USERHASH of RFC 8489 §14.4: {@code SHA-256(OpaqueString(username) ":" OpaqueString(realm))}. */
    public static byte[] userHash(String username, String realm) {
        return hash(SHA256.get(), opaqueString(username), opaqueString(realm), null);
    }

    private static byte[] hash(MessageDigest digest, String a, String b, String c) {
        digest.reset();
        digest.update(a.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) ':');
        digest.update(b.getBytes(StandardCharsets.UTF_8));
        if (c != null) {
            digest.update((byte) ':');
            digest.update(c.getBytes(StandardCharsets.UTF_8));
        }
        return digest.digest();
    }

    /**
     * Prepares a string with an approximation of the PRECIS OpaqueString profile (RFC 8265 §4.2), which
     * RFC 8489 §9.2.2 applies to realm and password and §14.3 to the username.
     *
     * <p>What is implemented: non-ASCII space separators (Unicode category Zs) map to U+0020 (RFC 8265
     * §4.2.1 additional mapping), then Unicode NFC normalisation; the result is refused when empty or
     * when it contains a control character (Cc), an unassigned code point (Cn) or a lone surrogate.
     *
     * <p>The approximation: the full PRECIS FreeformClass (RFC 8264) also disallows some
     * contextual and "old Hangul jamo" code points and depends on the Unicode version through derived
     * properties; Java's Unicode tables stand in for those. For the ASCII and common non-ASCII strings
     * operators configure, the output is identical. Unlike the SASLprep of RFC 5389, OpaqueString does
     * no compatibility mapping (U+2168 ROMAN NUMERAL NINE stays as it is).
     *
     * @throws IllegalArgumentException when the string is disallowed (the message does not echo it)
     */
    public static String opaqueString(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("OpaqueString: the string must not be empty (RFC 8265 §4.2.2)");
        }
        StringBuilder mapped = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch > 0x7F && Character.getType(ch) == Character.SPACE_SEPARATOR) {
                if (mapped == null) {
                    mapped = new StringBuilder(s);
                }
                mapped.setCharAt(i, ' ');
            }
        }
        String spaced = mapped == null ? s : mapped.toString();
        String normalized = Normalizer.isNormalized(spaced, Normalizer.Form.NFC)
                ? spaced : Normalizer.normalize(spaced, Normalizer.Form.NFC);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL) {
                throw new IllegalArgumentException("OpaqueString: control character at index " + i);
            }
            if (type == Character.UNASSIGNED) {
                throw new IllegalArgumentException("OpaqueString: unassigned code point at index " + i);
            }
            if (type == Character.SURROGATE) {
                throw new IllegalArgumentException("OpaqueString: lone surrogate at index " + i);
            }
            i += Character.charCount(cp);
        }
        return normalized;
    }

    /**
     * Parses coturn's {@code user=name:0xHEXKEY} key form: 32 hex digits that are the MD5 long-term key
     * itself, with or without the {@code 0x} prefix.
     *
     * @throws IllegalArgumentException when the text is not 16 bytes of hex (the message does not echo it)
     */
    public static byte[] parseHexKey(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hex key is missing");
        }
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * MD5_KEY_LENGTH) {
            throw new IllegalArgumentException("hex key must be " + 2 * MD5_KEY_LENGTH
                    + " hex digits (an MD5 long-term key), got " + digits.length());
        }
        byte[] key = new byte[MD5_KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            int hi = Character.digit(digits.charAt(2 * i), 16);
            int lo = Character.digit(digits.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("hex key contains a non-hex character at index " + 2 * i);
            }
            key[i] = (byte) (hi << 4 | lo);
        }
        return key;
    }
}
