package io.edgeway.core.media.vp8;

import io.netty.buffer.ByteBuf;

/**
 * A reusable view of the VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2), and of
 * the VP8 payload header that follows it in the first packet of a frame (§4.3, RFC 6386 §9.1):
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID |  (required)                      offset 0
 *       +-+-+-+-+-+-+-+-+
 *  X:   |I|L|T|K| RSV   |  (present if X)                   offset 1
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   |  (present if I; M: 15-bit ID)
 *       +-+-+-+-+-+-+-+-+
 *  M:   |   PictureID   |  (low byte of a 15-bit ID)
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   |  (present if L)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  |  (present if T or K)
 *       +-+-+-+-+-+-+-+-+
 *       |  VP8 payload header (3 bytes, first packet of a frame: S=1, PID=0)
 *       |  |Size0|H| VER |P|  P=0: key frame; a key frame adds 9d 01 2a and
 *       |  |     Size1     |  14-bit width and height, each with 2 scale bits
 *       |  |     Size2     |  (little-endian, RFC 6386 §9.1)
 * </pre>
 *
 * <p>An SFU that switches a subscriber between sources or simulcast layers rewrites PictureID and
 * TL0PICIDX in place ({@link #pictureId(int)}, {@link #tl0PicIdx(int)}) so that the decoder sees one
 * continuous stream; the field widths never change, so the packet's length does not either.
 *
 * <p>Usage: {@link #wrap(ByteBuf, int, int)} the RTP payload (after decryption, without SRTP tag or
 * RTP padding), check {@link #isValid()}, then read or write. Accessors read and write at absolute
 * indices and never move buffer indices. Ownership and threading: the buffer is borrowed; the view is
 * valid until the buffer is released or re-wrapped; one instance per node, confined to its event loop.
 * Allocation-free.
 */
public final class Vp8PayloadDescriptor {

    /** {@link #pictureId()} and {@link #tl0PicIdx()} when the field is absent. */
    public static final int ABSENT = -1;

    private static final int X_BIT = 0x80;
    private static final int N_BIT = 0x20;
    private static final int S_BIT = 0x10;
    private static final int PID_MASK = 0x07;
    private static final int I_BIT = 0x80;
    private static final int L_BIT = 0x40;
    private static final int T_BIT = 0x20;
    private static final int K_BIT = 0x10;
    private static final int M_BIT = 0x80;
    private static final int TID_SHIFT = 6;
    private static final int Y_BIT = 0x20;
    /** RFC 6386 §9.1: the frame tag's P bit; 0 means a key frame. */
    private static final int INTER_FRAME_BIT = 0x01;
    private static final int FRAME_TAG_LENGTH = 3;
    /** RFC 6386 §9.1: a key frame's start code after the frame tag. */
    private static final int START_CODE_0 = 0x9d;
    private static final int START_CODE_1 = 0x01;
    private static final int START_CODE_2 = 0x2a;
    private static final int KEY_FRAME_HEADER_LENGTH = FRAME_TAG_LENGTH + 3 + 4;
    private static final int DIMENSION_MASK = 0x3FFF;

    private ByteBuf buffer;
    private int offset;
    private int length;
    // Offsets of the optional fields, relative to offset; -1 when absent. Found by isValid().
    private int pictureIdAt;
    private boolean longPictureId;
    private int tl0PicIdxAt;
    private int tidKeyIdxAt;
    private boolean hasTemporalLayer;
    private int descriptorLength;

    /** Points the view at the {@code length} payload bytes at absolute {@code offset}. Checks nothing. */
    public Vp8PayloadDescriptor wrap(ByteBuf buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.descriptorLength = 0;
        return this;
    }

    /** Whether the descriptor's optional fields, as its flags announce them, fit in the payload. */
    public boolean isValid() {
        if (buffer == null || length < 1 || offset < 0 || length > buffer.capacity() - offset) {
            return false;
        }
        int at = 1;
        pictureIdAt = -1;
        tl0PicIdxAt = -1;
        tidKeyIdxAt = -1;
        longPictureId = false;
        hasTemporalLayer = false;
        int first = buffer.getUnsignedByte(offset);
        if ((first & X_BIT) != 0) {
            if (at >= length) {
                return false;
            }
            int extension = buffer.getUnsignedByte(offset + at);
            at++;
            if ((extension & I_BIT) != 0) {
                if (at >= length) {
                    return false;
                }
                pictureIdAt = at;
                longPictureId = (buffer.getUnsignedByte(offset + at) & M_BIT) != 0;
                at += longPictureId ? 2 : 1;
            }
            if ((extension & L_BIT) != 0) {
                tl0PicIdxAt = at;
                at++;
            }
            if ((extension & (T_BIT | K_BIT)) != 0) {
                hasTemporalLayer = (extension & T_BIT) != 0;
                tidKeyIdxAt = at;
                at++;
            }
            if (at > length) {
                return false;
            }
        }
        descriptorLength = at;
        return true;
    }

    /** Bytes of the descriptor (1 to 6); the VP8 payload starts after them. */
    public int length() {
        return descriptorLength;
    }

    /** S: this packet starts a VP8 partition. */
    public boolean startOfPartition() {
        return (buffer.getUnsignedByte(offset) & S_BIT) != 0;
    }

    /** PID: the partition index. */
    public int partitionIndex() {
        return buffer.getUnsignedByte(offset) & PID_MASK;
    }

    /** S=1 and PID=0: the first packet of a frame, the one that carries the VP8 payload header. */
    public boolean startOfFrame() {
        return startOfPartition() && partitionIndex() == 0;
    }

    /** N: the frame is not used as a reference by any other frame and may be dropped. */
    public boolean nonReference() {
        return (buffer.getUnsignedByte(offset) & N_BIT) != 0;
    }

    /**
     * The first packet of a key frame (RFC 7741 §4.3: the frame tag's P bit is 0 in the packet with S=1 and
     * PID=0). A key frame's other packets are not recognised; a switch waits for this one.
     */
    public boolean keyFrame() {
        return startOfFrame() && descriptorLength < length
                && (buffer.getUnsignedByte(offset + descriptorLength) & INTER_FRAME_BIT) == 0;
    }

    /**
     * A key frame's width in pixels (RFC 6386 §9.1: 14 bits, its 2 scale bits dropped), or {@link #ABSENT}
     * for other packets or a key frame header cut short or without its start code.
     */
    public int width() {
        return keyFrameDimension(6);
    }

    /** A key frame's height in pixels, as {@link #width()}. */
    public int height() {
        return keyFrameDimension(8);
    }

    private int keyFrameDimension(int at) {
        if (!keyFrame() || descriptorLength + KEY_FRAME_HEADER_LENGTH > length) {
            return ABSENT;
        }
        int header = offset + descriptorLength;
        if (buffer.getUnsignedByte(header + 3) != START_CODE_0 || buffer.getUnsignedByte(header + 4) != START_CODE_1
                || buffer.getUnsignedByte(header + 5) != START_CODE_2) {
            return ABSENT;
        }
        return buffer.getUnsignedShortLE(header + at) & DIMENSION_MASK;
    }

    /** The PictureID (7 or 15 bits), or {@link #ABSENT}. */
    public int pictureId() {
        if (pictureIdAt < 0) {
            return ABSENT;
        }
        return longPictureId ? buffer.getUnsignedShort(offset + pictureIdAt) & 0x7FFF
                : buffer.getUnsignedByte(offset + pictureIdAt) & 0x7F;
    }

    /** Whether the PictureID is 15 bits (M=1); false when absent or 7 bits. */
    public boolean longPictureId() {
        return longPictureId;
    }

    /** The modulus of the PictureID: 2^15 or 2^7 (or 0 when absent). */
    public int pictureIdModulus() {
        return pictureIdAt < 0 ? 0 : longPictureId ? 1 << 15 : 1 << 7;
    }

    /** Writes the PictureID in its present width (taken modulo it). No-op when absent. */
    public Vp8PayloadDescriptor pictureId(int pictureId) {
        if (pictureIdAt >= 0) {
            if (longPictureId) {
                buffer.setShort(offset + pictureIdAt, M_BIT << 8 | (pictureId & 0x7FFF));
            } else {
                buffer.setByte(offset + pictureIdAt, pictureId & 0x7F);
            }
        }
        return this;
    }

    /** TL0PICIDX, or {@link #ABSENT}. */
    public int tl0PicIdx() {
        return tl0PicIdxAt < 0 ? ABSENT : buffer.getUnsignedByte(offset + tl0PicIdxAt);
    }

    /** Writes TL0PICIDX (modulo 256). No-op when absent. */
    public Vp8PayloadDescriptor tl0PicIdx(int tl0PicIdx) {
        if (tl0PicIdxAt >= 0) {
            buffer.setByte(offset + tl0PicIdxAt, tl0PicIdx);
        }
        return this;
    }

    /** The temporal layer index TID (0-3), or {@link #ABSENT} when T is not set. */
    public int temporalLayer() {
        return !hasTemporalLayer ? ABSENT : buffer.getUnsignedByte(offset + tidKeyIdxAt) >> TID_SHIFT;
    }

    /** Y: a layer-sync frame, one that references only TL0 frames (decodable after a temporal switch up). */
    public boolean layerSync() {
        return hasTemporalLayer && (buffer.getUnsignedByte(offset + tidKeyIdxAt) & Y_BIT) != 0;
    }
}
