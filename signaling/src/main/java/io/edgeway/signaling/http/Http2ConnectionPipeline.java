package io.edgeway.signaling.http;

import io.edgeway.core.proxy.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/2 connection (RFC 9113; chosen by ALPN {@code h2} on HTTPS): Netty's frame codec and stream
 * multiplexer on the connection, and on each stream a converter to HTTP/1.1 objects followed by the very
 * handlers {@link HttpConnectionPipeline} gives an HTTP/1.1 connection, so every route, limit and error
 * answer is the same over both. WebSocket stays on HTTP/1.1: the server does not offer RFC 8441's
 * extended CONNECT, so browsers open a separate HTTP/1.1 connection for {@code wss:}.
 *
 * <p>Limits: at most {@value #MAX_CONCURRENT_STREAMS} concurrent streams and {@value #MAX_HEADER_LIST_BYTES}
 * bytes of headers per request; a connection silent for {@value #READ_TIMEOUT_SECONDS} s is closed, as an
 * HTTP/1.1 one is. Netty's codec also bounds the stream resets a client may send per window.
 */
final class Http2ConnectionPipeline {

    static final int MAX_CONCURRENT_STREAMS = 100;
    static final int MAX_HEADER_LIST_BYTES = 16 * 1024;
    static final int READ_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(Http2ConnectionPipeline.class);

    private Http2ConnectionPipeline() {
    }

    /** Appends an HTTP/2 server to {@code pipeline} whose streams get {@code http}'s request handlers. */
    static void install(ChannelPipeline pipeline, HttpConnectionPipeline http) {
        http.installConnectionCap(pipeline);
        pipeline.addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast(Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_LIST_BYTES))
                .build());
        pipeline.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                http.installStream(stream.pipeline());
            }
        }));
        pipeline.addLast(ConnectionErrors.INSTANCE);
    }

    /** The connection's last handler: a reset or a read timeout ends this connection and goes no further. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class ConnectionErrors extends ChannelInboundHandlerAdapter {
        static final ConnectionErrors INSTANCE = new ConnectionErrors();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP/2 connection {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
            ctx.close();
        }
    }
}
