package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * USERHASH (RFC 8489 §14.4): a client that wants username anonymity sends
 * {@code SHA-256(OpaqueString(username) ":" OpaqueString(realm))} instead of USERNAME. The value is
 * always 32 bytes.
 *
 * <p>OpaqueString (RFC 8265 §4.2) is approximated by Unicode NFC normalisation
 * ({@link java.text.Normalizer.Form#NFC}) plus mapping non-ASCII spaces to U+0020. That is what the profile
 * does to every string it accepts; it does not reject the code points the full PRECIS FreeformClass
 * disallows (controls, unassigned code points), so a hash of such a string is computed where a strict
 * implementation would refuse it. Usernames and realms are configured by operators, not attackers, so this
 * only matters for exotic configuration.
 *
 * <p>Stateless; {@link #matches} reads in place.
 */
public final class UserHash {

    public static final int LENGTH = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by RFC 8489 and missing from this JDK", e);
        }
    });

    private UserHash() {
    }

    /** The USERHASH value for a username in a realm. Allocates; compute it once per user, not per packet. */
    public static byte[] compute(String username, String realm) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(opaqueString(username).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) ':');
        digest.update(opaqueString(realm).getBytes(StandardCharsets.UTF_8));
        return digest.digest();
    }

    /**
     * The approximation of the PRECIS OpaqueString profile described in the class comment: width and
     * space mapping of RFC 8265 §4.2.1 (non-ASCII spaces to U+0020) and NFC normalisation.
     */
    public static String opaqueString(String s) {
        StringBuilder mapped = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && Character.isSpaceChar(c)) {
                if (mapped == null) {
                    mapped = new StringBuilder(s);
                }
                mapped.setCharAt(i, ' ');
            }
        }
        return Normalizer.normalize(mapped == null ? s : mapped, Normalizer.Form.NFC);
    }

    public static void addTo(StunMessageWriter writer, byte[] userHash) {
        if (userHash.length != LENGTH) {
            throw new IllegalArgumentException("USERHASH must be 32 bytes");
        }
        writer.putBytes(StunAttributeType.USERHASH, userHash);
    }

    /** Validates the length of the attribute at {@code index} and returns the absolute offset of its value. */
    public static int valueOffset(StunMessage message, int index) throws StunParseException {
        if (message.valueLength(index) != LENGTH) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "USERHASH is not 32 bytes");
        }
        return message.valueOffset(index);
    }

    /** Copies the 32-byte value out (for use as a lookup key). */
    public static byte[] read(StunMessage message, int index) throws StunParseException {
        byte[] value = new byte[LENGTH];
        message.buffer().getBytes(valueOffset(message, index), value);
        return value;
    }

    /** Whether the attribute at {@code index} carries {@code userHash}, compared in place. */
    public static boolean matches(StunMessage message, int index, byte[] userHash) throws StunParseException {
        int offset = valueOffset(message, index);
        ByteBuf buf = message.buffer();
        return userHash.length == LENGTH && Hmacs.equalsConstantTime(userHash, buf, offset, LENGTH);
    }
}
