package io.edgeway.signaling.http;

import io.edgeway.core.proxy.ClientAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps a listener's open connections per source address and in total, so that one client (300 slow
 * connections that never finish a request, issue #10) cannot take every file descriptor and crowd out
 * real calls. A connection over either cap is answered 503 {@code too_many_connections} and closed at
 * once, before any HTTP decoding; its slot was never taken.
 *
 * <p>The first handler of every HTTP connection's pipeline; sharable, one instance per listener.
 * Thread-safe (connections of a listener may live on several event loops).
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionCap.class, "counted");

    private final int perSource;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

    ConnectionCap(int perSource, int total) {
        this.perSource = perSource;
        this.total = total;
    }

    /** A listener that installs the pipeline on a live connection (after sniffing HTTP) counts it here. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            admitOrRefuse(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(COUNTED).get() == null && !admitOrRefuse(ctx)) {
            return;
        }
        super.channelActive(ctx);
    }

    private boolean admitOrRefuse(ChannelHandlerContext ctx) {
        InetAddress source = ClientAddress.of(ctx.channel()).getAddress();
        if (!admit(source)) {
            refuse(ctx);
            return false;
        }
        ctx.channel().attr(COUNTED).set(source);
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress source = ctx.channel().attr(COUNTED).getAndSet(null);
        if (source != null) {
            release(source);
        }
        super.channelInactive(ctx);
    }

    private boolean admit(InetAddress source) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return false;
        }
        AtomicInteger count = bySource.computeIfAbsent(source, a -> new AtomicInteger());
        if (count.incrementAndGet() > perSource) {
            release(source);
            return false;
        }
        return true;
    }

    private void release(InetAddress source) {
        open.decrementAndGet();
        bySource.computeIfPresent(source, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Connections open now (for tests and metrics). */
    int open() {
        return open.get();
    }

    /**
     * 503 written as bytes (the HTTP encoder sits behind this handler), then closed. The connection never
     * reaches the rest of its pipeline.
     */
    private static void refuse(ChannelHandlerContext ctx) {
        byte[] body = JsonEnvelope.bytes(JsonEnvelope.error(ErrorCode.TOO_MANY_CONNECTIONS,
                "too many connections from your address (or in total); close some and retry"));
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteBuf out = ctx.alloc().buffer(head.length() + body.length);
        out.writeCharSequence(head, StandardCharsets.US_ASCII);
        out.writeBytes(body);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
