package io.edgeway.signaling.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers for the route handlers of this package, in the envelope the rest of the HTTP port uses
 * ({@code {"success":false,"errors":[{"code":...,"message":...}]}}), with keep-alive handled as the
 * operations endpoints do. Each method takes ownership of the request and releases it. Stateless.
 */
final class HttpReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {
    }

    /**
     * The request, when {@code msg} is a GET for exactly {@code path}; otherwise null, having passed
     * {@code msg} on (another path) or answered 405 (another method). The caller owns a returned request.
     */
    static FullHttpRequest getFor(ChannelHandlerContext ctx, Object msg, String path) {
        if (!(msg instanceof FullHttpRequest request) || !path.equals(new QueryStringDecoder(request.uri()).path())) {
            ctx.fireChannelRead(msg);
            return null;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            error(ctx, request, ErrorCode.METHOD_NOT_ALLOWED, "use GET");
            return null;
        }
        return request;
    }

    /** Sends {@code body} with {@code status}; a HEAD request gets the headers only. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String contentType,
            byte[] body) {
        send(ctx, request, status, contentType, body, Map.of(HttpHeaderNames.CACHE_CONTROL, "no-store"));
    }

    /** As {@link #send(ChannelHandlerContext, FullHttpRequest, HttpResponseStatus, String, byte[])} with headers. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String contentType,
            byte[] body, Map<CharSequence, String> headers) {
        try {
            boolean head = HttpMethod.HEAD.equals(request.method());
            ByteBuf content = head ? ctx.alloc().buffer(0) : ctx.alloc().buffer(body.length).writeBytes(body);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().set("X-Content-Type-Options", "nosniff");
            headers.forEach(response.headers()::set);
            HttpUtil.setContentLength(response, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    /** A JSON body, never cached. */
    static void json(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, ObjectNode body) {
        try {
            send(ctx, request, status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            ReferenceCountUtil.release(request);
            throw new IllegalStateException(e);
        }
    }

    /** The error envelope with a stable code, answered with the code's status. */
    static void error(ChannelHandlerContext ctx, FullHttpRequest request, ErrorCode code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("success", false);
        body.putArray("errors").addObject().put("code", code.code()).put("message", message);
        json(ctx, request, code.status(), body);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
