package io.edgeway.core.media.srtp;

/**
 * The cryptographic transform of one profile over packets held in a byte array: encrypts and tags,
 * or verifies and decrypts, in place. Index bookkeeping (rollover counter, replay window, SRTCP
 * index) stays in {@link SrtpContext} and {@link SrtcpContext}; this class only turns an index into
 * an IV and bytes into other bytes.
 *
 * <p>Every method works on {@code array[offset, offset + length)} and may write up to the profile's
 * trailer length after it; the caller has checked that the space exists. A failed verification
 * leaves the array unchanged. One instance per context, holding its own javax.crypto objects, so it
 * is confined to the thread of its context. Nothing here allocates per packet except the JDK's GCM
 * cipher itself (see {@link AesGcmTransform}).
 */
abstract class SrtpTransform {

    final SrtpProfile profile;
    final int tagLength;

    SrtpTransform(SrtpProfile profile) {
        this.profile = profile;
        this.tagLength = profile.tagLength();
    }

    static SrtpTransform create(SrtpSessionKeys keys, CryptoScratch scratch) {
        return keys.profile().aead() ? new AesGcmTransform(keys) : new AesCmHmacSha1Transform(keys, scratch);
    }

    /**
     * Encrypts the payload after {@code headerLength} octets and appends the tag.
     *
     * @return the protected length, {@code length + tagLength}
     */
    abstract int protectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Verifies the tag at the end of the packet and decrypts the payload.
     *
     * @return the plain length, or -1 (array unchanged) when the tag does not verify
     */
    abstract int unprotectRtp(byte[] array, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Encrypts (when {@code encrypt}) everything after the 8-octet RTCP header, appends the E flag and
     * SRTCP index and the tag in the profile's order.
     *
     * @return the protected length, {@code length + profile.rtcpTrailerLength()}
     */
    abstract int protectRtcp(byte[] array, int offset, int length, int ssrc, int index, boolean encrypt);

    /**
     * Verifies and, when the E flag of {@code indexWord} is set, decrypts an SRTCP packet.
     *
     * @return the plain RTCP length, or -1 (array unchanged) when the tag does not verify
     */
    abstract int unprotectRtcp(byte[] array, int offset, int length, int ssrc, int indexWord);

    /** Where the E flag and SRTCP index word sits in a protected SRTCP packet of {@code length} octets. */
    abstract int rtcpIndexWordOffset(int length);

    static void putInt(byte[] array, int offset, int value) {
        array[offset] = (byte) (value >>> 24);
        array[offset + 1] = (byte) (value >>> 16);
        array[offset + 2] = (byte) (value >>> 8);
        array[offset + 3] = (byte) value;
    }
}
