package io.edgeway.signaling.api;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.auth.ApiKeys;
import io.edgeway.signaling.auth.RateLimiter;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.store.Stores;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.turncreds.TurnKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST control plane without its transport: routes a request, authenticates it (the organisation's
 * API key, or the route's TURN key), counts it against that key's rate limit, and runs the route. Every
 * failure becomes an {@link ApiException} with a stable code; anything unexpected becomes
 * {@link ErrorCode#INTERNAL_ERROR} (logged without the request body, which may carry secrets).
 *
 * <p>Thread-safe. {@link #handle} blocks on the database: {@link ControlPlaneHttpHandler} runs it on the
 * control plane's executor.
 */
public final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    private final Router router = new Router();
    private final ApiKeys apiKeys;
    private final TurnKeys turnKeys;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public RestApi(Stores stores, ParticipantTokens tokens, ActiveSessions sessions, ApiKeys apiKeys, TurnKeys turnKeys,
            RateLimiter rateLimiter, Clock clock) {
        this.apiKeys = apiKeys;
        this.turnKeys = turnKeys;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        new MeetingRoutes(stores.meetings(), sessions, clock).register(router);
        new ParticipantRoutes(stores.meetings(), stores.presets(), stores.participants(), tokens, sessions, clock)
                .register(router);
        new PresetRoutes(stores.presets(), clock).register(router);
        new ApiKeyRoutes(apiKeys).register(router);
        new TurnRoutes(turnKeys).register(router);
    }

    /** The route for a request; cheap (no database), so it runs on the event loop. */
    Router.Match route(String method, String path) {
        return router.match(method, path);
    }

    /** Authenticates, rate-limits and runs a matched request. Never throws: errors become responses. */
    ApiResponse handle(Router.Match match, ApiRequest request) {
        try {
            String credential;
            if (match.route().auth() == Router.Auth.TURN_KEY) {
                String keyId = match.params().get("key_id");
                turnKeys.authenticate(keyId, request.authorization());
                credential = "turn:" + keyId;
            } else {
                credential = apiKeys.authenticate(request.authorization());
            }
            rateLimiter.acquire(credential, clock.nanos());
            return match.route().handler().handle(request.withCredential(credential));
        } catch (ApiException e) {
            return error(e);
        } catch (StoreException e) {
            if (e.isUnavailable()) {
                // DatabaseHealth logged the outage once; a line per request would bury everything else.
                return error(databaseUnavailable());
            }
            LOG.warn("{} {} failed", request.method(), request.path(), e);
            return error(new ApiException(ErrorCode.INTERNAL_ERROR, "internal error; see the server log"));
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.method(), request.path(), e);
            return error(new ApiException(ErrorCode.INTERNAL_ERROR, "internal error; see the server log"));
        }
    }

    /** Seconds a client is told to wait while the database is unavailable. */
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    /** The answer while the database cannot be reached: 503 with Retry-After. */
    public static ApiException databaseUnavailable() {
        return new ApiException(ErrorCode.DATABASE_UNAVAILABLE, "the control plane's database is unavailable;"
                + " retry in a few seconds", DATABASE_RETRY_AFTER_SECONDS);
    }

    static ApiResponse error(ApiException e) {
        return ApiResponse.error(e);
    }
}
