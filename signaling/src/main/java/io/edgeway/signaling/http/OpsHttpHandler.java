package io.edgeway.signaling.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
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
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations routes: {@code GET /metrics}, {@code GET /healthz}, {@code GET /readyz}, and on the
 * admin listener only {@code POST /admin/drain} and {@code POST /admin/reload}. Anything else gets a JSON
 * error body with a stable code ({@code {"success":false,"errors":[{"code":...,"message":...}]}}), the
 * envelope the control plane's REST API uses too.
 */
final class OpsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpHandler.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final OpsEndpoints endpoints;
    private final boolean admin;

    OpsHttpHandler(OpsEndpoints endpoints, boolean admin) {
        this.endpoints = endpoints;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        FullHttpResponse response;
        try {
            response = route(ctx, path, method);
        } catch (Exception e) {
            LOG.warn("{} {} failed: {}", method, path, e.toString());
            response = error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", e.getMessage());
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, String path, HttpMethod method) throws Exception {
        switch (path) {
            case "/metrics":
                return get(ctx, method, () -> text(ctx, HttpResponseStatus.OK, PROMETHEUS_TEXT, endpoints.scrape()));
            case "/healthz":
                return get(ctx, method, () -> text(ctx, HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok\n"));
            case "/readyz":
                return get(ctx, method, () -> endpoints.ready()
                        ? text(ctx, HttpResponseStatus.OK, "text/plain; charset=utf-8", "ready\n")
                        : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", "not ready\n"));
            case "/admin/drain":
            case "/admin/reload":
                if (!admin) {
                    return error(ctx, HttpResponseStatus.NOT_FOUND, "not_found",
                            "admin routes are served only on the admin port (admin-port)");
                }
                if (!HttpMethod.POST.equals(method)) {
                    return error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use POST");
                }
                String summary = path.equals("/admin/drain") ? endpoints.drain() : endpoints.reload();
                return json(ctx, HttpResponseStatus.OK, "{\"success\":true,\"data\":{\"message\":" + quote(summary) + "}}");
            default:
                return error(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "no route " + path);
        }
    }

    private interface Responder {
        FullHttpResponse respond() throws Exception;
    }

    private FullHttpResponse get(ChannelHandlerContext ctx, HttpMethod method, Responder responder) throws Exception {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use GET");
        }
        return responder.respond();
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private static FullHttpResponse json(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        return text(ctx, status, "application/json", body);
    }

    static FullHttpResponse error(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        return json(ctx, status, "{\"success\":false,\"errors\":[{\"code\":" + quote(code) + ",\"message\":"
                + quote(message == null ? status.reasonPhrase() : message) + "}]}");
    }

    /** JSON string literal; the inputs are our own messages, but escape them properly anyway. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

}
