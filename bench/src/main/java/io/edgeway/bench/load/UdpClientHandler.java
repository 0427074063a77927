package io.edgeway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * The pipeline of one UDP load client: hands each datagram to its {@link LoadClient} and flushes what the
 * client wrote once per read batch. Owns and releases every datagram it is given.
 */
final class UdpClientHandler extends ChannelInboundHandlerAdapter {

    private final LoadClient client;

    UdpClientHandler(LoadClient client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            ByteBuf content = packet.content();
            client.onReceive(content, content.readerIndex(), content.readableBytes());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.worker.flushAll();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // On a connected UDP socket an ICMP port unreachable surfaces here; counted, the client carries on.
        client.onTransportError(cause);
    }
}
