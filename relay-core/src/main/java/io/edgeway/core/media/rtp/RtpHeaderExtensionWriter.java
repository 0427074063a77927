package io.edgeway.core.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Appends an RTP header extension block (RFC 3550 §5.3.1) in one of the RFC 8285 forms to a
 * {@link ByteBuf}: the 4-byte extension header, the elements, and zero padding up to a 32-bit boundary
 * (RFC 8285 §4.1). See {@link RtpHeaderExtensions} for the wire diagrams.
 *
 * <pre>{@code
 *   writer.begin(out, RtpHeaderExtensions.FORM_ONE_BYTE)
 *         .addByte(1, audioLevelByte)
 *         .addShort(3, transportWideSeq);
 *   int written = writer.finish();   // header + elements + padding
 * }</pre>
 *
 * <p>Writes at and advances the writer index of {@code out}, which grows if it must (size it so that it
 * need not). The caller sets the X bit of the RTP header. Not thread-safe; reusable after
 * {@link #finish()}. Allocation-free apart from buffer growth.
 */
public final class RtpHeaderExtensionWriter {

    private ByteBuf out;
    private int form;
    private int start;

    /** Starts a block in {@code form} ({@link RtpHeaderExtensions#FORM_ONE_BYTE} or two-byte). */
    public RtpHeaderExtensionWriter begin(ByteBuf out, int form) {
        return begin(out, form, 0);
    }

    /**
     * Starts a block; {@code appBits} (0-15) fill the low four bits of a two-byte profile (RFC 8285 §4.3)
     * and must be 0 for the one-byte form.
     */
    public RtpHeaderExtensionWriter begin(ByteBuf out, int form, int appBits) {
        int profile;
        if (form == RtpHeaderExtensions.FORM_ONE_BYTE && appBits == 0) {
            profile = RtpHeaderExtensions.ONE_BYTE_PROFILE;
        } else if (form == RtpHeaderExtensions.FORM_TWO_BYTE && (appBits & ~0x0F) == 0) {
            profile = RtpHeaderExtensions.TWO_BYTE_PROFILE | appBits;
        } else {
            throw new IllegalArgumentException("form " + form + " with app bits " + appBits);
        }
        this.out = out;
        this.form = form;
        this.start = out.writerIndex();
        out.writeShort(profile);
        out.writeShort(0); // length, set by finish()
        return this;
    }

    /** Appends an element with a 1-byte value. */
    public RtpHeaderExtensionWriter addByte(int id, int value) {
        elementHeader(id, 1);
        out.writeByte(value);
        return this;
    }

    /** Appends an element with a 2-byte big-endian value. */
    public RtpHeaderExtensionWriter addShort(int id, int value) {
        elementHeader(id, 2);
        out.writeShort(value);
        return this;
    }

    /** Appends an element with a 3-byte big-endian value (e.g. abs-send-time). */
    public RtpHeaderExtensionWriter addMedium(int id, int value) {
        elementHeader(id, 3);
        out.writeMedium(value);
        return this;
    }

    /** Appends an element whose value is {@code length} bytes of {@code src} from {@code srcIndex}. */
    public RtpHeaderExtensionWriter addBytes(int id, ByteBuf src, int srcIndex, int length) {
        elementHeader(id, length);
        out.writeBytes(src, srcIndex, length);
        return this;
    }

    /** Appends {@code count} padding bytes between elements (RFC 8285 §4.1). */
    public RtpHeaderExtensionWriter addPadding(int count) {
        requireStarted();
        out.writeZero(count);
        return this;
    }

    private void elementHeader(int id, int length) {
        requireStarted();
        if (form == RtpHeaderExtensions.FORM_ONE_BYTE) {
            // RFC 8285 §4.2: ID 1-14, 1 to 16 bytes of data, length field = bytes - 1.
            if (id < 1 || id > RtpHeaderExtensions.ONE_BYTE_MAX_ID) {
                throw new IllegalArgumentException("one-byte form ID out of range 1-14: " + id);
            }
            if (length < 1 || length > RtpHeaderExtensions.ONE_BYTE_MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("one-byte form data length out of range 1-16: " + length);
            }
            out.writeByte((id << 4) | (length - 1));
        } else {
            // RFC 8285 §4.3: ID 1-255, 0 to 255 bytes of data.
            if (id < 1 || id > RtpHeaderExtensions.TWO_BYTE_MAX_ID) {
                throw new IllegalArgumentException("two-byte form ID out of range 1-255: " + id);
            }
            if (length < 0 || length > RtpHeaderExtensions.TWO_BYTE_MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("two-byte form data length out of range 0-255: " + length);
            }
            out.writeByte(id);
            out.writeByte(length);
        }
    }

    /**
     * Pads the block with zeros to a multiple of four bytes, sets its length field and returns the bytes
     * written since {@link #begin}, extension header included.
     */
    public int finish() {
        requireStarted();
        int dataLength = out.writerIndex() - start - RtpHeaderFlyweight.EXTENSION_HEADER_LENGTH;
        int padded = (dataLength + 3) & ~3;
        out.writeZero(padded - dataLength);
        if (padded / 4 > 0xFFFF) {
            throw new IllegalStateException("extension block too long: " + padded);
        }
        out.setShort(start + 2, padded / 4);
        int written = out.writerIndex() - start;
        out = null;
        return written;
    }

    private void requireStarted() {
        if (out == null) {
            throw new IllegalStateException("begin() first");
        }
    }
}
