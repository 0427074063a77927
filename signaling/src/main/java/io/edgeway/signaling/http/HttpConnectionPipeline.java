package io.edgeway.signaling.http;

import io.netty.channel.ChannelPipeline;
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
    /** How long a client has to send a whole request, from the connection's start or the last response. */
    static final long REQUEST_DEADLINE_MILLIS = 10_000;
    /**
     * Open connections one source address may have unless configured ({@code http-connections-per-source}):
     * room for a large office behind one NAT (each person in a meeting holds one WebSocket), far below what
     * exhausts file descriptors.
     */
    public static final int DEFAULT_CONNECTIONS_PER_SOURCE = 128;
    /** Open connections per listener; the systemd unit's LimitNOFILE leaves room for these and the relay. */
    static final int MAX_CONNECTIONS = 4096;

    private final OpsEndpoints endpoints;
    private final boolean admin;
    private final List<HttpRouteHandlerFactory> publicHandlers;
    private final ConnectionCap connectionCap;
    private final FailedAuthenticationLimit failedAuthentications = new FailedAuthenticationLimit();

    /**
     * @param admin true for the loopback admin port (operations endpoints with admin routes, no public handlers)
     * @param publicHandlers the rest of the public HTTP port (control plane, WebSocket, static files), in the
     *     order they see each request, all before the operations endpoints
     * @param connectionsPerSource open connections one client address may hold
     */
    public HttpConnectionPipeline(OpsEndpoints endpoints, boolean admin, List<HttpRouteHandlerFactory> publicHandlers,
            int connectionsPerSource) {
        this.endpoints = endpoints;
        this.admin = admin;
        this.publicHandlers = List.copyOf(publicHandlers);
        this.connectionCap = new ConnectionCap(connectionsPerSource, MAX_CONNECTIONS);
    }

    /**
     * Appends the HTTP handlers to {@code pipeline}; called on the connection's event loop. In order: the
     * connection caps (before any decoding), the idle read timeout, the codec, the aggregator (413 in the
     * JSON envelope), the whole-request deadline, the well-formedness guard (400 before any route), the
     * failed-authentication limit (429 before any route), then the routes.
     */
    public void install(ChannelPipeline pipeline) {
        installConnectionCap(pipeline);
        pipeline.addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast(new HttpServerCodec());
        installRequestHandlers(pipeline);
    }

    /** The per-source and per-listener connection caps, first on an HTTP/1.1 or HTTP/2 connection. */
    void installConnectionCap(ChannelPipeline pipeline) {
        pipeline.addLast(connectionCap);
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
        pipeline.addLast(new JsonHttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast(new RequestDeadline(REQUEST_DEADLINE_MILLIS));
        pipeline.addLast(RequestGuard.INSTANCE);
        pipeline.addLast(failedAuthentications);
        for (HttpRouteHandlerFactory factory : publicHandlers) {
            pipeline.addLast(factory.newHandler());
        }
        pipeline.addLast(new OpsHttpHandler(endpoints, admin));
    }
}
