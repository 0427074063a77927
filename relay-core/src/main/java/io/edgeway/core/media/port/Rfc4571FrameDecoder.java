package io.edgeway.core.media.port;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Splits an ICE-TCP byte stream into packets by RFC 4571 §2 framing: each packet is preceded by a
 * 16-bit big-endian LENGTH, so a frame carries 0 to 65535 bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * -----------------------------------------------------------------
 * |             LENGTH            |  STUN, DTLS or RTP/RTCP packet ...
 * -----------------------------------------------------------------
 * </pre>
 *
 * <p>Fails closed: an empty frame (no STUN, DTLS or RTP packet is empty, so it means the stream lost its
 * framing) or one longer than the configured limit throws {@link CorruptedFrameException}, and the
 * connection's handler closes the connection; the bytes after it cannot be trusted to be frame
 * boundaries.
 *
 * <p>One instance per connection, confined to its event loop. Emits each packet as a
 * {@code retainedSlice} of the cumulation (no copy); whoever receives it owns that reference.
 */
final class Rfc4571FrameDecoder extends ByteToMessageDecoder {

    /** RFC 4571 §2: LENGTH is 16 bits. */
    static final int MAX_FRAME_LENGTH = 65535;
    private static final int LENGTH_FIELD = 2;

    private final int maxFrameLength;

    Rfc4571FrameDecoder() {
        this(MAX_FRAME_LENGTH);
    }

    /** @param maxFrameLength frames longer than this close the connection; 1 to 65535 */
    Rfc4571FrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 1 || maxFrameLength > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("max frame length must be 1-65535, got " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= LENGTH_FIELD) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (length == 0 || length > maxFrameLength) {
                // Skip what is buffered so the decoder is not called again with the same bytes.
                in.skipBytes(in.readableBytes());
                throw new CorruptedFrameException("RFC 4571 frame of " + length + " bytes");
            }
            if (in.readableBytes() < LENGTH_FIELD + length) {
                return;
            }
            in.skipBytes(LENGTH_FIELD);
            out.add(in.readRetainedSlice(length));
        }
    }
}
