package io.edgeway.turn.netty;

import io.edgeway.stun.codec.StunMessage;
import io.edgeway.turn.wire.ChannelData;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a TCP or TLS byte stream into STUN messages and ChannelData frames (RFC 8656 §12.5: on
 * streams, ChannelData is padded to a multiple of four bytes). The first byte tells which: two zero
 * bits for STUN (length from the header plus 20), 0x40-0x4F for ChannelData (length plus 4, padded).
 * Anything else means the stream is not TURN or has lost framing; with no way to resynchronise, the
 * connection is closed (and counted by the handler through {@link #framingLost}).
 *
 * <p>Emits retained slices of the cumulation; the next handler owns and releases them. A frame passes
 * on as its exact bytes: for ChannelData the padding is excluded.
 */
final class StunStreamFrameDecoder extends ByteToMessageDecoder {

    private boolean framingLost;

    boolean framingLost() {
        return framingLost;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= ChannelData.HEADER_LENGTH) {
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            int declared = in.getUnsignedShort(start + 2);
            int frame;
            int consumed;
            if ((first & 0xC0) == 0) {
                frame = StunMessage.HEADER_LENGTH + declared;
                consumed = frame;
            } else if (ChannelFrames.isChannelDataFirstByte(first)) {
                frame = ChannelData.HEADER_LENGTH + declared;
                consumed = ChannelData.HEADER_LENGTH + ChannelData.paddedLength(declared);
            } else {
                framingLost = true;
                in.skipBytes(in.readableBytes());
                ctx.fireUserEventTriggered(FramingLost.INSTANCE);
                ctx.close();
                return;
            }
            if (in.readableBytes() < consumed) {
                return;
            }
            out.add(in.retainedSlice(start, frame));
            in.skipBytes(consumed);
        }
    }

    /** Fired when the stream carried bytes that are neither STUN nor ChannelData. */
    static final class FramingLost {
        static final FramingLost INSTANCE = new FramingLost();

        private FramingLost() {
        }
    }
}
