package io.edgeway.signaling.ws;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.session.SignalingService;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The signaling WebSocket at {@value #PATH} on the public HTTP port. A request for that path that asks
 * for a WebSocket upgrade turns its connection into a signaling connection: Netty's
 * {@link WebSocketServerProtocolHandler} does the RFC 6455 handshake and answers pings and close frames,
 * a {@link WebSocketFrameAggregator} joins fragmented messages, and a {@link SignalingSocketHandler}
 * speaks the protocol. Any other request to the path gets 400 {@code websocket_required}; requests for
 * other paths are passed on untouched.
 *
 * <h2>Limits</h2>
 * A message is at most {@value #MAX_MESSAGE_BYTES} bytes: an SDP offer is 5-20 KB for a participant
 * that publishes and receives a few tracks, but the answer of a participant in a full 100-person
 * meeting lists about 200 m= sections (roughly 1 KB each); a larger frame closes the connection with
 * 1009 (message too big, RFC 6455 §7.4.1), and so does one over {@value #PRE_JOIN_MESSAGE_BYTES} bytes before
 * the connection has joined ({@link WebSocketMessageGuard}, at the frame that crosses the bound, fragmented
 * or not). Until the join, only {@code join} is decoded; after it, messages (SDP included) are decoded off
 * the HTTP event loop, one at a time per connection, on this route's decoding threads. The handshake must
 * complete within 10 s.
 */
public final class WebSocketRoute implements HttpRouteHandlerFactory, AutoCloseable {

    /** Where the signaling WebSocket is served. */
    public static final String PATH = "/ws";
    /** Largest message (after reassembly) a client may send. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    /** Largest message before the connection has joined: a join carries a token or a name. */
    public static final int PRE_JOIN_MESSAGE_BYTES = 16 * 1024;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** Threads that decode joined connections' messages (JSON and SDP), and how many may wait for them. */
    private static final int DECODING_THREADS = 2;
    private static final int DECODING_QUEUE = 1024;

    private final SignalingService service;
    private final ThreadPoolExecutor decoding;

    public WebSocketRoute(SignalingService service) {
        this.service = Objects.requireNonNull(service, "service");
        this.decoding = new ThreadPoolExecutor(DECODING_THREADS, DECODING_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DECODING_QUEUE), r -> {
                    Thread t = new Thread(r, "edgeway-ws-decode");
                    t.setDaemon(true);
                    return t;
                });
        decoding.allowCoreThreadTimeOut(true);
    }

    /** Stops the decoding threads; messages still waiting are dropped (their connections are closing). */
    @Override
    public void close() {
        decoding.shutdownNow();
    }

    @Override
    public ChannelHandler newHandler() {
        return new Upgrade();
    }

    /** One per HTTP connection; removes itself once the connection is a WebSocket. */
    private final class Upgrade extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest request) || !PATH.equals(new QueryStringDecoder(request.uri()).path())) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                HttpReplies.error(ctx, request, ErrorCode.WEBSOCKET_REQUIRED,
                        PATH + " is the signaling WebSocket: connect with new WebSocket('ws://host" + PATH + "')");
                return;
            }
            WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(PATH)
                    .checkStartsWith(true)
                    .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                    .decoderConfig(WebSocketDecoderConfig.newBuilder()
                            .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                            .allowExtensions(false)
                            .build())
                    .dropPongFrames(true)
                    .build();
            ChannelPipeline pipeline = ctx.pipeline();
            String self = ctx.name();
            // The protocol handler puts its handshake handler in front of itself, right after this one.
            pipeline.addAfter(self, "ws-protocol", new WebSocketServerProtocolHandler(config));
            pipeline.addAfter("ws-protocol", "ws-guard", new WebSocketMessageGuard());
            pipeline.addAfter("ws-guard", "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
            pipeline.addAfter("ws-aggregator", "ws-json", JsonFrameEncoder.INSTANCE);
            pipeline.addAfter("ws-json", "ws-signaling", new SignalingSocketHandler(service, decoding));
            ctx.fireChannelRead(request);
            pipeline.remove(this);
        }
    }
}
