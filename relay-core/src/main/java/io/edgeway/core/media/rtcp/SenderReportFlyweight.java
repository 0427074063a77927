package io.edgeway.core.media.rtcp;

/**
 * A sender report (RFC 3550 §6.4.1, PT=200):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|    RC   |   PT=SR=200   |             length            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         SSRC of sender                        |  4
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |              NTP timestamp, most significant word             |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             NTP timestamp, least significant word             |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         RTP timestamp                         |  16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     sender's packet count                     |  20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      sender's octet count                     |  24
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |           report block 1 (see ReportBlockFlyweight)           |  28, RC blocks of 24 bytes
 *  |                              ...                              |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                  profile-specific extensions                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>When an SFU forwards a publisher's SR to subscribers, the sender info is what matters (it lets the
 * subscriber map RTP time to NTP time for lip sync); the report blocks describe what the publisher
 * receives from the SFU and mean nothing to a subscriber, so a forwarder rewrites {@link #senderSsrc(int)}
 * to the SSRC the subscriber knows the stream by and rebuilds the packet without blocks
 * ({@link RtcpBuilder#buildSenderReport}) from these fields.
 *
 * <p>See {@link RtcpPacketFlyweight} for ownership and threading.
 */
public final class SenderReportFlyweight extends RtcpPacketFlyweight<SenderReportFlyweight> {

    public static final int NTP_TIMESTAMP_OFFSET = 8;
    public static final int RTP_TIMESTAMP_OFFSET = 16;
    public static final int PACKET_COUNT_OFFSET = 20;
    public static final int OCTET_COUNT_OFFSET = 24;
    public static final int REPORT_BLOCKS_OFFSET = 28;
    /** Header, sender SSRC and sender info: an SR without report blocks. */
    public static final int MIN_LENGTH = REPORT_BLOCKS_OFFSET;

    /** PT 200, and room for the sender info and the RC report blocks. */
    @Override
    public boolean isValid() {
        return isValidPacket(RtcpPacketType.SR, MIN_LENGTH)
                && contentLength() >= MIN_LENGTH + reportCount() * ReportBlockFlyweight.LENGTH;
    }

    /** The 64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high word, fraction in the low. */
    public long ntpTimestamp() {
        return buffer.getLong(offset + NTP_TIMESTAMP_OFFSET);
    }

    public SenderReportFlyweight ntpTimestamp(long ntp) {
        buffer.setLong(offset + NTP_TIMESTAMP_OFFSET, ntp);
        return this;
    }

    /**
     * The middle 32 bits of the NTP timestamp, which a receiver echoes as LSR in its report blocks
     * (RFC 3550 §6.4.1).
     */
    public long compactNtpTimestamp() {
        return (ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
    }

    /** 0 to 2^32-1, same clock as the RTP packets of this sender. */
    public long rtpTimestamp() {
        return buffer.getUnsignedInt(offset + RTP_TIMESTAMP_OFFSET);
    }

    public SenderReportFlyweight rtpTimestamp(long timestamp) {
        buffer.setInt(offset + RTP_TIMESTAMP_OFFSET, (int) timestamp);
        return this;
    }

    public long packetCount() {
        return buffer.getUnsignedInt(offset + PACKET_COUNT_OFFSET);
    }

    public SenderReportFlyweight packetCount(long count) {
        buffer.setInt(offset + PACKET_COUNT_OFFSET, (int) count);
        return this;
    }

    public long octetCount() {
        return buffer.getUnsignedInt(offset + OCTET_COUNT_OFFSET);
    }

    public SenderReportFlyweight octetCount(long count) {
        buffer.setInt(offset + OCTET_COUNT_OFFSET, (int) count);
        return this;
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
