package io.edgeway.turn.netty;

import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.core.TurnServerCore;
import io.edgeway.turn.wire.ChannelData;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listener of one event loop: classifies each datagram (ChannelData by its first byte
 * 0x40-0x4F, STUN by its two leading zero bits, anything else dropped and counted), finds the client
 * by source address and hands the bytes to the loop's {@link TurnServerCore}. No protocol logic here.
 *
 * <p>Owns each received datagram and releases it; the core borrows it. Writes are flushed once per
 * read batch. Confined to its event loop.
 */
final class StunUdpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StunUdpHandler.class);

    private final LoopContext loop;
    /** Clients that hold an allocation, by source address: the "allocation table" of this socket. */
    private final HashMap<InetSocketAddress, UdpTurnClient> clients = new HashMap<>();

    StunUdpHandler(LoopContext loop) {
        this.loop = loop;
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket)) {
            ctx.fireChannelRead(msg);
            return;
        }
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            ByteBuf content = packet.content();
            TurnServerCore core = loop.core();
            int length = content.readableBytes();
            if (length < ChannelData.HEADER_LENGTH) {
                core.counters().count(TurnEvent.DROP_MALFORMED);
                return;
            }
            int offset = content.readerIndex();
            InetSocketAddress sender = packet.sender();
            long now = loop.now();
            if (ChannelFrames.isChannelDataFirstByte(content.getUnsignedByte(offset))) {
                UdpTurnClient client = clients.get(sender);
                if (client == null) {
                    core.counters().count(TurnEvent.DROP_NO_ALLOCATION);
                    return;
                }
                core.onChannelData(now, client, content, offset, length);
            } else if ((content.getByte(offset) & 0xC0) == 0) {
                UdpTurnClient client = clients.get(sender);
                if (client == null) {
                    client = new UdpTurnClient(ctx.channel(), loop, clients, sender);
                }
                core.onStunMessage(now, client, content, offset, length);
            } else {
                core.counters().count(TurnEvent.DROP_MALFORMED);
            }
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
        // A UDP socket error (ICMP unreachable surfaced by the kernel, buffer exhaustion) must not
        // reach the pipeline tail; the socket stays open for every other client.
        loop.core().counters().count(TurnEvent.SOCKET_ERROR);
        LOG.debug("udp listener error on {}", ctx.channel().localAddress(), cause);
    }
}
