package io.edgeway.signaling.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.session.ClientMessage;
import io.edgeway.signaling.session.ServerMessages;
import io.edgeway.signaling.session.SignalingConnection;
import io.edgeway.signaling.session.SignalingException;
import io.edgeway.signaling.session.SignalingEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.edgeway.core.proxy.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling WebSocket: decodes each text frame into a {@link ClientMessage} (on this connection's
 * event loop) and hands it to the {@link SignalingEndpoint} (the session layer of every event loop); is
 * the session layer's {@link SignalingConnection} for the way back. A frame that does not decode is
 * answered with an {@code error} and the connection stays open; a binary frame likewise
 * ({@code unsupported_frame}).
 *
 * <h2>Liveness</h2>
 * Once the handshake completes, the HTTP read timeout in front of the pipeline gives way to an
 * {@link IdleStateHandler}: after {@value #PING_AFTER_SECONDS} s in which nothing arrived from the client
 * the server pings (browsers answer pings by themselves, RFC 6455 §5.5.2), and again every
 * {@value #PING_AFTER_SECONDS} s; a connection from which nothing (not even a pong) arrived for
 * {@value #CLOSE_AFTER_SECONDS} s is closed with 1001 and treated as a disconnect: the participant leaves
 * its meeting. The pings follow the client's silence, not the server's: a listener in a busy meeting
 * receives messages all the time (active speaker, slots) and sends none, and must still be pinged.
 *
 * <p>Threading: the handler runs on the connection's event loop; {@link #send} and {@link #close} are
 * called from the media loops and only queue writes on the channel. The session layer hears a
 * connection's messages in order and its disconnect after the last of them, even when that message was
 * still being decoded when the connection closed (the router places connections by what they said).
 */
final class SignalingSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements SignalingConnection {

    static final int PING_AFTER_SECONDS = 15;
    static final int CLOSE_AFTER_SECONDS = 45;

    private static final Logger LOG = LoggerFactory.getLogger(SignalingSocketHandler.class);

    private final SignalingEndpoint service;
    private final Executor decoding;
    /** Joined connections' texts waiting for the one being decoded (event loop only). */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private boolean decodingOne;
    /** The connection closed while texts were still being decoded: the disconnect waits for them. */
    private boolean disconnectOwed;
    private volatile Channel channel;
    private boolean open;
    /** Periods of {@link #PING_AFTER_SECONDS} in a row in which nothing arrived from the client. */
    private int silentPeriods;

    /** @param decoding where joined connections' messages are decoded, off the HTTP event loop */
    SignalingSocketHandler(SignalingEndpoint service, Executor decoding) {
        this.service = service;
        this.decoding = decoding;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            open = true;
            if (ctx.pipeline().get(ReadTimeoutHandler.class) != null) {
                ctx.pipeline().replace(ReadTimeoutHandler.class, "ws-idle",
                        new IdleStateHandler(PING_AFTER_SECONDS, 0, 0, TimeUnit.SECONDS));
            }
            return;
        }
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                // isFirst: the first silence since the client last sent anything.
                silentPeriods = idle.isFirst() ? 1 : silentPeriods + 1;
                if (silentPeriods * PING_AFTER_SECONDS >= CLOSE_AFTER_SECONDS) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle"))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            // Ping, pong and close frames never get here (the protocol handler takes them).
            send(ServerMessages.error(ErrorCode.UNSUPPORTED_FRAME, "the signaling protocol is JSON in text frames"));
            return;
        }
        String json = text.text();
        if (!WebSocketMessageGuard.hasJoined(ctx.channel())) {
            // Small (the guard bounds it) and only a join is decoded: anything else is refused unread.
            ClientMessage message;
            try {
                message = ClientMessage.parseBeforeJoin(json);
            } catch (SignalingException e) {
                send(ServerMessages.error(e.code(), e.getMessage()));
                return;
            }
            service.received(this, message);
            return;
        }
        waiting.addLast(json);
        decodeNext(ctx);
    }

    /**
     * Decodes the oldest waiting text on the decoding threads, one at a time per connection so messages
     * reach the service in order, with reading paused while any wait (back-pressure on a fast sender).
     */
    private void decodeNext(ChannelHandlerContext ctx) {
        if (decodingOne || waiting.isEmpty()) {
            return;
        }
        String json = waiting.pollFirst();
        decodingOne = true;
        ctx.channel().config().setAutoRead(false);
        try {
            decoding.execute(() -> {
                try {
                    service.received(this, ClientMessage.parse(json));
                } catch (SignalingException e) {
                    send(ServerMessages.error(e.code(), e.getMessage()));
                } finally {
                    ctx.executor().execute(() -> decoded(ctx));
                }
            });
        } catch (RejectedExecutionException e) {
            send(ServerMessages.error(ErrorCode.SERVER_BUSY, "the server is too busy to read the message; send it again"));
            decoded(ctx);
        }
    }

    private void decoded(ChannelHandlerContext ctx) {
        decodingOne = false;
        if (!waiting.isEmpty()) {
            decodeNext(ctx);
        } else if (disconnectOwed) {
            disconnectOwed = false;
            service.disconnected(this);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (open) {
            open = false;
            if (decodingOne) {
                // A page that sends leave and closes at once: the leave is still being decoded and must
                // reach the service first, or the others would see the participant leave "disconnected".
                disconnectOwed = true;
            } else {
                service.disconnected(this);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A protocol violation (the frame decoder's) or a broken connection: this connection alone ends.
        LOG.debug("signaling connection {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }

    @Override
    public void send(ObjectNode message) {
        Channel c = channel;
        if (c != null && "roomJoined".equals(message.path("type").asText())) {
            // Joined: from now on its messages may be offer-sized, and are decoded off the event loop.
            WebSocketMessageGuard.joined(c);
        }
        if (c != null) {
            c.writeAndFlush(message, c.voidPromise());
        }
    }

    @Override
    public void close() {
        Channel c = channel;
        if (c != null) {
            c.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, ""))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public String toString() {
        Channel c = channel;
        return "SignalingSocket[" + (c == null ? "-" : c.id().asShortText()) + "]";
    }
}
