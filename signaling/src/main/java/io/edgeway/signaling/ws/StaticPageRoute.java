package io.edgeway.signaling.ws;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves the demo page: {@code GET /} (and {@code /index.html}), its modules {@code /edgeway.js},
 * {@code /edgeway-grid.js} and {@code /edgeway-audio.js}, {@code /edgeway.css}, the browser SDK the page
 * is built on, {@code /sdk/edgeway-rtk.js}, and the network check ({@code /diagnostics},
 * {@code /diagnostics.js}; see {@link DiagnosticsRoute}), read once
 * from this class's resources ({@code io/edgeway/signaling/web/}). Only these exact paths are served,
 * looked up in a fixed table, so no request path ever reaches the file system or the class path: there
 * is nothing to traverse. Every other request is passed on.
 *
 * <p>The page may only load its own scripts and style and talk to its own origin
 * ({@code Content-Security-Policy}), is revalidated on every load (it changes with the server), and is
 * sent with {@code nosniff}. The SDK is also meant for apps on other origins, which import it as an ES
 * module: module scripts are fetched with CORS, so it alone carries {@code Access-Control-Allow-Origin: *}
 * (it is public code and sends no credentials; the REST API never gets CORS headers). Sharable: the table
 * is immutable.
 */
@ChannelHandler.Sharable
public final class StaticPageRoute extends ChannelInboundHandlerAdapter implements HttpRouteHandlerFactory {

    /** Resources of the page, under this folder of the class path. */
    static final String RESOURCE_DIR = "/io/edgeway/signaling/web/";

    private static final Map<CharSequence, String> HEADERS = Map.of(
            HttpHeaderNames.CACHE_CONTROL, "no-cache",
            HttpHeaderNames.CONTENT_SECURITY_POLICY, "default-src 'self'; connect-src 'self' ws: wss:;"
                    + " media-src 'self' blob: mediastream:; img-src 'self' data:; object-src 'none';"
                    + " base-uri 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer");

    /** Headers of the SDK: the page's, plus what a cross-origin module import needs. */
    private static final Map<CharSequence, String> SDK_HEADERS = withHeaders(HEADERS,
            HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*",
            "Cross-Origin-Resource-Policy", "cross-origin");

    private record Asset(String contentType, byte[] body, Map<CharSequence, String> headers) {
    }

    private final Map<String, Asset> assets;

    /** Reads the page's files now. @throws IllegalStateException if one is missing from the build */
    public StaticPageRoute() {
        Asset page = asset("index.html", "text/html; charset=utf-8", HEADERS);
        this.assets = Map.of(
                "/", page,
                "/index.html", page,
                "/edgeway.js", asset("edgeway.js", "text/javascript; charset=utf-8", HEADERS),
                "/edgeway-grid.js", asset("edgeway-grid.js", "text/javascript; charset=utf-8", HEADERS),
                "/edgeway-audio.js", asset("edgeway-audio.js", "text/javascript; charset=utf-8", HEADERS),
                "/edgeway.css", asset("edgeway.css", "text/css; charset=utf-8", HEADERS),
                "/sdk/edgeway-rtk.js", asset("edgeway-rtk.js", "text/javascript; charset=utf-8", SDK_HEADERS),
                "/diagnostics", asset("diagnostics.html", "text/html; charset=utf-8", HEADERS),
                "/diagnostics.js", asset("diagnostics.js", "text/javascript; charset=utf-8", HEADERS));
    }

    @Override
    public ChannelHandler newHandler() {
        return this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Asset asset = assets.get(new QueryStringDecoder(request.uri()).path());
        if (asset == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            HttpReplies.error(ctx, request, ErrorCode.METHOD_NOT_ALLOWED, "use GET");
            return;
        }
        HttpReplies.send(ctx, request, HttpResponseStatus.OK, asset.contentType(), asset.body(), asset.headers());
    }

    private static Map<CharSequence, String> withHeaders(Map<CharSequence, String> base, CharSequence name1,
            String value1, CharSequence name2, String value2) {
        Map<CharSequence, String> all = new HashMap<>(base);
        all.put(name1, value1);
        all.put(name2, value2);
        return Map.copyOf(all);
    }

    private static Asset asset(String name, String contentType, Map<CharSequence, String> headers) {
        try (InputStream in = StaticPageRoute.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return new Asset(contentType, in.readAllBytes(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
