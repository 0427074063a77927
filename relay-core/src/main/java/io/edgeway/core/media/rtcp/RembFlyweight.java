package io.edgeway.core.media.rtcp;

/**
 * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application layer
 * feedback message, PSFB (PT=206) with FMT=15, whose FCI starts with the ASCII identifier "REMB":
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P| FMT=15  |   PT=206      |             length            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of packet sender                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of media source (0)                     |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Unique identifier 'R' 'E' 'M' 'B'                            |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Num SSRC     | BR Exp    |  BR Mantissa                      |  16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   SSRC feedback                                               |  20 + 4*i
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ...                                                          |
 * </pre>
 *
 * <p>The bitrate is mantissa * 2^exp bits per second, shared by the listed SSRCs. See
 * {@link RtcpPacketFlyweight} for ownership and threading.
 */
public final class RembFlyweight extends FeedbackFlyweight<RembFlyweight> {

    /** "REMB" in ASCII, big-endian. */
    public static final int IDENTIFIER = 0x52454D42;
    public static final int IDENTIFIER_OFFSET = FCI_OFFSET;
    public static final int NUM_SSRC_OFFSET = 16;
    public static final int BITRATE_OFFSET = 17;
    public static final int SSRCS_OFFSET = 20;
    public static final int MAX_MANTISSA = 0x3FFFF;

    /** PSFB, FMT 15, the "REMB" identifier, and room for the listed SSRCs. */
    @Override
    public boolean isValid() {
        return isValidFeedback(RtcpPacketType.PSFB, RtcpPacketType.FMT_AFB, SSRCS_OFFSET - FCI_OFFSET)
                && buffer.getInt(offset + IDENTIFIER_OFFSET) == IDENTIFIER
                && contentLength() >= SSRCS_OFFSET + ssrcCount() * 4;
    }

    /** Whether an AFB packet (already checked with the common checks) is a REMB rather than other AFB. */
    public boolean hasRembIdentifier() {
        return contentLength() >= SSRCS_OFFSET && buffer.getInt(offset + IDENTIFIER_OFFSET) == IDENTIFIER;
    }

    public int ssrcCount() {
        return buffer.getUnsignedByte(offset + NUM_SSRC_OFFSET);
    }

    /** The {@code index}-th SSRC the estimate applies to. */
    public int ssrc(int index) {
        if (index < 0 || index >= ssrcCount()) {
            throw new IndexOutOfBoundsException("REMB SSRC " + index + " of " + ssrcCount());
        }
        return buffer.getInt(offset + SSRCS_OFFSET + index * 4);
    }

    public RembFlyweight ssrc(int index, int ssrc) {
        if (index < 0 || index >= ssrcCount()) {
            throw new IndexOutOfBoundsException("REMB SSRC " + index + " of " + ssrcCount());
        }
        buffer.setInt(offset + SSRCS_OFFSET + index * 4, ssrc);
        return this;
    }

    public int exponent() {
        return buffer.getUnsignedByte(offset + BITRATE_OFFSET) >>> 2;
    }

    public int mantissa() {
        return buffer.getUnsignedMedium(offset + BITRATE_OFFSET) & MAX_MANTISSA;
    }

    /** The estimate in bits per second, saturated at Long.MAX_VALUE. */
    public long bitrate() {
        long mantissa = mantissa();
        int exponent = exponent();
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exponent;
    }

    /** Sets the estimate, rounding down to what an 18-bit mantissa and 6-bit exponent can carry. */
    public RembFlyweight bitrate(long bitsPerSecond) {
        buffer.setMedium(offset + BITRATE_OFFSET, encodeBitrate(bitsPerSecond));
        return this;
    }

    /** The 24 bits of BR Exp and BR Mantissa for {@code bitsPerSecond}, rounded down. */
    public static int encodeBitrate(long bitsPerSecond) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("negative bitrate: " + bitsPerSecond);
        }
        long mantissa = bitsPerSecond;
        int exponent = 0;
        while (mantissa > MAX_MANTISSA) {
            mantissa >>>= 1;
            exponent++;
        }
        return (exponent << 18) | (int) mantissa;
    }
}
