package io.edgeway.core.media.rtcp;

/**
 * Base of the RTCP feedback message flyweights (RFC 4585 §6.1), transport-layer (RTPFB, PT=205) and
 * payload-specific (PSFB, PT=206):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|   FMT   |       PT      |          length               |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of packet sender                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of media source                         |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  :            Feedback Control Information (FCI)                 :  12
 *  :                                                               :
 * </pre>
 *
 * <p>An SFU forwarding feedback from a subscriber to a publisher rewrites both SSRCs in place: the sender
 * to the SFU's own SSRC on the publisher's transport, the media source to the publisher's SSRC.
 *
 * <p>See {@link RtcpPacketFlyweight} for ownership and threading.
 */
public abstract class FeedbackFlyweight<T extends FeedbackFlyweight<T>> extends RtcpPacketFlyweight<T> {

    public static final int MEDIA_SSRC_OFFSET = 8;
    public static final int FCI_OFFSET = 12;
    /** Header, sender SSRC and media SSRC: a feedback message with no FCI (e.g. PLI). */
    public static final int MIN_LENGTH = FCI_OFFSET;

    /** FMT, the feedback message type. */
    public int format() {
        return count();
    }

    public int mediaSsrc() {
        return buffer.getInt(offset + MEDIA_SSRC_OFFSET);
    }

    @SuppressWarnings("unchecked")
    public T mediaSsrc(int ssrc) {
        buffer.setInt(offset + MEDIA_SSRC_OFFSET, ssrc);
        return (T) this;
    }

    /** Absolute index of the first FCI byte. */
    public int fciOffset() {
        return offset + FCI_OFFSET;
    }

    /** FCI bytes, padding excluded. */
    public int fciLength() {
        return contentLength() - FCI_OFFSET;
    }

    /** The shared checks plus the type, the format and at least {@code minFciLength} bytes of FCI. */
    protected final boolean isValidFeedback(int packetType, int format, int minFciLength) {
        return isValidPacket(packetType, MIN_LENGTH + minFciLength) && format() == format;
    }
}
