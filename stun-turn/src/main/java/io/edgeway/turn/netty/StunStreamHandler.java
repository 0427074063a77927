package io.edgeway.turn.netty;

import io.edgeway.core.proxy.ClientAddress;
import io.edgeway.turn.core.Allocation;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnClient;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.core.TurnServerCore;
import io.edgeway.turn.wire.ChannelData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP or TLS client connection: it is the client's 5-tuple (RFC 8656 §3.1), so it holds at most one
 * allocation, which is deleted when the connection closes. Its remote address is the client's
 * ({@link ClientAddress}: behind a trusted load balancer, the one its PROXY header named), so rate limits,
 * nonces, XOR-MAPPED-ADDRESS and logs see the client rather than the balancer. Receives whole frames from
 * {@link StunStreamFrameDecoder} and hands them to the loop's core. Confined to the connection's event
 * loop, which is also where its relay socket lives.
 */
final class StunStreamHandler extends ChannelInboundHandlerAdapter implements TurnClient {

    private static final Logger LOG = LoggerFactory.getLogger(StunStreamHandler.class);

    private final LoopContextRegistry loops;
    private final TransportProtocol transport;
    private LoopContext loop;
    private Channel channel;
    /** The client's address (a load balancer's PROXY header may name it), fixed when the handler is added. */
    private InetSocketAddress client;
    private Allocation allocation;

    StunStreamHandler(LoopContextRegistry loops, TransportProtocol transport) {
        this.loops = loops;
        this.transport = transport;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
        this.client = ClientAddress.of(ctx.channel());
        this.loop = loops.of(ctx.channel().eventLoop());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            TurnServerCore core = loop.core();
            int offset = frame.readerIndex();
            int length = frame.readableBytes();
            if (ChannelFrames.isChannelDataFirstByte(frame.getUnsignedByte(offset))) {
                core.onChannelData(loop.now(), this, frame, offset, length);
            } else {
                core.onStunMessage(loop.now(), this, frame, offset, length);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        loop.endBatch();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof StunStreamFrameDecoder.FramingLost) {
            loop.core().counters().count(TurnEvent.DROP_MALFORMED);
        } else if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) evt).isSuccess()) {
            loop.core().counters().count(TurnEvent.SOCKET_ERROR);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        loop.core().onClientClosed(this);
        loop.endBatch();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets, TLS alerts and decoder failures end this connection only.
        LOG.debug("{} connection {} failed: {}", transport, client, cause.toString());
        ctx.close();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return client;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public TransportProtocol transport() {
        return transport;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void allocation(Allocation allocation) {
        this.allocation = allocation;
    }

    @Override
    public void send(ByteBuf message) {
        if (!channel.isActive()) {
            message.release();
            return;
        }
        if (transport == TransportProtocol.TLS) {
            // One TLS record per TURN message: a record may carry several messages, but some clients
            // (coturn's turnutils_uclient among them) read one message per record and lose the rest.
            channel.writeAndFlush(message, channel.voidPromise());
            return;
        }
        channel.write(message, channel.voidPromise());
        loop.written(channel);
    }
}
