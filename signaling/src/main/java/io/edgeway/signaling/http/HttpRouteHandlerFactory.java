package io.edgeway.signaling.http;

import io.netty.channel.ChannelHandler;

/**
 * Makes the handler one part of the public HTTP port puts in each connection's pipeline, after the
 * HTTP codec and aggregator and before the operations endpoints.
 *
 * <p>The handler receives each {@code FullHttpRequest} in turn: it answers the requests whose path it
 * owns (releasing them) and passes every other one on with {@code ctx.fireChannelRead(request)}
 * untouched, so the last handler (the operations endpoints) answers 404 for what nobody claimed. A
 * handler that takes the connection over (a WebSocket upgrade) may rearrange the pipeline.
 */
@FunctionalInterface
public interface HttpRouteHandlerFactory {

    /** A handler for one new connection; called on that connection's event loop. */
    ChannelHandler newHandler();
}
