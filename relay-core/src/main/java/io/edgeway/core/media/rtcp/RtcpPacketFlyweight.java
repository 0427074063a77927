package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Base of the RTCP packet flyweights: holds the wrapped window and reads the common header
 * ({@link RtcpHeader}) and the SSRC that follows it in most packet types. {@code T} is the concrete
 * flyweight, so that setters chain without casts: {@code pli.senderSsrc(a).mediaSsrc(b)}.
 *
 * <p>Usage: {@code wrap(buf, offset, length)} one packet (for example the current packet of an
 * {@link RtcpCompoundIterator}), check {@link #isValid()}, then read or write fields. Accessors read and
 * write at absolute indices, never move buffer indices and do not re-check the structure.
 *
 * <p>Ownership and threading: the buffer is borrowed, never retained or released; the view is valid until
 * the buffer is released or re-wrapped. One instance per handler or node, confined to its event loop.
 * Allocation-free.
 */
public abstract class RtcpPacketFlyweight<T extends RtcpPacketFlyweight<T>> {

    /** The SSRC of the packet sender (SR, RR, feedback), first chunk (SDES) or first source (BYE). */
    public static final int SENDER_SSRC_OFFSET = 4;

    protected ByteBuf buffer;
    protected int offset;
    protected int length;

    /**
     * Points the view at the {@code length} bytes at absolute {@code offset}: one RTCP packet, or the
     * rest of a compound starting with it (the header's length field bounds the packet). Checks nothing.
     */
    public T wrap(ByteBuf buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return self();
    }

    /** Wraps the current packet of {@code compound}. */
    public T wrap(RtcpCompoundIterator compound) {
        return wrap(compound.buffer(), compound.packetOffset(), compound.packetLength());
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Whether the wrapped bytes hold a well-formed packet of this flyweight's type. */
    public abstract boolean isValid();

    public ByteBuf buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int version() {
        return RtcpHeader.version(buffer, offset);
    }

    public boolean padding() {
        return RtcpHeader.padding(buffer, offset);
    }

    /** The 5-bit count/FMT field. */
    public int count() {
        return RtcpHeader.count(buffer, offset);
    }

    public int packetType() {
        return RtcpHeader.packetType(buffer, offset);
    }

    /** The packet's size in bytes according to its length field, padding included. */
    public int packetLength() {
        return RtcpHeader.packetLength(buffer, offset);
    }

    /** Padding octets at the end of the packet, count octet included; 0 when P is clear. */
    public int paddingLength() {
        return padding() ? buffer.getUnsignedByte(offset + packetLength() - 1) : 0;
    }

    /** Bytes of the packet without its padding, header included. */
    public int contentLength() {
        return packetLength() - paddingLength();
    }

    public int senderSsrc() {
        return buffer.getInt(offset + SENDER_SSRC_OFFSET);
    }

    /** Rewrites the sender SSRC in place, e.g. to the SFU's own SSRC toward the receiving endpoint. */
    public T senderSsrc(int ssrc) {
        buffer.setInt(offset + SENDER_SSRC_OFFSET, ssrc);
        return self();
    }

    /**
     * The checks every packet type shares (RFC 3550 §6.4.1 and Appendix A.2): the window lies inside
     * the buffer, version 2, the expected packet type, the length field within the window, a padding
     * count between 1 and the body size when P is set, and at least {@code minContentLength} bytes
     * before the padding.
     */
    protected final boolean isValidPacket(int expectedType, int minContentLength) {
        if (buffer == null || offset < 0 || length < RtcpHeader.HEADER_LENGTH
                || length > buffer.capacity() - offset) {
            return false;
        }
        if (version() != RtcpHeader.VERSION || packetType() != expectedType) {
            return false;
        }
        int packetLength = packetLength();
        if (packetLength > length) {
            return false;
        }
        if (padding()) {
            int count = buffer.getUnsignedByte(offset + packetLength - 1);
            if (count < 1 || count > packetLength - RtcpHeader.HEADER_LENGTH) {
                return false;
            }
        }
        return contentLength() >= minContentLength;
    }
}
