package io.edgeway.signaling.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.proxy.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations routes: {@code GET /metrics}, {@code GET /healthz}, {@code GET /readyz}, and on the
 * admin listener only {@code POST /admin/drain} and {@code POST /admin/reload}. Anything else gets the
 * JSON error envelope ({@link JsonEnvelope}) with a stable {@link ErrorCode}, as the control plane's REST
 * API does. It is the last handler of the pipeline, so its 404 answers every path nobody claimed.
 */
final class OpsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpHandler.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN = "text/plain; charset=utf-8";

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
            response = HttpResponses.error(ctx.alloc(), ErrorCode.INTERNAL_ERROR, e.getMessage());
        }
        HttpResponses.write(ctx, response, HttpUtil.isKeepAlive(request));
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, String path, HttpMethod method) throws Exception {
        switch (path) {
            case "/metrics":
                return get(ctx, method, () -> HttpResponses.text(ctx.alloc(), HttpResponseStatus.OK, PROMETHEUS_TEXT,
                        endpoints.scrape()));
            case "/healthz":
                return get(ctx, method, () -> HttpResponses.text(ctx.alloc(), HttpResponseStatus.OK, PLAIN, "ok\n"));
            case "/readyz":
                return get(ctx, method, () -> endpoints.ready()
                        ? HttpResponses.text(ctx.alloc(), HttpResponseStatus.OK, PLAIN, "ready\n")
                        : HttpResponses.text(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN, "not ready\n"));
            case "/admin/drain":
            case "/admin/reload":
                if (!admin) {
                    return HttpResponses.error(ctx.alloc(), ErrorCode.NOT_FOUND,
                            "admin routes are served only on the admin port (admin-port)");
                }
                if (!HttpMethod.POST.equals(method)) {
                    return HttpResponses.error(ctx.alloc(), ErrorCode.METHOD_NOT_ALLOWED, "use POST");
                }
                String summary = path.equals("/admin/drain") ? endpoints.drain() : endpoints.reload();
                ObjectNode data = JsonEnvelope.JSON.createObjectNode().put("message", summary);
                return HttpResponses.json(ctx.alloc(), HttpResponseStatus.OK, JsonEnvelope.success(data));
            default:
                return HttpResponses.error(ctx.alloc(), ErrorCode.NOT_FOUND, "no route " + path);
        }
    }

    private interface Responder {
        FullHttpResponse respond() throws Exception;
    }

    private FullHttpResponse get(ChannelHandlerContext ctx, HttpMethod method, Responder responder) throws Exception {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return HttpResponses.error(ctx.alloc(), ErrorCode.METHOD_NOT_ALLOWED, "use GET");
        }
        return responder.respond();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }

}
