package io.edgeway.core.media.rtcp;

/**
 * A receiver report (RFC 3550 §6.4.2, PT=201):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|    RC   |   PT=RR=201   |             length            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     SSRC of packet sender                     |  4
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |           report block 1 (see ReportBlockFlyweight)           |  8, RC blocks of 24 bytes
 *  |                              ...                              |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                  profile-specific extensions                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>See {@link RtcpPacketFlyweight} for ownership and threading.
 */
public final class ReceiverReportFlyweight extends RtcpPacketFlyweight<ReceiverReportFlyweight> {

    public static final int REPORT_BLOCKS_OFFSET = 8;
    /** Header and sender SSRC: an RR without report blocks (sent when nothing was received). */
    public static final int MIN_LENGTH = REPORT_BLOCKS_OFFSET;

    /** PT 201, and room for the RC report blocks. */
    @Override
    public boolean isValid() {
        return isValidPacket(RtcpPacketType.RR, MIN_LENGTH)
                && contentLength() >= MIN_LENGTH + reportCount() * ReportBlockFlyweight.LENGTH;
    }

    /** RC: the number of report blocks. */
    public int reportCount() {
        return count();
    }

    /** Points {@code block} at the {@code index}-th report block (0-based, below {@link #reportCount()}). */
    public ReportBlockFlyweight reportBlock(int index, ReportBlockFlyweight block) {
        if (index < 0 || index >= reportCount()) {
            throw new IndexOutOfBoundsException("report block " + index + " of " + reportCount());
        }
        return block.wrap(buffer, offset + REPORT_BLOCKS_OFFSET + index * ReportBlockFlyweight.LENGTH,
                ReportBlockFlyweight.LENGTH);
    }
}
