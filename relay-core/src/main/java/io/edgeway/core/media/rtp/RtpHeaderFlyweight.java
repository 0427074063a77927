package io.edgeway.core.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A reusable view of one RTP packet's header (RFC 3550 §5.1, extension per §5.3.1) in a {@link ByteBuf}:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           timestamp                           |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           synchronization source (SSRC) identifier            |  8
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |            contributing source (CSRC) identifiers             |  12, CC entries
 *  |                             ....                              |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |      defined by profile       |           length              |  if X: header extension
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        header extension                       |  length 32-bit words
 *  |                             ....                              |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                            payload                            |
 *  |                               +-------------------------------+
 *  |                               | padding ...   | padding count |  if P
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Usage: {@link #wrap(ByteBuf, int, int)} the received bytes, check {@link #isValid()}, then read or
 * write fields. The field accessors read and write at absolute indices of the buffer and never move its
 * reader or writer index; they do not re-check the structure, so call {@link #isValid()} before trusting
 * {@link #headerLength()}, {@link #payloadOffset()} or {@link #payloadLength()}. Setters return
 * {@code this}.
 *
 * <p>Over SRTP (RFC 3711 §3.1) the header is in the clear but the payload, including the padding count,
 * is encrypted, and the authentication tag follows the payload: wrap the packet without its tag, and read
 * {@link #paddingLength()} and {@link #payloadLength()} only after decryption.
 *
 * <p>Ownership and threading: the buffer is borrowed, never retained or released; the view is valid until
 * the buffer is released or re-wrapped. One instance per handler or pipeline node, confined to its event
 * loop. Allocation-free.
 */
public final class RtpHeaderFlyweight {

    public static final int VERSION = 2;

    public static final int FLAGS_OFFSET = 0;
    public static final int MARKER_PAYLOAD_TYPE_OFFSET = 1;
    public static final int SEQUENCE_NUMBER_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    public static final int CSRC_OFFSET = 12;
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 3550 §5.3.1: "defined by profile" (16 bits) and length in 32-bit words (16 bits). */
    public static final int EXTENSION_HEADER_LENGTH = 4;
    public static final int CSRC_LENGTH = 4;
    public static final int MAX_CSRC_COUNT = 15;

    private static final int VERSION_SHIFT = 6;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;

    private ByteBuf buffer;
    private int offset;
    private int length;

    /**
     * Points this view at the {@code length} bytes at absolute {@code offset} of {@code buffer}. Checks
     * nothing; see {@link #isValid()}.
     */
    public RtpHeaderFlyweight wrap(ByteBuf buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Wraps the readable bytes of {@code datagram}. */
    public RtpHeaderFlyweight wrap(ByteBuf datagram) {
        return wrap(datagram, datagram.readerIndex(), datagram.readableBytes());
    }

    public ByteBuf buffer() {
        return buffer;
    }

    /** Absolute index of the first header byte. */
    public int offset() {
        return offset;
    }

    /** Bytes of the packet as wrapped: header, payload and padding. */
    public int length() {
        return length;
    }

    /**
     * Whether the wrapped bytes hold a well-formed RTP packet (RFC 3550 §5.1 and Appendix A.1's checks
     * that need no state): version 2; the CSRC list and the header extension, if present, fit; and if the
     * padding bit is set, the padding count is at least 1 and does not reach into the header.
     */
    public boolean isValid() {
        if (buffer == null || offset < 0 || length < FIXED_HEADER_LENGTH
                || length > buffer.capacity() - offset || version() != VERSION) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + csrcCount() * CSRC_LENGTH;
        if (extension()) {
            if (header + EXTENSION_HEADER_LENGTH > length) {
                return false;
            }
            header += EXTENSION_HEADER_LENGTH + extensionLengthAt(header);
        }
        if (header > length) {
            return false;
        }
        if (padding()) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            int count = buffer.getUnsignedByte(offset + length - 1);
            return count >= 1 && header + count <= length;
        }
        return true;
    }

    public int version() {
        return buffer.getUnsignedByte(offset + FLAGS_OFFSET) >>> VERSION_SHIFT;
    }

    public RtpHeaderFlyweight version(int version) {
        int flags = buffer.getUnsignedByte(offset + FLAGS_OFFSET);
        buffer.setByte(offset + FLAGS_OFFSET, (flags & 0x3F) | ((version & 0x03) << VERSION_SHIFT));
        return this;
    }

    public boolean padding() {
        return (buffer.getUnsignedByte(offset + FLAGS_OFFSET) & PADDING_BIT) != 0;
    }

    public RtpHeaderFlyweight padding(boolean padding) {
        return flag(FLAGS_OFFSET, PADDING_BIT, padding);
    }

    public boolean extension() {
        return (buffer.getUnsignedByte(offset + FLAGS_OFFSET) & EXTENSION_BIT) != 0;
    }

    public RtpHeaderFlyweight extension(boolean extension) {
        return flag(FLAGS_OFFSET, EXTENSION_BIT, extension);
    }

    public int csrcCount() {
        return buffer.getUnsignedByte(offset + FLAGS_OFFSET) & CSRC_COUNT_MASK;
    }

    public RtpHeaderFlyweight csrcCount(int count) {
        if (count < 0 || count > MAX_CSRC_COUNT) {
            throw new IllegalArgumentException("CSRC count out of range: " + count);
        }
        int flags = buffer.getUnsignedByte(offset + FLAGS_OFFSET);
        buffer.setByte(offset + FLAGS_OFFSET, (flags & ~CSRC_COUNT_MASK) | count);
        return this;
    }

    public boolean marker() {
        return (buffer.getUnsignedByte(offset + MARKER_PAYLOAD_TYPE_OFFSET) & MARKER_BIT) != 0;
    }

    public RtpHeaderFlyweight marker(boolean marker) {
        return flag(MARKER_PAYLOAD_TYPE_OFFSET, MARKER_BIT, marker);
    }

    public int payloadType() {
        return buffer.getUnsignedByte(offset + MARKER_PAYLOAD_TYPE_OFFSET) & PAYLOAD_TYPE_MASK;
    }

    public RtpHeaderFlyweight payloadType(int payloadType) {
        if (payloadType < 0 || payloadType > PAYLOAD_TYPE_MASK) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        int b = buffer.getUnsignedByte(offset + MARKER_PAYLOAD_TYPE_OFFSET);
        buffer.setByte(offset + MARKER_PAYLOAD_TYPE_OFFSET, (b & MARKER_BIT) | payloadType);
        return this;
    }

    /** 0-65535. */
    public int sequenceNumber() {
        return buffer.getUnsignedShort(offset + SEQUENCE_NUMBER_OFFSET);
    }

    public RtpHeaderFlyweight sequenceNumber(int sequenceNumber) {
        buffer.setShort(offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber);
        return this;
    }

    /** 0 to 2^32-1. */
    public long timestamp() {
        return buffer.getUnsignedInt(offset + TIMESTAMP_OFFSET);
    }

    public RtpHeaderFlyweight timestamp(long timestamp) {
        buffer.setInt(offset + TIMESTAMP_OFFSET, (int) timestamp);
        return this;
    }

    /** The 32 SSRC bits as an int (compare and hash as is; print with Integer.toUnsignedString). */
    public int ssrc() {
        return buffer.getInt(offset + SSRC_OFFSET);
    }

    public RtpHeaderFlyweight ssrc(int ssrc) {
        buffer.setInt(offset + SSRC_OFFSET, ssrc);
        return this;
    }

    /** The {@code index}-th CSRC, 0-based; {@code index} must be below {@link #csrcCount()}. */
    public int csrc(int index) {
        return buffer.getInt(csrcOffset(index));
    }

    public RtpHeaderFlyweight csrc(int index, int csrc) {
        buffer.setInt(csrcOffset(index), csrc);
        return this;
    }

    private int csrcOffset(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException("CSRC index " + index + " of " + csrcCount());
        }
        return offset + CSRC_OFFSET + index * CSRC_LENGTH;
    }

    /** Absolute index of the header extension's "defined by profile" field; meaningful only if X is set. */
    public int extensionHeaderOffset() {
        return offset + FIXED_HEADER_LENGTH + csrcCount() * CSRC_LENGTH;
    }

    /** The 16-bit "defined by profile" value: 0xBEDE, 0x100x (RFC 8285) or anything else. */
    public int extensionProfile() {
        return buffer.getUnsignedShort(extensionHeaderOffset());
    }

    /** Absolute index of the first byte of extension data, after the 4-byte extension header. */
    public int extensionDataOffset() {
        return extensionHeaderOffset() + EXTENSION_HEADER_LENGTH;
    }

    /** Bytes of extension data (the length field times four), 0 when X is clear. */
    public int extensionDataLength() {
        return extension() ? extensionLengthAt(FIXED_HEADER_LENGTH + csrcCount() * CSRC_LENGTH) : 0;
    }

    private int extensionLengthAt(int relativeHeaderOffset) {
        return buffer.getUnsignedShort(offset + relativeHeaderOffset + 2) * 4;
    }

    /** Bytes from the first header byte to the payload: fixed header, CSRCs and header extension. */
    public int headerLength() {
        int header = FIXED_HEADER_LENGTH + csrcCount() * CSRC_LENGTH;
        if (extension()) {
            header += EXTENSION_HEADER_LENGTH + extensionLengthAt(header);
        }
        return header;
    }

    /** Absolute index of the first payload byte. */
    public int payloadOffset() {
        return offset + headerLength();
    }

    /** Padding octets at the end of the packet, count octet included; 0 when P is clear. */
    public int paddingLength() {
        return padding() ? buffer.getUnsignedByte(offset + length - 1) : 0;
    }

    /** Payload bytes, padding removed. */
    public int payloadLength() {
        return length - headerLength() - paddingLength();
    }

    private RtpHeaderFlyweight flag(int field, int bit, boolean set) {
        int b = buffer.getUnsignedByte(offset + field);
        buffer.setByte(offset + field, set ? (b | bit) : (b & ~bit));
        return this;
    }

    /**
     * Appends a 12-byte fixed header (V=2, no padding, no extension, no CSRCs) at the writer index of
     * {@code out} and returns the number of bytes written. {@code out} grows if it must.
     */
    public static int writeFixedHeader(
            ByteBuf out, boolean marker, int payloadType, int sequenceNumber, long timestamp, int ssrc) {
        if (payloadType < 0 || payloadType > PAYLOAD_TYPE_MASK) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        out.writeByte(VERSION << VERSION_SHIFT);
        out.writeByte((marker ? MARKER_BIT : 0) | payloadType);
        out.writeShort(sequenceNumber);
        out.writeInt((int) timestamp);
        out.writeInt(ssrc);
        return FIXED_HEADER_LENGTH;
    }

    // Static accessors on a packet at {@code offset}, for callers that read or change one field of a packet
    // they hold without wrapping it (the forwarding loop, per packet). The header must be checked already.

    /** The payload type of the RTP packet at {@code offset} of {@code packet}. */
    public static int payloadType(ByteBuf packet, int offset) {
        return packet.getUnsignedByte(offset + MARKER_PAYLOAD_TYPE_OFFSET) & PAYLOAD_TYPE_MASK;
    }

    /** Sets the payload type of the RTP packet at {@code offset}, keeping its marker bit. */
    public static void payloadType(ByteBuf packet, int offset, int payloadType) {
        int b = packet.getUnsignedByte(offset + MARKER_PAYLOAD_TYPE_OFFSET);
        packet.setByte(offset + MARKER_PAYLOAD_TYPE_OFFSET, (b & MARKER_BIT) | (payloadType & PAYLOAD_TYPE_MASK));
    }

    /** The sequence number of the RTP packet at {@code offset}. */
    public static int sequenceNumber(ByteBuf packet, int offset) {
        return packet.getUnsignedShort(offset + SEQUENCE_NUMBER_OFFSET);
    }

    /** The timestamp of the RTP packet at {@code offset}, unsigned. */
    public static long timestamp(ByteBuf packet, int offset) {
        return packet.getUnsignedInt(offset + TIMESTAMP_OFFSET);
    }

    /** The SSRC of the RTP packet at {@code offset}. */
    public static int ssrc(ByteBuf packet, int offset) {
        return packet.getInt(offset + SSRC_OFFSET);
    }

    /** Sets the sequence number of the RTP packet at {@code offset}. */
    public static void sequenceNumber(ByteBuf packet, int offset, int sequenceNumber) {
        packet.setShort(offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber);
    }

    /** Sets the timestamp of the RTP packet at {@code offset} (taken modulo 2^32). */
    public static void timestamp(ByteBuf packet, int offset, int timestamp) {
        packet.setInt(offset + TIMESTAMP_OFFSET, timestamp);
    }

    /** Sets the SSRC of the RTP packet at {@code offset}. */
    public static void ssrc(ByteBuf packet, int offset, int ssrc) {
        packet.setInt(offset + SSRC_OFFSET, ssrc);
    }
}
