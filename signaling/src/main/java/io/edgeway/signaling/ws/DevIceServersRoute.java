package io.edgeway.signaling.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /v1/dev/ice-servers}: an {@code iceServers} array for {@code RTCPeerConnection} that
 * points at this process's own TURN server, with TURN REST credentials (RFC 8489 long-term credentials
 * minted from the first {@code static-auth-secret}, valid for {@value #TTL_SECONDS} s). The demo page
 * fetches it for {@code ?relay=1}. Installed only while open sessions are on: it hands TURN credentials
 * to anyone who asks, which is what a development or demo server wants and a production one must not
 * do (issue #5's control plane mints them per participant instead).
 *
 * <p>The URLs name the TURN listeners' addresses; a listener bound to every interface is named by the
 * host the request itself was sent to (its {@code Host} header), the address the browser evidently
 * reaches. Sharable.
 */
@ChannelHandler.Sharable
public final class DevIceServersRoute extends ChannelInboundHandlerAdapter implements HttpRouteHandlerFactory {

    public static final String PATH = "/v1/dev/ice-servers";
    static final long TTL_SECONDS = 3600;
    private static final String USER_ID = "edgeway-dev";

    private final Supplier<String> restSecret;
    private final List<InetSocketAddress> udp;
    private final List<InetSocketAddress> tcp;
    private final Clock clock;

    /**
     * @param restSecret the secret to mint with, read per request (a reload may change it); null if none
     * @param udp the TURN UDP listeners' addresses
     * @param tcp the TURN TCP listeners' addresses
     */
    public DevIceServersRoute(Supplier<String> restSecret, List<InetSocketAddress> udp, List<InetSocketAddress> tcp,
            Clock clock) {
        this.restSecret = Objects.requireNonNull(restSecret, "restSecret");
        this.udp = List.copyOf(udp);
        this.tcp = List.copyOf(tcp);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ChannelHandler newHandler() {
        return this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        FullHttpRequest request = HttpReplies.getFor(ctx, msg, PATH);
        if (request == null) {
            return;
        }
        String secret = restSecret.get();
        if (secret == null) {
            HttpReplies.error(ctx, request, ErrorCode.NO_REST_SECRET,
                    "no static-auth-secret is configured, so no TURN credentials can be minted");
            return;
        }
        String requestHost = requestHost(request);
        long expires = clock.epochSeconds() + TTL_SECONDS;
        String username = TurnRestCredentialStore.username(expires, USER_ID);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode servers = body.putArray("iceServers");
        ObjectNode turn = servers.addObject();
        ArrayNode urls = turn.putArray("urls");
        for (InetSocketAddress a : udp) {
            urls.add("turn:" + host(a.getAddress(), requestHost) + ":" + a.getPort() + "?transport=udp");
        }
        for (InetSocketAddress a : tcp) {
            urls.add("turn:" + host(a.getAddress(), requestHost) + ":" + a.getPort() + "?transport=tcp");
        }
        turn.put("username", username).put("credential", TurnRestCredentialStore.password(secret, username));
        body.put("expiresAt", expires);
        HttpReplies.json(ctx, request, HttpResponseStatus.OK, body);
    }

    private static String host(InetAddress bound, String requestHost) {
        if (bound.isAnyLocalAddress()) {
            return requestHost;
        }
        String literal = bound.getHostAddress();
        int scope = literal.indexOf('%');
        literal = scope < 0 ? literal : literal.substring(0, scope);
        return bound instanceof Inet6Address ? "[" + literal + "]" : literal;
    }

    /** The host part of the Host header (brackets kept for IPv6), or loopback without one. */
    private static String requestHost(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.HOST);
        if (header != null && !header.isBlank()) {
            try {
                String host = URI.create("http://" + header.strip() + "/").getHost();
                if (host != null) {
                    return host;
                }
            } catch (IllegalArgumentException e) {
                // not a host[:port]: fall back below
            }
        }
        return "127.0.0.1";
    }
}
