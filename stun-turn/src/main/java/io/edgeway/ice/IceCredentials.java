package io.edgeway.ice;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One side's ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}). The local
 * pair is generated here for each participant; the remote pair is read from the participant's SDP.
 *
 * <p>Connectivity checks use them as STUN short-term credentials (RFC 8445 §7.2.2): the USERNAME is
 * "receiver's ufrag:sender's ufrag" and MESSAGE-INTEGRITY is keyed with the receiver's password, so an
 * ICE-lite agent verifies every check with its <em>local</em> password and never uses the remote one
 * (it sends no checks); the remote pair is kept to match the USERNAME's second half.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 */
public final class IceCredentials {

    /** RFC 8839 §5.4: {@code ice-char = ALPHA / DIGIT / "+" / "/"}, 64 symbols, 6 bits each. */
    static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** RFC 8839 §5.4: ice-ufrag is 4 to 256 ice-chars. */
    public static final int MIN_UFRAG_LENGTH = 4;
    /** RFC 8839 §5.4: ice-pwd is 22 to 256 ice-chars. */
    public static final int MIN_PASSWORD_LENGTH = 22;
    public static final int MAX_LENGTH = 256;
    /**
     * Generated ufrag length: RFC 8445 §5.3 asks for at least 24 bits of randomness (4 chars); 8 chars
     * (48 bits) keep collisions between the participants of one server negligible, and the registry
     * still refuses a duplicate.
     */
    public static final int GENERATED_UFRAG_LENGTH = 8;
    /** Generated password length: 24 chars are 144 bits, above RFC 8445 §5.3's 128. */
    public static final int GENERATED_PASSWORD_LENGTH = 24;

    private final String ufrag;
    private final String password;
    /** The short-term key: RFC 8489 §9.1.1 OpaqueString(password); ice-chars pass through unchanged. */
    private final byte[] key;

    private IceCredentials(String ufrag, String password) {
        this.ufrag = ufrag;
        this.password = password;
        this.key = password.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Credentials as signalled in SDP, checked against RFC 8839 §5.4's grammar.
     *
     * @throws IllegalArgumentException if either value is too short, too long or has a character
     *                                  outside ice-char (the message never contains the password)
     */
    public static IceCredentials of(String ufrag, String password) {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        check("ice-ufrag", ufrag, MIN_UFRAG_LENGTH);
        check("ice-pwd", password, MIN_PASSWORD_LENGTH);
        return new IceCredentials(ufrag, password);
    }

    /**
     * Fresh local credentials (RFC 8445 §5.3), every character drawn from {@code random}: a
     * {@code SecureRandom} in production, since the password is the only secret of a check; a seeded
     * generator in tests. {@code random} must be safe for the calling thread.
     */
    public static IceCredentials generate(RandomGenerator random) {
        return new IceCredentials(randomIceChars(random, GENERATED_UFRAG_LENGTH),
                randomIceChars(random, GENERATED_PASSWORD_LENGTH));
    }

    private static String randomIceChars(RandomGenerator random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }

    private static void check(String what, String value, int minLength) {
        if (value.length() < minLength || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + minLength + " to " + MAX_LENGTH
                    + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException(what + " has a character outside ice-char at index " + i);
            }
        }
    }

    public String ufrag() {
        return ufrag;
    }

    /** The password, for the SDP this side sends ({@code a=ice-pwd}). Never log it. */
    public String password() {
        return password;
    }

    /** The HMAC key of checks addressed to this side. Shared, not copied: callers must not modify it. */
    byte[] key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IceCredentials other && ufrag.equals(other.ufrag)
                && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return ufrag.hashCode();
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<" + password.length() + " chars>]";
    }
}
