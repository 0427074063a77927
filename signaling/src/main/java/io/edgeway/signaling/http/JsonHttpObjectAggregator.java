package io.edgeway.signaling.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator, with a request over the size limit answered in the port's JSON error envelope (413
 * {@code request_too_large}) instead of Netty's bare text, then the connection closed: what remains of an
 * oversized body is not read.
 */
final class JsonHttpObjectAggregator extends HttpObjectAggregator {

    private final int maxContentLength;

    JsonHttpObjectAggregator(int maxContentLength) {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized)
            throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // The aggregator releases the oversized message itself after this returns.
        HttpResponses.write(ctx, HttpResponses.json(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                JsonEnvelope.error(ErrorCode.REQUEST_TOO_LARGE, "the request is larger than " + maxContentLength
                        + " bytes, the most this port accepts")), false);
    }
}
