package io.edgeway.core.media.rtcp;

/**
 * Goodbye (RFC 3550 §6.6, PT=203): the sources that leave, and optionally why.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|    SC   |   PT=BYE=203  |             length            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           SSRC/CSRC                           |  4 + 4*i, SC entries
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  :                              ...                              :
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |     length    |               reason for leaving            ... (optional)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Build one with {@link RtcpBuilder#buildBye}. See {@link RtcpPacketFlyweight} for ownership and
 * threading.
 */
public final class ByeFlyweight extends RtcpPacketFlyweight<ByeFlyweight> {

    public static final int SSRCS_OFFSET = 4;

    /** PT 203, room for SC sources, and a reason (if any) that fits. */
    @Override
    public boolean isValid() {
        if (!isValidPacket(RtcpPacketType.BYE, SSRCS_OFFSET)) {
            return false;
        }
        int reasonAt = SSRCS_OFFSET + sourceCount() * 4;
        int content = contentLength();
        if (reasonAt > content) {
            return false;
        }
        if (reasonAt == content) {
            return true;
        }
        // RFC 3550 §6.6: a length octet, then that many octets of text, then null padding to 32 bits.
        return reasonAt + 1 + buffer.getUnsignedByte(offset + reasonAt) <= content;
    }

    /** SC: the number of sources leaving. */
    public int sourceCount() {
        return count();
    }

    public int ssrc(int index) {
        return buffer.getInt(ssrcOffset(index));
    }

    public ByeFlyweight ssrc(int index, int ssrc) {
        buffer.setInt(ssrcOffset(index), ssrc);
        return this;
    }

    private int ssrcOffset(int index) {
        if (index < 0 || index >= sourceCount()) {
            throw new IndexOutOfBoundsException("BYE source " + index + " of " + sourceCount());
        }
        return offset + SSRCS_OFFSET + index * 4;
    }

    /** Whether a reason for leaving follows the sources. */
    public boolean hasReason() {
        return SSRCS_OFFSET + sourceCount() * 4 < contentLength();
    }

    /** Absolute index of the reason text; meaningful only if {@link #hasReason()}. */
    public int reasonOffset() {
        return offset + SSRCS_OFFSET + sourceCount() * 4 + 1;
    }

    /** Bytes of reason text, 0 if there is none. */
    public int reasonLength() {
        return hasReason() ? buffer.getUnsignedByte(reasonOffset() - 1) : 0;
    }
}
