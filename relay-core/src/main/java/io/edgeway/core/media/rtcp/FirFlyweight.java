package io.edgeway.core.media.rtcp;

/**
 * Full Intra Request (RFC 5104 §4.3.1): PSFB (PT=206) with FMT=4 and one 8-byte FCI entry per media
 * sender asked for a decoder refresh point:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P| FMT=4   |    PT=206     |        length=2+2*N           |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of packet sender                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             SSRC of media source (unused, 0)                  |  8
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                              SSRC                             |  12 + 8*i
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Seq nr.       |    Reserved                                   |  16 + 8*i
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>RFC 5104 §4.3.1.2: the media source field SHALL be 0 (the targets are in the FCI entries); a
 * non-zero value, which some senders write, is tolerated on input. The sequence number is incremented
 * by the requester for each new request, so that a repeated packet is recognised as the same request.
 *
 * <p>Build one with {@link RtcpBuilder#buildFir}. See {@link RtcpPacketFlyweight} for ownership and
 * threading.
 */
public final class FirFlyweight extends FeedbackFlyweight<FirFlyweight> {

    public static final int ENTRY_LENGTH = 8;
    public static final int ENTRY_SSRC_OFFSET = 0;
    public static final int ENTRY_SEQUENCE_NUMBER_OFFSET = 4;

    /** PSFB, FMT 4, and a whole number (at least one) of FCI entries (RFC 5104 §4.3.1.2). */
    @Override
    public boolean isValid() {
        return isValidFeedback(RtcpPacketType.PSFB, RtcpPacketType.FMT_FIR, ENTRY_LENGTH)
                && fciLength() % ENTRY_LENGTH == 0;
    }

    public int entryCount() {
        return fciLength() / ENTRY_LENGTH;
    }

    /** The SSRC of the media sender the {@code index}-th entry asks to refresh. */
    public int ssrc(int index) {
        return buffer.getInt(entryOffset(index) + ENTRY_SSRC_OFFSET);
    }

    public FirFlyweight ssrc(int index, int ssrc) {
        buffer.setInt(entryOffset(index) + ENTRY_SSRC_OFFSET, ssrc);
        return this;
    }

    /** The command sequence number of the {@code index}-th entry, 0-255. */
    public int sequenceNumber(int index) {
        return buffer.getUnsignedByte(entryOffset(index) + ENTRY_SEQUENCE_NUMBER_OFFSET);
    }

    public FirFlyweight sequenceNumber(int index, int sequenceNumber) {
        buffer.setByte(entryOffset(index) + ENTRY_SEQUENCE_NUMBER_OFFSET, sequenceNumber);
        return this;
    }

    /** The index of the first entry for {@code ssrc}, or -1. */
    public int indexOf(int ssrc) {
        int entries = entryCount();
        for (int i = 0; i < entries; i++) {
            if (ssrc(i) == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private int entryOffset(int index) {
        if (index < 0 || index >= entryCount()) {
            throw new IndexOutOfBoundsException("FIR entry " + index + " of " + entryCount());
        }
        return fciOffset() + index * ENTRY_LENGTH;
    }
}
