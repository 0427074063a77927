package io.edgeway.signaling.api;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The REST control plane on the public HTTP port: answers every request whose path is the API's
 * ({@code /v1/...} and Cloudflare's {@code /client/v4/accounts/...}, {@link ApiPaths}) and passes every other
 * one on, untouched, with {@code ctx.fireChannelRead}.
 *
 * <p>The HTTP port has a single event loop, so nothing here blocks it. Per request, on the event loop:
 * an {@code Origin} header is refused at once ({@link ErrorCode#BROWSER_REQUEST_REFUSED}: REST calls carry
 * the organisation's key and belong on the app's server; no CORS header is ever sent, so browsers cannot
 * read any answer either), the route is matched, and the request is copied and released. The rest
 * (authentication, rate limit, database work) runs on the bounded executor; the response is written back
 * with {@code ctx.writeAndFlush}. When the executor's queue is full the answer is 503
 * {@link ErrorCode#SERVER_BUSY} with {@code Retry-After: 1}.
 *
 * <p>One request per connection is in flight at a time: reading pauses (autoRead off) until its response
 * is written, and pipelined requests already decoded wait in order, so responses never overtake each
 * other. Not sharable: one instance per connection; its state is touched only on the event loop.
 * Ownership: a request this handler answers is released here; one it passes on is handed over.
 */
public final class ControlPlaneHttpHandler extends ChannelInboundHandlerAdapter {

    /** The retry hint generated API clients (Cloudflare's SDK among them) obey. */
    static final String SHOULD_RETRY = "x-should-retry";

    private final RestApi api;
    private final Executor executor;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    public ControlPlaneHttpHandler(RestApi api, Executor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        if (busy) {
            waiting.addLast(request);
            return;
        }
        dispatch(ctx, request);
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        // Raw: the router decodes each path segment once (RequestGuard has checked the escapes).
        String path = uri.rawPath();
        if (!ApiPaths.isApi(path)) {
            ctx.fireChannelRead(request);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ApiRequest copy;
        Router.Match match;
        try {
            if (request.headers().contains(HttpHeaderNames.ORIGIN)) {
                throw new ApiException(ErrorCode.BROWSER_REQUEST_REFUSED, "REST calls carry your API key and must be"
                        + " made from your server, never from a browser (this request has an Origin header);"
                        + " have your server create participants and hand their tokens to the browser");
            }
            match = api.route(request.method().name(), path);
            copy = new ApiRequest(request.method().name(), path, Map.copyOf(match.params()), uri.parameters(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()), null, null,
                    origin(ctx, request));
        } catch (ApiException e) {
            ReferenceCountUtil.release(request);
            respond(ctx, ApiResponse.error(e), keepAlive, false);
            return;
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(request);
            throw e;
        }
        ReferenceCountUtil.release(request);
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> {
                ApiResponse response = api.handle(match, copy);
                ctx.executor().execute(() -> respond(ctx, response, keepAlive, true));
            });
        } catch (RejectedExecutionException e) {
            respond(ctx, ApiResponse.error(new ApiException(ErrorCode.SERVER_BUSY,
                    "the control plane is busy; retry shortly", 1)), keepAlive, true);
        }
    }

    /** On the event loop: writes the response, then takes the next waiting request. */
    private void respond(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean wasBusy) {
        FullHttpResponse http = response.file() != null
                ? HttpResponses.text(ctx.alloc(), response.status(), response.fileType(), response.file())
                : response.body() == null
                ? HttpResponses.empty(ctx.alloc(), response.status())
                : HttpResponses.json(ctx.alloc(), response.status(), response.body());
        if (response.retryAfterSeconds() >= 0) {
            http.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(response.retryAfterSeconds()));
        } else if (response.status().code() >= 400) {
            // The same request gets the same answer: SDK clients that retry 409 and 5xx (Cloudflare's does) read
            // this header and stop, instead of repeating a refusal with backoff.
            http.headers().set(SHOULD_RETRY, "false");
        }
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(http);
        } else {
            HttpResponses.write(ctx, http, keepAlive);
        }
        if (wasBusy) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
        }
        while (!busy && !waiting.isEmpty()) {
            dispatch(ctx, waiting.pollFirst());
        }
    }

    /** {@code scheme://host[:port]} the client addressed (for links the API hands out), or null without a Host. */
    private static String origin(ChannelHandlerContext ctx, FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            return null;
        }
        boolean tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        return (tls ? "https://" : "http://") + host;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        FullHttpRequest r;
        while ((r = waiting.pollFirst()) != null) {
            ReferenceCountUtil.release(r);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        FullHttpRequest r;
        while ((r = waiting.pollFirst()) != null) {
            ReferenceCountUtil.release(r);
        }
    }
}
