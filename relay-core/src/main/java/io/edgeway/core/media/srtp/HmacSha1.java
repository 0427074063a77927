package io.edgeway.core.media.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1 {@link MessageDigest}, built here rather than taken from
 * {@code javax.crypto.Mac} because {@code Mac.doFinal} allocates its result on every call; this one
 * writes into the caller's array and allocates nothing per packet. The key pads are computed once.
 *
 * <p>Confined to the thread of its context.
 */
final class HmacSha1 {

    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] digest = new byte[LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        // RFC 2104 §2: keys longer than the block are hashed first, shorter ones zero-padded.
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Starts a MAC: resets the digest and feeds the inner pad. */
    void start() {
        sha1.reset();
        sha1.update(innerPad, 0, BLOCK);
    }

    void update(byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
    }

    /** Finishes the MAC and writes its first {@code tagLength} octets to {@code out}. */
    void finish(byte[] out, int outOffset, int tagLength) {
        finishInto(digest);
        System.arraycopy(digest, 0, out, outOffset, tagLength);
    }

    /**
     * Finishes the MAC and compares its first {@code tagLength} octets with {@code expected} in time
     * independent of where they differ (RFC 3711 §9.5's caution, DESIGN: constant-time MAC comparison).
     */
    boolean finishAndVerify(byte[] expected, int expectedOffset, int tagLength) {
        finishInto(digest);
        int difference = 0;
        for (int i = 0; i < tagLength; i++) {
            difference |= digest[i] ^ expected[expectedOffset + i];
        }
        return difference == 0;
    }

    private void finishInto(byte[] out) {
        try {
            sha1.digest(out, 0, LENGTH);
            sha1.update(outerPad, 0, BLOCK);
            sha1.update(out, 0, LENGTH);
            sha1.digest(out, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest buffer too small", e);
        }
    }
}
