package io.edgeway.core.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A reusable cursor over the elements of an RTP header extension block in the two general forms of
 * RFC 8285: one-byte headers (§4.2, "defined by profile" = 0xBEDE) and two-byte headers (§4.3,
 * 0x100 followed by four application bits).
 *
 * <pre>
 * One-byte form (RFC 8285 §4.2): ID 1-14, L = data bytes - 1 (1 to 16 bytes of data)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       0xBE    |    0xDE       |           length=3            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        ...data   |    0 (pad)    |    0 (pad)    |  ID   | L=3   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          data                                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Two-byte form (RFC 8285 §4.3): ID 1-255, length = data bytes (0 to 255)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         0x100         |appbits|           length=3            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      ID       |     L=0       |     ID        |     L=1       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       data    |    0 (pad)    |       ID      |      L=4      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          data                                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Reading: {@link #wrap(RtpHeaderFlyweight)}, then {@link #next()} until it returns false, reading
 * {@link #id()}, {@link #dataOffset()} and {@link #dataLength()} of each element; or {@link #find(int)}.
 * When {@code next()} returns false, {@link #isMalformed()} tells a clean end from a block whose element
 * runs past its end, which a caller should treat as a bad packet.
 *
 * <p>Writing in place: {@link #id(int)} changes the current element's ID, {@link #clear()} turns it into
 * padding bytes (RFC 8285 §4.1: padding bytes of value 0 may sit between elements and are skipped by
 * every receiver), {@link #rewrite(int, ByteBuf, int, int)} replaces a value of the same length,
 * {@link #remap(ExtensionIdMap)} applies a publisher-to-subscriber ID mapping to the whole block, and
 * {@link #clearBlock()} pads out every element at once. None of these change the block's length, so the
 * packet never moves.
 *
 * <p>Ownership and threading: the buffer is borrowed; the cursor is valid until the buffer is released or
 * re-wrapped. One instance per handler or node, confined to its event loop. Allocation-free.
 */
public final class RtpHeaderExtensions {

    /** RFC 8285 §4.2: "defined by profile" of the one-byte form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: "defined by profile" of the two-byte form is 0x100 and 4 application bits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;

    /** No RFC 8285 block: X clear, or a profile other than the two above. */
    public static final int FORM_NONE = 0;
    public static final int FORM_ONE_BYTE = 1;
    public static final int FORM_TWO_BYTE = 2;

    public static final int ONE_BYTE_MAX_ID = 14;
    /** RFC 8285 §4.2: ID 15 is reserved; parsing MUST stop there. */
    public static final int ONE_BYTE_RESERVED_ID = 15;
    public static final int ONE_BYTE_MAX_DATA_LENGTH = 16;
    public static final int TWO_BYTE_MAX_ID = 255;
    public static final int TWO_BYTE_MAX_DATA_LENGTH = 255;

    private static final int PADDING = 0;

    private ByteBuf buffer;
    private int form;
    private int blockOffset;
    private int blockEnd;
    private int position;
    private boolean malformed;
    private int id;
    private int elementOffset;
    private int dataOffset;
    private int dataLength;

    /**
     * Points the cursor at the header extension of a packet already checked with
     * {@link RtpHeaderFlyweight#isValid()}. When X is clear or the profile is not an RFC 8285 one,
     * {@link #form()} is {@link #FORM_NONE} and the cursor holds no elements.
     */
    public RtpHeaderExtensions wrap(RtpHeaderFlyweight rtp) {
        if (!rtp.extension()) {
            return wrap(rtp.buffer(), 0, 0, -1);
        }
        return wrap(rtp.buffer(), rtp.extensionDataOffset(), rtp.extensionDataLength(), rtp.extensionProfile());
    }

    /**
     * Points the cursor at {@code dataLength} bytes of extension data at absolute {@code dataOffset}
     * (just after the 4-byte extension header) whose "defined by profile" value is {@code profile}.
     */
    public RtpHeaderExtensions wrap(ByteBuf buffer, int dataOffset, int dataLength, int profile) {
        this.buffer = buffer;
        this.form = formOf(profile);
        this.blockOffset = dataOffset;
        this.blockEnd = form == FORM_NONE ? dataOffset : dataOffset + dataLength;
        return rewind();
    }

    /** The RFC 8285 form a "defined by profile" value names. */
    public static int formOf(int profile) {
        if (profile == ONE_BYTE_PROFILE) {
            return FORM_ONE_BYTE;
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return FORM_TWO_BYTE;
        }
        return FORM_NONE;
    }

    /** Goes back to before the first element. */
    public RtpHeaderExtensions rewind() {
        position = blockOffset;
        malformed = false;
        id = 0;
        elementOffset = -1;
        dataOffset = -1;
        dataLength = 0;
        return this;
    }

    public int form() {
        return form;
    }

    /** The buffer the cursor reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /**
     * Moves to the next element, skipping padding bytes.
     *
     * @return true when positioned on an element; false at the end of the block, at a one-byte element
     *     with the reserved ID 15, or when an element overruns the block ({@link #isMalformed()})
     */
    public boolean next() {
        while (position < blockEnd) {
            int first = buffer.getUnsignedByte(position);
            if (first == PADDING) {
                position++;
                continue;
            }
            if (form == FORM_ONE_BYTE) {
                int elementId = first >>> 4;
                if (elementId == ONE_BYTE_RESERVED_ID) {
                    // RFC 8285 §4.2: the length field MUST be ignored and processing MUST terminate here;
                    // the elements before it are still considered.
                    position = blockEnd;
                    return false;
                }
                if (elementId == PADDING) {
                    // Not a valid element ID (1-14); like a padding byte, it supplies no element.
                    position++;
                    continue;
                }
                return element(elementId, position, 1, (first & 0x0F) + 1);
            }
            if (position + 2 > blockEnd) {
                return fail();
            }
            return element(first, position, 2, buffer.getUnsignedByte(position + 1));
        }
        return false;
    }

    private boolean element(int elementId, int at, int headerLength, int length) {
        if (at + headerLength + length > blockEnd) {
            return fail();
        }
        id = elementId;
        elementOffset = at;
        dataOffset = at + headerLength;
        dataLength = length;
        position = dataOffset + length;
        return true;
    }

    private boolean fail() {
        malformed = true;
        position = blockEnd;
        id = 0;
        elementOffset = -1;
        dataOffset = -1;
        dataLength = 0;
        return false;
    }

    /** Whether the last {@link #next()} stopped at an element running past the end of the block. */
    public boolean isMalformed() {
        return malformed;
    }

    /**
     * Rewinds and moves to the first element with {@code id}. Returns false if there is none or the block
     * is malformed before it.
     */
    public boolean find(int id) {
        rewind();
        while (next()) {
            if (this.id == id) {
                return true;
            }
        }
        return false;
    }

    /** ID of the current element. */
    public int id() {
        return id;
    }

    /** Absolute index of the current element's first header byte. */
    public int elementOffset() {
        return elementOffset;
    }

    /** Absolute index of the current element's data. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Data bytes of the current element. */
    public int dataLength() {
        return dataLength;
    }

    /** Whether {@code id} can be carried by this block's form. */
    public boolean isValidId(int id) {
        if (form == FORM_ONE_BYTE) {
            return id >= 1 && id <= ONE_BYTE_MAX_ID;
        }
        return form == FORM_TWO_BYTE && id >= 1 && id <= TWO_BYTE_MAX_ID;
    }

    /** Changes the current element's ID in place. */
    public RtpHeaderExtensions id(int newId) {
        requireElement();
        if (!isValidId(newId)) {
            throw new IllegalArgumentException("ID " + newId + " does not fit form " + form);
        }
        if (form == FORM_ONE_BYTE) {
            int b = buffer.getUnsignedByte(elementOffset);
            buffer.setByte(elementOffset, (newId << 4) | (b & 0x0F));
        } else {
            buffer.setByte(elementOffset, newId);
        }
        id = newId;
        return this;
    }

    /**
     * Turns the current element, header and data, into padding bytes, which every RFC 8285 receiver
     * skips. The cursor stays after it; {@link #id()} becomes 0.
     */
    public RtpHeaderExtensions clear() {
        requireElement();
        buffer.setZero(elementOffset, dataOffset + dataLength - elementOffset);
        id = 0;
        return this;
    }

    /**
     * Replaces the value of the element {@code id} with the {@code length} bytes at {@code srcIndex} of
     * {@code src}, in place. Returns false (and changes nothing) if the element is absent or its length
     * differs, since a different length would move the rest of the packet.
     */
    public boolean rewrite(int id, ByteBuf src, int srcIndex, int length) {
        if (!find(id) || dataLength != length) {
            return false;
        }
        buffer.setBytes(dataOffset, src, srcIndex, length);
        return true;
    }

    /**
     * Rewrites every element's ID through {@code map}, in place, for a subscriber that negotiated other
     * IDs for the same URIs than the publisher (RFC 8285 §5: the mapping is per session description). An
     * element whose ID the map does not carry, or whose target ID this form cannot hold, is cleared into
     * padding: the subscriber never agreed to it, and leaving it could make the subscriber read it as
     * whatever extension it mapped to that ID.
     *
     * @return the number of elements changed or cleared, or -1 if the block is malformed, in which case
     *     nothing was changed
     */
    public int remap(ExtensionIdMap map) {
        rewind();
        while (next()) {
            // First pass only validates, so that a malformed block is left as it came.
        }
        if (malformed) {
            rewind();
            malformed = true;
            return -1;
        }
        int changed = 0;
        rewind();
        while (next()) {
            int target = map.target(id);
            if (target == id) {
                continue;
            }
            if (isValidId(target)) {
                id(target);
            } else {
                clear();
            }
            changed++;
        }
        return changed;
    }

    /**
     * Turns the whole block into padding bytes (RFC 8285 §4.1), e.g. one that is malformed and so cannot
     * be remapped element by element: every receiver then reads no element from it. The block keeps its
     * length; the cursor is rewound and holds no elements. Does nothing for {@link #FORM_NONE}.
     */
    public RtpHeaderExtensions clearBlock() {
        if (form != FORM_NONE) {
            buffer.setZero(blockOffset, blockEnd - blockOffset);
        }
        return rewind();
    }

    private void requireElement() {
        if (elementOffset < 0) {
            throw new IllegalStateException("no current element");
        }
    }
}
