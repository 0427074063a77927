package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Walks the individual packets of a compound RTCP packet (RFC 3550 §6.1): each one starts with the
 * common header ({@link RtcpHeader}) and its length field says where the next one starts.
 *
 * <pre>
 *  +--------+------------+--------+------------+-- ... --+--------+---------------------+
 *  | header | body       | header | body       |         | header | body ... | padding  |
 *  +--------+------------+--------+------------+-- ... --+--------+---------------------+
 *  |&lt;- (length+1)*4  -&gt;|&lt;- (length+1)*4  -&gt;|         |&lt;-        (length+1)*4       -&gt;|
 * </pre>
 *
 * <p>It never throws on bad input. {@link #next()} yields every packet whose header is sound; at the
 * first one that is not, it stops, returns false and leaves the reason in {@link #error()} (the packets
 * before stay usable, the bytes after are not looked at). Checked per packet (RFC 3550 Appendix A.2):
 * at least 4 header bytes, version 2, a length that fits, and padding only on the last packet with a
 * count between 1 and the body size (RFC 3550 §6.4.1: padding MUST only be added to the last packet).
 * What the body holds is checked by the type's flyweight ({@code isValid()}).
 *
 * <p>Not checked, on purpose: that the first packet is an SR or RR and that an SDES CNAME follows
 * (RFC 3550 §6.1). Browsers negotiate reduced-size RTCP ({@code a=rtcp-rsize}, RFC 5506 §3), which sends
 * a lone feedback packet such as a PLI or NACK; {@link #isRfc3550Compound()} tells the two apart for a
 * caller that cares.
 *
 * <p>Ownership and threading: the buffer is borrowed; valid until it is released or re-wrapped. One
 * instance per handler or node, confined to its event loop. Allocation-free.
 */
public final class RtcpCompoundIterator {

    private ByteBuf buffer;
    private int start;
    private int end;
    private int position;
    private int packetOffset;
    private int packetLength;
    private int index;
    private RtcpCompoundError error;

    /** Points the iterator at the {@code length} bytes at absolute {@code offset} of {@code buffer}. */
    public RtcpCompoundIterator wrap(ByteBuf buffer, int offset, int length) {
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + Math.max(0, Math.min(length, buffer.capacity() - offset));
        return rewind();
    }

    /** Wraps the readable bytes of {@code datagram}. */
    public RtcpCompoundIterator wrap(ByteBuf datagram) {
        return wrap(datagram, datagram.readerIndex(), datagram.readableBytes());
    }

    /** Goes back to before the first packet. */
    public RtcpCompoundIterator rewind() {
        position = start;
        packetOffset = -1;
        packetLength = 0;
        index = -1;
        error = start == end ? RtcpCompoundError.EMPTY : RtcpCompoundError.NONE;
        return this;
    }

    /**
     * Moves to the next packet.
     *
     * @return true when positioned on a packet whose header is sound; false at the clean end of the
     *     compound or at the first bad packet ({@link #error()} says which)
     */
    public boolean next() {
        if (error != RtcpCompoundError.NONE || position >= end) {
            return false;
        }
        int remaining = end - position;
        if (remaining < RtcpHeader.HEADER_LENGTH) {
            return fail(RtcpCompoundError.TRUNCATED_HEADER);
        }
        if (RtcpHeader.version(buffer, position) != RtcpHeader.VERSION) {
            return fail(RtcpCompoundError.BAD_VERSION);
        }
        int length = RtcpHeader.packetLength(buffer, position);
        if (length > remaining) {
            return fail(RtcpCompoundError.LENGTH_OVERRUN);
        }
        if (RtcpHeader.padding(buffer, position)) {
            int count = buffer.getUnsignedByte(position + length - 1);
            // RFC 3550 §6.4.1: padding only on the last packet of a compound, count octet included.
            if (position + length != end || count < 1 || count > length - RtcpHeader.HEADER_LENGTH) {
                return fail(RtcpCompoundError.BAD_PADDING);
            }
        }
        packetOffset = position;
        packetLength = length;
        index++;
        position += length;
        return true;
    }

    private boolean fail(RtcpCompoundError reason) {
        error = reason;
        packetOffset = -1;
        packetLength = 0;
        position = end;
        return false;
    }

    /** {@link RtcpCompoundError#NONE} unless the walk stopped at a bad packet or the input was empty. */
    public RtcpCompoundError error() {
        return error;
    }

    public ByteBuf buffer() {
        return buffer;
    }

    /** Absolute index of the current packet's first byte. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Bytes of the current packet, padding included, as its length field says. */
    public int packetLength() {
        return packetLength;
    }

    /** 0-based position of the current packet in the compound. */
    public int index() {
        return index;
    }

    /** PT of the current packet. */
    public int packetType() {
        return RtcpHeader.packetType(buffer, packetOffset);
    }

    /** Count/FMT field of the current packet. */
    public int count() {
        return RtcpHeader.count(buffer, packetOffset);
    }

    /**
     * Walks the whole compound at {@code offset} and returns {@link RtcpCompoundError#NONE} when every
     * packet header is sound and the lengths add up to exactly {@code length}. Rewinds afterwards.
     */
    public RtcpCompoundError validate() {
        rewind();
        while (next()) {
            // walk only
        }
        RtcpCompoundError result = error;
        rewind();
        return result;
    }

    /**
     * Whether the compound follows RFC 3550 §6.1 rather than RFC 5506 reduced size: sound throughout
     * and starting with an SR or RR. Rewinds afterwards.
     */
    public boolean isRfc3550Compound() {
        rewind();
        boolean firstIsReport = next() && (packetType() == RtcpPacketType.SR || packetType() == RtcpPacketType.RR);
        boolean sound = firstIsReport && validate() == RtcpCompoundError.NONE;
        rewind();
        return sound;
    }
}
