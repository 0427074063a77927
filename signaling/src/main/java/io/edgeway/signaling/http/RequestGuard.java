package io.edgeway.signaling.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses, before any route sees it, a request that is not well-formed HTTP, with 400
 * {@code invalid_request} and a closed connection:
 * <ul>
 *   <li>one Netty's decoder marked as failed (a NUL or space before a colon in a header, a header line
 *       that is too long, a bad request line): before issue #10 such a request was executed with the
 *       headers after the bad one (an {@code Origin}, say) silently dropped;</li>
 *   <li>a request target that is not an origin-form path ({@code /...}) or whose percent-escapes do not
 *       decode ({@link RequestTarget}): before, the route's decoder threw and the connection closed with
 *       no answer.</li>
 * </ul>
 * Sharable and stateless. Ownership: a refused request is released here; one it passes on is handed over.
 */
@ChannelHandler.Sharable
final class RequestGuard extends ChannelInboundHandlerAdapter {

    static final RequestGuard INSTANCE = new RequestGuard();

    private RequestGuard() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String refusal = null;
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            refusal = "malformed HTTP request: " + (cause == null || cause.getMessage() == null
                    ? "the decoder refused it" : cause.getMessage());
        } else {
            refusal = RequestTarget.problem(request.uri());
        }
        if (refusal == null) {
            ctx.fireChannelRead(request);
            return;
        }
        ReferenceCountUtil.release(request);
        HttpResponses.write(ctx, HttpResponses.error(ctx.alloc(), ErrorCode.INVALID_REQUEST, refusal), false);
    }
}
