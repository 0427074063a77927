package io.edgeway.signaling.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.session.ClientMessage;
import io.edgeway.signaling.session.ServerMessages;
import io.edgeway.signaling.session.SignalingConnection;
import io.edgeway.signaling.session.SignalingException;
import io.edgeway.signaling.session.SignalingService;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling WebSocket: decodes each text frame into a {@link ClientMessage} (on this connection's
 * event loop) and hands it to the {@link SignalingService}; is the service's {@link SignalingConnection}
 * for the way back. A frame that does not decode is answered with an {@code error} and the connection
 * stays open; a binary frame likewise ({@code unsupported_frame}).
 *
 * <h2>Liveness</h2>
 * Once the handshake completes, the HTTP read timeout in front of the pipeline gives way to an
 * {@link IdleStateHandler}: after {@value #PING_AFTER_SECONDS} s without sending anything the server
 * pings (browsers answer pings by themselves, RFC 6455 §5.5.2), and a connection from which nothing
 * (not even a pong) arrived for {@value #CLOSE_AFTER_SECONDS} s is closed with 1001 and treated as a
 * disconnect: the participant leaves its meeting.
 *
 * <p>Threading: the handler runs on the connection's event loop; {@link #send} and {@link #close} are
 * called from the media port's loop and only queue writes on the channel.
 */
final class SignalingSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements SignalingConnection {

    static final int PING_AFTER_SECONDS = 15;
    static final int CLOSE_AFTER_SECONDS = 45;

    private static final Logger LOG = LoggerFactory.getLogger(SignalingSocketHandler.class);

    private final SignalingService service;
    private volatile Channel channel;
    private boolean open;

    SignalingSocketHandler(SignalingService service) {
        this.service = service;
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
                        new IdleStateHandler(CLOSE_AFTER_SECONDS, PING_AFTER_SECONDS, 0, TimeUnit.SECONDS));
            }
            return;
        }
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else if (idle.state() == IdleState.READER_IDLE) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle"))
                        .addListener(ChannelFutureListener.CLOSE);
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
        ClientMessage message;
        try {
            message = ClientMessage.parse(text.text());
        } catch (SignalingException e) {
            send(ServerMessages.error(e.code(), e.getMessage()));
            return;
        }
        service.received(this, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (open) {
            open = false;
            service.disconnected(this);
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
