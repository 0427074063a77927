package io.edgeway.core.media.port;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Frames each outgoing packet on an ICE-TCP connection by RFC 4571 §2: a 16-bit big-endian LENGTH, then
 * the packet. The packet itself is not copied: the encoder emits a 2-byte header buffer and the packet,
 * which the channel writes together at the next flush.
 *
 * <p>Stateless and {@link ChannelHandler.Sharable}. Takes ownership of each packet written through it (as
 * every encoder does); a packet longer than 65535 bytes cannot be framed and fails its write.
 */
@ChannelHandler.Sharable
final class Rfc4571FrameEncoder extends MessageToMessageEncoder<ByteBuf> {

    static final Rfc4571FrameEncoder INSTANCE = new Rfc4571FrameEncoder();

    private Rfc4571FrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf packet, List<Object> out) {
        int length = packet.readableBytes();
        if (length == 0 || length > Rfc4571FrameDecoder.MAX_FRAME_LENGTH) {
            throw new EncoderException("cannot frame a packet of " + length + " bytes (RFC 4571: 1-65535)");
        }
        out.add(ctx.alloc().ioBuffer(2).writeShort(length));
        // MessageToMessageEncoder releases the packet after encode: the emitted reference is our own.
        out.add(packet.retain());
    }
}
