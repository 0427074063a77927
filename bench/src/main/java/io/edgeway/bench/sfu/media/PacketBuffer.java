package io.edgeway.bench.sfu.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable packet in a byte array with room for the SRTP trailer, in the shape jitsi-srtp transforms
 * in place ({@link ByteArrayBuffer}), and a heap {@link ByteBuf} view over the same array for Edgeway's
 * RTP/RTCP writers (which the harness reuses for the wire formats). Always starts at offset 0. One per
 * thread; reused for every packet, so the send and check paths allocate nothing here.
 */
public final class PacketBuffer implements ByteArrayBuffer {

    /** An MTU's worth plus the largest SRTP/SRTCP trailer (16-byte tag and SRTCP index). */
    public static final int CAPACITY = 1500 + 32;

    private final byte[] array = new byte[CAPACITY];
    private final ByteBuf view = Unpooled.wrappedBuffer(array);
    private int length;

    /** Empties the packet and returns the view to write it with (writer index 0). */
    public ByteBuf clear() {
        length = 0;
        view.clear();
        return view;
    }

    /** Takes the view's written bytes as the packet. */
    public PacketBuffer commit() {
        length = view.writerIndex();
        return this;
    }

    /** Copies {@code count} readable bytes of {@code from} at {@code index} into this packet. */
    public PacketBuffer copyFrom(ByteBuf from, int index, int count) {
        from.getBytes(index, array, 0, count);
        length = count;
        view.setIndex(0, count);
        return this;
    }

    /** The view over the current packet (reader 0, writer at its length). */
    public ByteBuf view() {
        view.setIndex(0, length);
        return view;
    }

    public byte[] array() {
        return array;
    }

    public int length() {
        return length;
    }

    @Override
    public byte[] getBuffer() {
        return array;
    }

    @Override
    public int getOffset() {
        return 0;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset != 0) {
            throw new UnsupportedOperationException("packets start at 0");
        }
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(array, off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (length + howMuch > array.length) {
            throw new IllegalStateException("packet of " + length + " bytes cannot grow by " + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, array, length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
