package io.edgeway.signaling.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one HTTP connection's pipeline holds, whatever listener accepted it: the HTTP/1.1 codec, the
 * aggregator, the public route handlers in order, then the operations endpoints. Every listener that
 * speaks HTTP (the plain HTTP port, the admin port, and any listener that recognises HTTP on a shared
 * port after TLS or sniffing) installs it through here, so the request rules are the same on each.
 */
public final class HttpConnectionPipeline {

    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int READ_TIMEOUT_SECONDS = 30;

    private final OpsEndpoints endpoints;
    private final boolean admin;
    private final List<HttpRouteHandlerFactory> publicHandlers;

    /**
     * @param admin true for the loopback admin port (operations endpoints with admin routes, no public handlers)
     * @param publicHandlers the rest of the public HTTP port (control plane, WebSocket, static files), in the
     *     order they see each request, all before the operations endpoints
     */
    public HttpConnectionPipeline(OpsEndpoints endpoints, boolean admin, List<HttpRouteHandlerFactory> publicHandlers) {
        this.endpoints = endpoints;
        this.admin = admin;
        this.publicHandlers = List.copyOf(publicHandlers);
    }

    /** Appends the HTTP handlers to {@code pipeline}; called on the connection's event loop. */
    public void install(ChannelPipeline pipeline) {
        pipeline.addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast(new HttpServerCodec());
        installRequestHandlers(pipeline);
    }

    /**
     * The hook for HTTP/2: appends what follows the codec to one HTTP/2 stream's pipeline, whose frames a
     * converter before it turns into the same HTTP/1.1 objects ({@link Http2ConnectionPipeline}). The
     * connection's read timeout sits on the parent connection.
     */
    public void installStream(ChannelPipeline pipeline) {
        installRequestHandlers(pipeline);
    }

    private void installRequestHandlers(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpServerExpectContinueHandler());
        pipeline.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
        for (HttpRouteHandlerFactory factory : publicHandlers) {
            pipeline.addLast(factory.newHandler());
        }
        pipeline.addLast(new OpsHttpHandler(endpoints, admin));
    }
}
