package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Static readers and a writer for the 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1;
 * RFC 4585 §6.1 puts the feedback message type in the count field):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|  RC/FMT |      PT       |             length            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     SSRC of packet sender                     |  4 (most types)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Length is the packet's size in 32-bit words minus one, header and padding included. Padding (P set)
 * ends the packet, its last octet counting the padding octets including itself.
 *
 * <p>Stateless, allocation-free and thread-safe. All offsets are absolute indices of the packet's first
 * byte; buffer indices are not moved; the buffer is borrowed.
 */
public final class RtcpHeader {

    public static final int VERSION = 2;
    public static final int FLAGS_OFFSET = 0;
    public static final int PACKET_TYPE_OFFSET = 1;
    public static final int LENGTH_OFFSET = 2;
    public static final int HEADER_LENGTH = 4;
    public static final int MAX_COUNT = 31;

    private static final int PADDING_BIT = 0x20;
    private static final int COUNT_MASK = 0x1F;

    private RtcpHeader() {
    }

    public static int version(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + FLAGS_OFFSET) >>> 6;
    }

    public static boolean padding(ByteBuf buf, int offset) {
        return (buf.getUnsignedByte(offset + FLAGS_OFFSET) & PADDING_BIT) != 0;
    }

    /** The 5-bit count field: RC for SR/RR, SC for SDES/BYE, FMT for feedback, subtype for APP. */
    public static int count(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + FLAGS_OFFSET) & COUNT_MASK;
    }

    public static void count(ByteBuf buf, int offset, int count) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("RTCP count out of range 0-31: " + count);
        }
        int flags = buf.getUnsignedByte(offset + FLAGS_OFFSET);
        buf.setByte(offset + FLAGS_OFFSET, (flags & ~COUNT_MASK) | count);
    }

    public static int packetType(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + PACKET_TYPE_OFFSET);
    }

    /** The raw length field: 32-bit words minus one. */
    public static int lengthField(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + LENGTH_OFFSET);
    }

    public static void lengthField(ByteBuf buf, int offset, int words) {
        buf.setShort(offset + LENGTH_OFFSET, words);
    }

    /** The packet's size in bytes as its length field says: (length + 1) * 4. */
    public static int packetLength(ByteBuf buf, int offset) {
        return (lengthField(buf, offset) + 1) * 4;
    }

    /**
     * Appends a header with V=2, P=0 at the writer index of {@code out}: {@code packetLength} is the
     * whole packet in bytes, a multiple of four of at least four.
     */
    public static void write(ByteBuf out, int count, int packetType, int packetLength) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("RTCP count out of range 0-31: " + count);
        }
        if (packetLength < HEADER_LENGTH || (packetLength & 3) != 0 || packetLength / 4 - 1 > 0xFFFF) {
            throw new IllegalArgumentException("RTCP packet length not a word multiple in range: " + packetLength);
        }
        out.writeByte((VERSION << 6) | count);
        out.writeByte(packetType);
        out.writeShort(packetLength / 4 - 1);
    }
}
