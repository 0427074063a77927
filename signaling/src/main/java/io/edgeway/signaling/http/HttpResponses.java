package io.edgeway.signaling.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Builds and writes the HTTP responses of every handler on the HTTP port, so that all of them carry the
 * same headers ({@code Cache-Control: no-store}, and never a CORS header) and the same error envelope
 * ({@link JsonEnvelope}). Each builder allocates the response body from the given allocator; ownership
 * of the returned response passes to the caller, who writes it (see {@link #write}).
 */
public final class HttpResponses {

    private HttpResponses() {
    }

    public static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String type, String body) {
        return raw(status, type, ByteBufUtil.writeUtf8(alloc, body));
    }

    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, JsonNode body) {
        byte[] bytes = JsonEnvelope.bytes(body);
        ByteBuf content = alloc.buffer(bytes.length).writeBytes(bytes);
        return raw(status, "application/json", content);
    }

    /** The error envelope with {@code code}'s status. */
    public static FullHttpResponse error(ByteBufAllocator alloc, ErrorCode code, String message) {
        return json(alloc, code.status(), JsonEnvelope.error(code, message));
    }

    /** The error envelope for {@code e}, with {@code Retry-After} when it carries one. */
    public static FullHttpResponse error(ByteBufAllocator alloc, ApiException e) {
        FullHttpResponse response = error(alloc, e.code(), e.getMessage());
        if (e.retryAfterSeconds() >= 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return response;
    }

    /** A response without a body (204). */
    public static FullHttpResponse empty(ByteBufAllocator alloc, HttpResponseStatus status) {
        return raw(status, null, alloc.buffer(0));
    }

    private static FullHttpResponse raw(HttpResponseStatus status, String type, ByteBuf content) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (type != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /**
     * Sets Content-Length and the connection header, writes and flushes {@code response} (taking
     * ownership of it), and closes the connection after it unless {@code keepAlive}. Safe from any thread.
     */
    public static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
