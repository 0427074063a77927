package io.edgeway.stun.attr;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-thread HMAC engines and a constant-time comparison. {@code Mac.getInstance} costs a provider
 * lookup, so each thread keeps one engine per algorithm and re-keys it per message.
 */
public final class Hmacs {

    private static final ThreadLocal<Mac> SHA1 = ThreadLocal.withInitial(() -> newMac("HmacSHA1"));
    private static final ThreadLocal<Mac> SHA256 = ThreadLocal.withInitial(() -> newMac("HmacSHA256"));

    private Hmacs() {
    }

    private static Mac newMac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required by RFC 8489 and missing from this JDK", e);
        }
    }

    /** This thread's HMAC-SHA1 engine keyed with {@code key}. */
    public static Mac sha1(byte[] key) {
        return init(SHA1.get(), key, "HmacSHA1");
    }

    /** This thread's HMAC-SHA256 engine keyed with {@code key}. */
    public static Mac sha256(byte[] key) {
        return init(SHA256.get(), key, "HmacSHA256");
    }

    private static Mac init(Mac mac, byte[] key, String algorithm) {
        try {
            mac.init(new SecretKeySpec(key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
    }

    /** Feeds a region of a buffer to the engine without copying it. */
    public static void update(Mac mac, ByteBuf buf, int from, int count) {
        if (buf.hasArray()) {
            mac.update(buf.array(), buf.arrayOffset() + from, count);
        } else {
            mac.update(buf.nioBuffer(from, count));
        }
    }

    /**
     * Compares the first {@code count} bytes of {@code expected} with the bytes at {@code offset} in
     * constant time, so a forger learns nothing from response timing.
     */
    public static boolean equalsConstantTime(byte[] expected, ByteBuf actual, int offset, int count) {
        if (count > expected.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < count; i++) {
            diff |= expected[i] ^ actual.getByte(offset + i);
        }
        return diff == 0;
    }

    public static boolean equalsConstantTime(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
