package io.edgeway.turn.netty;

import io.edgeway.turn.core.Allocation;
import io.edgeway.turn.core.TurnEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives what peers send to one allocation's relay socket and hands it to the core, which checks
 * permissions and wraps it for the client. Owns and releases each datagram. Confined to the
 * allocation's event loop.
 */
final class TurnPeerRelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TurnPeerRelayHandler.class);

    private final LoopContext loop;
    private final Allocation allocation;

    TurnPeerRelayHandler(LoopContext loop, Allocation allocation) {
        this.loop = loop;
        this.allocation = allocation;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            loop.core().onPeerDatagram(loop.now(), allocation, packet.sender(), packet.content());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        loop.endBatch();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable from a peer surfaces here on connected-less sockets on some kernels;
        // the allocation stays.
        loop.core().counters().count(TurnEvent.SOCKET_ERROR);
        LOG.debug("relay socket {} error: {}", ctx.channel().localAddress(), cause.toString());
    }
}
