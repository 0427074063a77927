package io.edgeway.core.media.rtp;

/**
 * The transport-wide sequence number header extension of draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §2, a 16-bit counter across every RTP stream of one transport, which the receiver acknowledges in
 * transport-cc feedback (RTPFB FMT 15):
 *
 * <pre>
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ID   | L=1   |transport-wide sequence number |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The number belongs to one transport, so an SFU that terminates each participant's transport cannot
 * pass a publisher's numbers through: it rewrites the element in each subscriber's copy with that
 * subscriber's own counter ({@link #rewrite(RtpHeaderExtensions, int, int)}).
 *
 * <p>Stateless, allocation-free and thread-safe; the buffer behind the cursor is borrowed.
 */
public final class TransportWideSequence {

    /** The URI negotiated in {@code a=extmap}. */
    public static final String URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final int NOT_PRESENT = -1;
    public static final int DATA_LENGTH = 2;

    private TransportWideSequence() {
    }

    /** The sequence number (0-65535) in element {@code id}, or {@link #NOT_PRESENT}. Moves the cursor. */
    public static int find(RtpHeaderExtensions extensions, int id) {
        if (!extensions.find(id) || extensions.dataLength() < DATA_LENGTH) {
            return NOT_PRESENT;
        }
        return extensions.buffer().getUnsignedShort(extensions.dataOffset());
    }

    /** Sets element {@code id} to {@code sequenceNumber} in place; false if absent or too short. */
    public static boolean rewrite(RtpHeaderExtensions extensions, int id, int sequenceNumber) {
        if (!extensions.find(id) || extensions.dataLength() < DATA_LENGTH) {
            return false;
        }
        extensions.buffer().setShort(extensions.dataOffset(), sequenceNumber);
        return true;
    }
}
