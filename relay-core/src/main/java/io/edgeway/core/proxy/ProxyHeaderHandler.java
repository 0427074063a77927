package io.edgeway.core.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trusted source's stage: takes the header Netty's {@code HAProxyMessageDecoder} (just before it)
 * decoded, records its source as the connection's {@link ClientAddress}, installs the protocol handlers
 * and leaves. The decoder removes itself after the header and hands on the bytes behind it. One instance
 * per connection, on its event loop.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderHandler.class);

    private final ProxyProtocol protocol;
    private final Consumer<Channel> next;
    private ScheduledFuture<?> timeout;
    private boolean done;

    ProxyHeaderHandler(ProxyProtocol protocol, Consumer<Channel> next) {
        this.protocol = protocol;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, "no PROXY header within "
                + protocol.headerTimeoutMillis() + " ms"), protocol.headerTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, "bytes before the PROXY header");
            return;
        }
        try {
            InetSocketAddress client = clientOf(header);
            if (client == null) {
                protocol.count(ProxyProtocolCounter.HEADER_LOCAL, 1);
            } else {
                ClientAddress.set(ctx.channel(), client);
                protocol.count(ProxyProtocolCounter.HEADER_ACCEPTED, 1);
                LOG.debug("PROXY header from {}: client {}", ctx.channel().remoteAddress(), client);
            }
        } finally {
            header.release();
        }
        done = true;
        cancelTimeout();
        next.accept(ctx.channel());
        ctx.pipeline().remove(this);
    }

    /** The header's source, or null for LOCAL and UNKNOWN headers (the balancer speaks for itself). */
    private static InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null
                || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            return null;
        }
        // The decoder checked the literal; turning it into bytes here resolves no name.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
        if (bytes == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), header.sourcePort());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Only ever before the hand-over (this handler leaves with it): a malformed header
        // (HAProxyProtocolException inside a DecoderException, also raised again when the decoder sees the
        // rest at close) or a reset. It ends this connection and goes no further.
        fail(ctx, cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (!done) {
            done = true;
            protocol.count(ProxyProtocolCounter.HEADER_MISSING, 1);
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        cancelTimeout();
        protocol.count(ProxyProtocolCounter.HEADER_MISSING, 1);
        LOG.debug("closing {} from a trusted load balancer: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
