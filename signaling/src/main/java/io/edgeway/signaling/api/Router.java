package io.edgeway.signaling.api;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.RequestTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST routes: method plus a path template of literal and {@code {name}} segments, e.g.
 * {@code /v1/meetings/{meeting_id}/participants/{participant_id}/token}. Templates are matched segment by
 * segment; a literal segment wins over a parameter at the same place, so {@code /v1/turn/keys/{key_id}}
 * and a longer literal route never shadow each other. Built once, then read-only and thread-safe.
 */
public final class Router {

    /** Who may call a route. */
    public enum Auth {
        /** An API key (Bearer KEYID.SECRET) that may use the route's app. */
        API_KEY,
        /** An API key limited to no app: account-wide routes (apps, API keys, TURN keys). */
        ACCOUNT_KEY,
        /** The TURN key named by the route's {@code key_id}, with that key's token as Bearer. */
        TURN_KEY,
        /** No key: the route checks the signature its link carries (a chat export). */
        SIGNED_LINK,
        /** No key: public data (the key that checks webhook signatures). */
        PUBLIC
    }

    /** Handles one matched request; runs on the control plane's executor and may block on the database. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** A matched route. */
    public record Match(Route route, Map<String, String> params) {
    }

    /** One route. */
    public record Route(String method, String template, Auth auth, Handler handler, String[] segments) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Auth auth, Handler handler) {
        routes.add(new Route(method, template, auth, handler, split(template)));
        return this;
    }

    /**
     * An app-scoped route at both of its addresses ({@link ApiPaths}): {@code /v1} + {@code template} (the
     * default app) and Cloudflare's {@code .../realtime/kit/{app_id}} + {@code template}.
     *
     * @param template the path below the app, e.g. {@code /meetings/{meeting_id}}
     */
    public Router app(String method, String template, Handler handler) {
        add(method, ApiPaths.V1 + template, Auth.API_KEY, handler);
        return add(method, ApiPaths.CLOUDFLARE_APP + template, Auth.API_KEY, handler);
    }

    /** An account-scoped route at both of its addresses: {@code /v1} + and {@code .../realtime/kit} + {@code template}. */
    public Router account(String method, String template, Handler handler) {
        add(method, ApiPaths.V1 + template, Auth.ACCOUNT_KEY, handler);
        return add(method, ApiPaths.CLOUDFLARE_ACCOUNT + template, Auth.ACCOUNT_KEY, handler);
    }

    /**
     * The route for {@code method} and {@code path}.
     *
     * @throws ApiException {@link ErrorCode#NOT_FOUND} when no template matches the path,
     *     {@link ErrorCode#METHOD_NOT_ALLOWED} (naming the allowed methods) when only other methods do
     */
    public Match match(String method, String path) {
        String[] parts = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        Match best = null;
        int bestLiterals = -1;
        for (Route r : routes) {
            Map<String, String> params = matchSegments(r.segments(), parts);
            if (params == null) {
                continue;
            }
            allowed.add(r.method());
            int literals = r.segments().length - params.size();
            if (r.method().equals(method) && literals > bestLiterals) {
                best = new Match(r, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return best;
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path + "; use "
                    + String.join(" or ", allowed));
        }
        throw new ApiException(ErrorCode.NOT_FOUND, "no route " + path);
    }

    private static Map<String, String> matchSegments(String[] template, String[] parts) {
        if (template.length != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String value;
                try {
                    // Decoded once here, from the raw path: %252F is "%2F", never a slash (issue #10).
                    value = RequestTarget.decodeSegment(parts[i]);
                } catch (IllegalArgumentException e) {
                    throw new ApiException(ErrorCode.INVALID_REQUEST, "bad path segment: " + e.getMessage());
                }
                if (value.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), value);
            } else if (!t.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p.substring(1).split("/", -1) : p.split("/", -1);
    }
}
