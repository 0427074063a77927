package io.edgeway.signaling.http;

import io.edgeway.core.sharedport.PortProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP on a TLS listener (the HTTPS port, the shared port): chosen by ALPN {@code h2} or
 * {@code http/1.1}, or without ALPN by a request line's method (RFC 9110 §9: {@code GET }, {@code POST },
 * ...). The connection moves to the HTTP server's own event loop, so neither a slow scrape nor a TLS
 * client's request parsing runs on the relay's loops, and gets {@link HttpConnectionPipeline}'s handlers
 * (or, for {@code h2}, {@link Http2ConnectionPipeline}'s): the same routes and rules as the plain HTTP
 * port.
 */
public final class HttpPortProtocol implements PortProtocol {

    /** ALPN ids, the server's preference first (RFC 9113 §3.2, RFC 7301 §6). */
    public static final List<String> ALPN_IDS = List.of("h2", "http/1.1");

    /** Methods a browser or an API client opens a connection with; the space is part of the token's end. */
    private static final List<byte[]> METHODS = List.of("GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ",
            "OPTIONS ").stream().map(m -> m.getBytes(StandardCharsets.US_ASCII)).toList();

    private final HttpConnectionPipeline http;
    private final EventLoop loop;

    HttpPortProtocol(HttpConnectionPipeline http, EventLoop loop) {
        this.http = http;
        this.loop = loop;
    }

    @Override
    public String name() {
        return "https";
    }

    @Override
    public Recognition recognise(ByteBuf head) {
        int start = head.readerIndex();
        int available = head.readableBytes();
        boolean prefix = false;
        for (byte[] method : METHODS) {
            int n = Math.min(available, method.length);
            boolean matches = true;
            for (int i = 0; i < n && matches; i++) {
                matches = head.getByte(start + i) == method[i];
            }
            if (matches && n == method.length) {
                return Recognition.MINE;
            }
            prefix |= matches;
        }
        return prefix ? Recognition.NEED_MORE : Recognition.NOT_MINE;
    }

    @Override
    public List<String> alpnIds() {
        return ALPN_IDS;
    }

    @Override
    public EventLoop home(Channel channel) {
        return loop;
    }

    @Override
    public void install(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null && "h2".equals(tls.applicationProtocol())) {
            Http2ConnectionPipeline.install(channel.pipeline(), http);
        } else {
            http.install(channel.pipeline());
        }
    }
}
