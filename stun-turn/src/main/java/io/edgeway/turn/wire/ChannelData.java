package io.edgeway.turn.wire;

import io.netty.buffer.ByteBuf;

/**
 * Static flyweight helpers for the TURN ChannelData message (RFC 8656 §12.4), the 4-byte-header framing
 * that carries application data between a client and the server on a bound channel:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Channel Number        |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  /                       Application Data                        /
 *  /                                                               /
 *  |                                                               |
 *  |                               +-------------------------------+
 *  |                               |   padding to 4 (streams only)
 *  +-------------------------------+
 * </pre>
 *
 * <p>Channel numbers are 0x4000-0x4FFF, so a ChannelData message starts with a byte in 0x40-0x4F, which
 * sets it apart from STUN (first two bits zero) and the other protocols of RFC 7983. Over TCP and TLS the
 * message is padded to a multiple of four bytes and the padding is not counted in Length; over UDP the
 * padding may be left off (RFC 8656 §12.5).
 *
 * <p>All methods read or set bytes at absolute offsets and leave reader and writer indices alone. They are
 * stateless, allocation-free and thread-safe; the buffer is borrowed.
 */
public final class ChannelData {

    public static final int CHANNEL_NUMBER_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int HEADER_LENGTH = 4;
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {
    }

    /** RFC 8656 §12: a valid channel number is 0x4000 through 0x4FFF. */
    public static boolean isChannelNumber(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    /** Whether the byte at {@code offset} could start a ChannelData message (0x40-0x4F, RFC 7983 §7). */
    public static boolean looksLikeChannelData(ByteBuf buf, int offset) {
        return (buf.getUnsignedByte(offset) & 0xF0) == 0x40;
    }

    public static int channelNumber(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + CHANNEL_NUMBER_OFFSET);
    }

    /** The Length field: application data bytes, padding excluded. */
    public static int dataLength(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + LENGTH_OFFSET);
    }

    /** Absolute offset of the application data. */
    public static int dataOffset(int offset) {
        return offset + HEADER_LENGTH;
    }

    /** Sets the header at {@code offset} (no index moves), e.g. in headroom reserved before relayed data. */
    public static void writeHeader(ByteBuf buf, int offset, int channel, int dataLength) {
        if (!isChannelNumber(channel)) {
            throw new IllegalArgumentException("not a channel number: " + channel);
        }
        if (dataLength < 0 || dataLength > 0xFFFF) {
            throw new IllegalArgumentException("data length out of range: " + dataLength);
        }
        buf.setShort(offset + CHANNEL_NUMBER_OFFSET, channel);
        buf.setShort(offset + LENGTH_OFFSET, dataLength);
    }

    /** {@code dataLength} rounded up to a multiple of four. */
    public static int paddedLength(int dataLength) {
        return (dataLength + 3) & ~3;
    }

    /**
     * Total bytes of the message at {@code offset}: header plus data, plus padding when it travels on a
     * stream transport (TCP/TLS), where RFC 8656 §12.5 requires it.
     */
    public static int frameLength(ByteBuf buf, int offset, boolean stream) {
        int dataLength = dataLength(buf, offset);
        return HEADER_LENGTH + (stream ? paddedLength(dataLength) : dataLength);
    }

    /**
     * Whether the {@code length} bytes at {@code offset} hold one well-formed datagram ChannelData message:
     * a header with a valid channel number and a Length that fits. RFC 8656 §12.5: a datagram shorter than
     * Length says is discarded; extra bytes (padding) after the data are allowed.
     */
    public static boolean isWellFormed(ByteBuf buf, int offset, int length) {
        return length >= HEADER_LENGTH
                && isChannelNumber(channelNumber(buf, offset))
                && HEADER_LENGTH + dataLength(buf, offset) <= length;
    }
}
