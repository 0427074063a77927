package io.edgeway.signaling.api;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.auth.ApiKeys;
import io.edgeway.signaling.auth.RateLimiter;
import io.edgeway.signaling.chat.ChatExports;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.live.LivePolls;
import java.util.function.Supplier;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.store.AppStore;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.store.Stores;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.turncreds.TurnKeys;
import io.edgeway.signaling.webhook.WebhookSigner;
import io.edgeway.signaling.webhook.WebhookTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST control plane without its transport: routes a request, authenticates it (the organisation's
 * API key, or the route's TURN key), counts it against that key's rate limit, checks the path's account and
 * app against the server and the key ({@link #scope}), and runs the route. Every
 * failure becomes an {@link ApiException} with a stable code; anything unexpected becomes
 * {@link ErrorCode#INTERNAL_ERROR} (logged without the request body, which may carry secrets).
 *
 * <p>Thread-safe. {@link #handle} blocks on the database: {@link ControlPlaneHttpHandler} runs it on the
 * control plane's executor.
 */
public final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    private final Router router = new Router();
    private final String accountId;
    private final AppStore apps;
    private final ApiKeys apiKeys;
    private final TurnKeys turnKeys;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    /** @param accountId the one account this server serves: the {@code account_id} of Cloudflare's paths */
    public RestApi(String accountId, Stores stores, ParticipantTokens tokens, ActiveSessions sessions, ChatService chat,
            ChatExports exports, ApiKeys apiKeys, TurnKeys turnKeys, WebhookSigner signer, WebhookTargets targets,
            Supplier<LivePolls> polls, RateLimiter rateLimiter, Clock clock) {
        this.accountId = accountId;
        this.apps = stores.apps();
        this.apiKeys = apiKeys;
        this.turnKeys = turnKeys;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        new AppRoutes(stores.apps(), clock).register(router);
        new MeetingRoutes(stores.meetings(), sessions, clock).register(router);
        new ActiveSessionRoutes(stores.meetings(), stores.participants(), sessions, polls, clock).register(router);
        new ParticipantRoutes(stores.meetings(), stores.presets(), stores.participants(), tokens, sessions, clock)
                .register(router);
        new PresetRoutes(stores.presets(), clock).register(router);
        new SessionRoutes(stores.sessions(), sessions, chat, exports, clock).register(router);
        new RecordingRoutes(stores.meetings()).register(router);
        new WebhookRoutes(stores.webhooks(), stores.webhookDeliveries(), signer, targets, clock).register(router);
        new UnsupportedRoutes(stores.meetings()).register(router);
        new ApiKeyRoutes(apiKeys, stores.apps()).register(router);
        new TurnRoutes(turnKeys).register(router);
    }

    /** The route for a request; cheap (no database), so it runs on the event loop. */
    Router.Match route(String method, String path) {
        return router.match(method, path);
    }

    /** Authenticates, rate-limits and runs a matched request. Never throws: errors become responses. */
    ApiResponse handle(Router.Match match, ApiRequest request) {
        try {
            if (match.route().auth() == Router.Auth.TURN_KEY) {
                String keyId = match.params().get("key_id");
                turnKeys.authenticate(keyId, request.authorization());
                rateLimiter.acquire("turn:" + keyId, clock.nanos());
                return match.route().handler().handle(request.authenticated("turn:" + keyId, null));
            }
            if (match.route().auth() == Router.Auth.SIGNED_LINK || match.route().auth() == Router.Auth.PUBLIC) {
                return match.route().handler().handle(request);
            }
            ApiKeys.Caller caller = apiKeys.authenticate(request.authorization());
            rateLimiter.acquire(caller.keyId(), clock.nanos());
            String app = scope(match, caller);
            return match.route().handler().handle(request.authenticated(caller.keyId(), app));
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

    /**
     * Checks the path's account and app against this server and the key; returns the app an app-scoped route
     * acts on (null for account-wide routes).
     *
     * <ol>
     *   <li>{@code account_id} (Cloudflare's layout) must be this server's account, else
     *       {@link ErrorCode#ACCOUNT_NOT_FOUND};</li>
     *   <li>an account-wide route needs a key limited to no app ({@link ErrorCode#APP_NOT_PERMITTED});</li>
     *   <li>an app-scoped route acts on the path's {@code app_id}, or the default app for the {@code /v1/} short
     *       form, which must exist ({@link ErrorCode#APP_NOT_FOUND}) and be open to the key
     *       ({@link ErrorCode#APP_NOT_PERMITTED}).</li>
     * </ol>
     */
    private String scope(Router.Match match, ApiKeys.Caller caller) {
        String account = match.params().get("account_id");
        if (account != null && !account.equals(accountId)) {
            throw new ApiException(ErrorCode.ACCOUNT_NOT_FOUND, "this server serves account " + accountId
                    + " (its account-id), not " + account + "; put " + accountId + " in the path");
        }
        if (match.route().auth() == Router.Auth.ACCOUNT_KEY) {
            if (caller.appId() != null) {
                throw new ApiException(ErrorCode.APP_NOT_PERMITTED, "API key " + caller.keyId() + " is limited to app "
                        + caller.appId() + " and may not use account-wide routes");
            }
            return null;
        }
        String app = match.params().getOrDefault("app_id", App.DEFAULT_ID);
        if (apps.find(app).isEmpty()) {
            throw new ApiException(ErrorCode.APP_NOT_FOUND, "no app " + app + " in this account");
        }
        if (!caller.mayUse(app)) {
            throw new ApiException(ErrorCode.APP_NOT_PERMITTED, "API key " + caller.keyId() + " is limited to app "
                    + caller.appId() + (account == null ? "; the /v1/ short form addresses the default app: use "
                    + ApiPaths.CLOUDFLARE_BASE + "/accounts/" + accountId + "/realtime/kit/" + caller.appId() + "/..."
                    : ""));
        }
        return app;
    }

    static ApiResponse error(ApiException e) {
        return ApiResponse.error(e);
    }
}
