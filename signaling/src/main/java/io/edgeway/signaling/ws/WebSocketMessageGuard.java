package io.edgeway.signaling.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Bounds each WebSocket message as its frames arrive, before they are joined: at most
 * {@value WebSocketRoute#PRE_JOIN_MESSAGE_BYTES} bytes until the connection has joined a meeting (a join is
 * a token or a name, well under 2 KB), {@value WebSocketRoute#MAX_MESSAGE_BYTES} after. A message over its
 * bound closes the connection with 1009 (message too big, RFC 6455 §7.4.1) at the frame that crosses it,
 * so neither a 1 MiB offer from a stranger nor a fragmented message past the limit is ever buffered or
 * parsed (issue #10: ten unjoined sockets sending 1 MiB offers slowed the whole HTTP port; a fragmented
 * oversized message used to end with an abrupt close and no code).
 *
 * <p>One per connection, between the protocol handler (which answers pings and closes) and the
 * aggregator. Confined to the connection's event loop, except {@link #joined}, which any thread may call.
 */
final class WebSocketMessageGuard extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> JOINED = AttributeKey.valueOf(WebSocketMessageGuard.class, "joined");

    private long messageBytes;
    private boolean closing;

    /** The connection has joined a meeting: its messages may now be as large as offers get. */
    static void joined(Channel channel) {
        channel.attr(JOINED).set(Boolean.TRUE);
    }

    static boolean hasJoined(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(JOINED).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(frame);
            return;
        }
        long bytes = frame.content().readableBytes();
        messageBytes = frame instanceof ContinuationWebSocketFrame ? messageBytes + bytes : bytes;
        long limit = hasJoined(ctx.channel()) ? WebSocketRoute.MAX_MESSAGE_BYTES : WebSocketRoute.PRE_JOIN_MESSAGE_BYTES;
        if (messageBytes > limit) {
            ReferenceCountUtil.release(frame);
            closing = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    hasJoined(ctx.channel()) ? "a message is at most " + limit + " bytes"
                            : "before joining, a message is at most " + limit + " bytes"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(frame);
    }
}
