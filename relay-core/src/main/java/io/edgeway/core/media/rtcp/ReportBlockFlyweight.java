package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                 SSRC_n (SSRC of source reported on)           |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | fraction lost |       cumulative number of packets lost       |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           extended highest sequence number received           |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      interarrival jitter                      |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         last SR (LSR)                         |  16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   delay since last SR (DLSR)                  |  20
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>Usually obtained from {@link SenderReportFlyweight#reportBlock(int, ReportBlockFlyweight)} or
 * {@link ReceiverReportFlyweight#reportBlock(int, ReportBlockFlyweight)}. Setters write in place and
 * return {@code this}. Borrowed buffer, valid until released or re-wrapped; confined to one thread;
 * allocation-free.
 */
public final class ReportBlockFlyweight {

    public static final int SSRC_OFFSET = 0;
    public static final int FRACTION_LOST_OFFSET = 4;
    public static final int CUMULATIVE_LOST_OFFSET = 5;
    public static final int EXTENDED_HIGHEST_SEQUENCE_OFFSET = 8;
    public static final int JITTER_OFFSET = 12;
    public static final int LAST_SR_OFFSET = 16;
    public static final int DELAY_SINCE_LAST_SR_OFFSET = 20;
    public static final int LENGTH = 24;

    /** RFC 3550 §6.4.1: cumulative lost is signed 24-bit; Appendix A.3 clamps rather than wraps. */
    public static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x800000;

    private ByteBuf buffer;
    private int offset;
    private int length;

    public ReportBlockFlyweight wrap(ByteBuf buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Whether a whole 24-byte block lies in the wrapped window. */
    public boolean isValid() {
        return buffer != null && offset >= 0 && length >= LENGTH && LENGTH <= buffer.capacity() - offset;
    }

    public int offset() {
        return offset;
    }

    public int ssrc() {
        return buffer.getInt(offset + SSRC_OFFSET);
    }

    /** Rewrites the reported-on SSRC in place, e.g. from an SFU-side SSRC back to the publisher's. */
    public ReportBlockFlyweight ssrc(int ssrc) {
        buffer.setInt(offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** 8-bit fixed point: lost / expected * 256, 0-255. */
    public int fractionLost() {
        return buffer.getUnsignedByte(offset + FRACTION_LOST_OFFSET);
    }

    public ReportBlockFlyweight fractionLost(int fraction) {
        buffer.setByte(offset + FRACTION_LOST_OFFSET, fraction);
        return this;
    }

    /** Signed; negative when duplicates outnumbered losses. */
    public int cumulativeLost() {
        return buffer.getMedium(offset + CUMULATIVE_LOST_OFFSET);
    }

    /** Sets the field, clamped to the signed 24-bit range (RFC 3550 A.3). */
    public ReportBlockFlyweight cumulativeLost(int lost) {
        buffer.setMedium(offset + CUMULATIVE_LOST_OFFSET, clampCumulativeLost(lost));
        return this;
    }

    /** RFC 3550 A.3: clamp at 0x7fffff for positive loss or 0x800000 for negative loss. */
    public static int clampCumulativeLost(long lost) {
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
    }

    /** Cycles in the high 16 bits, highest sequence number in the low 16; 0 to 2^32-1. */
    public long extendedHighestSequence() {
        return buffer.getUnsignedInt(offset + EXTENDED_HIGHEST_SEQUENCE_OFFSET);
    }

    public ReportBlockFlyweight extendedHighestSequence(long sequence) {
        buffer.setInt(offset + EXTENDED_HIGHEST_SEQUENCE_OFFSET, (int) sequence);
        return this;
    }

    /** In RTP timestamp units. */
    public long jitter() {
        return buffer.getUnsignedInt(offset + JITTER_OFFSET);
    }

    public ReportBlockFlyweight jitter(long jitter) {
        buffer.setInt(offset + JITTER_OFFSET, (int) jitter);
        return this;
    }

    /** The middle 32 bits of the NTP timestamp of the last SR received from this source, or 0. */
    public long lastSr() {
        return buffer.getUnsignedInt(offset + LAST_SR_OFFSET);
    }

    public ReportBlockFlyweight lastSr(long lastSr) {
        buffer.setInt(offset + LAST_SR_OFFSET, (int) lastSr);
        return this;
    }

    /** In units of 1/65536 seconds, or 0 when no SR was received. */
    public long delaySinceLastSr() {
        return buffer.getUnsignedInt(offset + DELAY_SINCE_LAST_SR_OFFSET);
    }

    public ReportBlockFlyweight delaySinceLastSr(long delay) {
        buffer.setInt(offset + DELAY_SINCE_LAST_SR_OFFSET, (int) delay);
        return this;
    }
}
