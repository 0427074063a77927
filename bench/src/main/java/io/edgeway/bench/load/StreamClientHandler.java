package io.edgeway.bench.load;

import io.edgeway.turn.client.TurnStreamFraming;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline of one TCP or TLS load client: cuts the stream into STUN messages and ChannelData frames
 * ({@link TurnStreamFraming}) and hands each to its {@link LoadClient} in place, in the cumulation buffer,
 * so no per-frame object is made. Bytes that are neither fail the client and close the connection.
 */
final class StreamClientHandler extends ByteToMessageDecoder {

    private final LoadClient client;

    StreamClientHandler(LoadClient client) {
        this.client = client;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int frame = TurnStreamFraming.frameLength(in, start, in.readableBytes());
            if (frame == TurnStreamFraming.NEED_MORE) {
                return;
            }
            if (frame == TurnStreamFraming.NOT_TURN) {
                in.skipBytes(in.readableBytes());
                client.onTransportError(new IllegalStateException("stream is not TURN framing"));
                ctx.close();
                return;
            }
            client.onReceive(in, start, TurnStreamFraming.messageLength(in, start));
            in.skipBytes(frame);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        client.worker.flushAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        client.onClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.onTransportError(cause);
        ctx.close();
    }
}
