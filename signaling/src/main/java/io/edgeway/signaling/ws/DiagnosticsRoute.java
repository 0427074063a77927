package io.edgeway.signaling.ws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.token.TokenVerification;
import io.edgeway.signaling.turncreds.TurnEndpoints;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@code GET /diagnostics/paths}: the network paths a browser can take to this server, as the
 * diagnostics page ({@code /diagnostics}) tests them one by one from the user's own network, the checks
 * RealtimeKit's network-requirements page asks people to make by hand: UDP to the server (a STUN
 * round trip), TURN over UDP, over TCP and over TLS on each TLS port (the shared port's 443 among them).
 * Each path is an {@code iceServers} list with one URL; the page gathers candidates with it alone and
 * reports the path as working when the expected candidate ({@code srflx} for STUN, {@code relay} for
 * TURN) appears.
 *
 * <p>TURN needs credentials, and handing them to anyone would make the relay anyone's. So credentials
 * (TURN REST, minted from the configured {@code static-auth-secret}, valid {@value #TTL_SECONDS} s) are
 * included only for a request with a valid participant token ({@code Authorization: Bearer <token>}),
 * which support staff create for the user as for a meeting, or on a server with open sessions (development,
 * where {@code /v1/dev/ice-servers} hands them out anyway). Without either, the paths come without
 * credentials and the page tests only what needs none. Sharable.
 */
@ChannelHandler.Sharable
public final class DiagnosticsRoute extends ChannelInboundHandlerAdapter implements HttpRouteHandlerFactory {

    public static final String PATH = "/diagnostics/paths";
    static final long TTL_SECONDS = 120;
    private static final String USER_ID = "edgeway-diagnostics";

    private final Supplier<TurnEndpoints> endpoints;
    private final Supplier<String> secret;
    private final boolean open;
    private final ParticipantTokens tokens;
    private final Executor blocking;
    private final Clock clock;

    /**
     * @param endpoints where clients reach TURN (read per request: the shared port is bound last)
     * @param secret    the secret credentials are minted with, read per request; null when none is configured
     * @param open      open sessions are on: credentials without a token
     * @param tokens    participant tokens; null without a control plane (then only {@code open} gives credentials)
     * @param blocking  where token checks (database reads) run; the control plane's executor
     */
    public DiagnosticsRoute(Supplier<TurnEndpoints> endpoints, Supplier<String> secret, boolean open,
            ParticipantTokens tokens, Executor blocking, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.open = open;
        this.tokens = tokens;
        this.blocking = blocking;
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
        String token = bearer(request);
        if (token == null || tokens == null || blocking == null) {
            HttpReplies.json(ctx, request, HttpResponseStatus.OK, paths(open, open ? "open sessions are on"
                    : "no participant token: TURN paths need one (open /diagnostics?authToken=<token>)"));
            return;
        }
        // Verifying reads the database: off the event loop, and back onto it to answer.
        try {
            CompletableFuture.supplyAsync(() -> tokens.verify(token), blocking).whenComplete((verdict, failure) ->
                    ctx.executor().execute(() -> {
                        if (failure != null) {
                            HttpReplies.error(ctx, request, ErrorCode.INTERNAL_ERROR, "the token could not be checked");
                        } else if (verdict instanceof TokenVerification.Refused refused) {
                            HttpReplies.error(ctx, request, refused.code(), refused.message());
                        } else {
                            HttpReplies.json(ctx, request, HttpResponseStatus.OK, paths(true, "participant token"));
                        }
                    }));
        } catch (RejectedExecutionException e) {
            HttpReplies.error(ctx, request, ErrorCode.SERVER_BUSY, "too many requests at once; try again in a second");
        }
    }

    /** The paths, with credentials when {@code withCredentials} and a secret is configured. */
    ObjectNode paths(boolean withCredentials, String why) {
        TurnEndpoints at = endpoints.get();
        String key = withCredentials ? secret.get() : null;
        long expires = clock.epochSeconds() + TTL_SECONDS;
        String username = TurnRestCredentialStore.username(expires, USER_ID);
        String credential = key == null ? null : TurnRestCredentialStore.password(key, username);
        String host = at.host().indexOf(':') >= 0 ? "[" + at.host() + "]" : at.host();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("host", at.host()).put("credentials", credential != null)
                .put("why", credential != null ? why : withCredentials ? "no static-auth-secret is configured" : why);
        if (credential != null) {
            body.put("expiresAt", expires);
        }
        ArrayNode paths = body.putArray("paths");
        if (at.udpPort() > 0) {
            path(paths, "udp", "UDP to the server (STUN)", "srflx", "stun:" + host + ":" + at.udpPort(), null, null);
            path(paths, "turn-udp", "TURN over UDP, port " + at.udpPort(), "relay",
                    "turn:" + host + ":" + at.udpPort() + "?transport=udp", username, credential);
        }
        if (at.tcpPort() > 0) {
            path(paths, "turn-tcp", "TURN over TCP, port " + at.tcpPort(), "relay",
                    "turn:" + host + ":" + at.tcpPort() + "?transport=tcp", username, credential);
        }
        for (int port : at.tlsPorts()) {
            path(paths, "turn-tls-" + port, "TURN over TLS, port " + port, "relay",
                    "turns:" + host + ":" + port + "?transport=tcp", username, credential);
        }
        return body;
    }

    private static void path(ArrayNode paths, String id, String label, String expect, String url, String username,
            String credential) {
        ObjectNode path = paths.addObject().put("id", id).put("label", label).put("expect", expect);
        ObjectNode server = path.putArray("iceServers").addObject();
        server.putArray("urls").add(url);
        boolean turn = url.startsWith("turn");
        if (turn && credential != null) {
            server.put("username", username).put("credential", credential);
        }
        path.put("testable", !turn || credential != null);
    }

    private static String bearer(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        List<String> query = new QueryStringDecoder(request.uri()).parameters().get("authToken");
        return query == null || query.isEmpty() || query.get(0).isBlank() ? null : query.get(0);
    }
}
