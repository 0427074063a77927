package io.edgeway.signaling.control;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.api.ControlPlaneHttpHandler;
import io.edgeway.signaling.api.RestApi;
import io.edgeway.signaling.auth.ApiKeys;
import io.edgeway.signaling.auth.RateLimiter;
import io.edgeway.signaling.auth.Secrets;
import io.edgeway.signaling.chat.ChatRateLimiter;
import io.edgeway.signaling.chat.ChatExports;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.history.SessionHistory;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.store.Database;
import io.edgeway.signaling.store.Stores;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.token.SigningKeys;
import io.edgeway.signaling.turncreds.TurnCredentialMinter;
import io.edgeway.signaling.turncreds.TurnEndpoints;
import io.edgeway.signaling.turncreds.TurnKeys;
import io.edgeway.signaling.turncreds.TurnRevocations;
import io.edgeway.signaling.live.LivePolls;
import io.edgeway.signaling.live.SessionEventWriter;
import io.edgeway.signaling.live.SessionEvents;
import io.edgeway.signaling.webhook.WebhookDispatcher;
import io.edgeway.signaling.webhook.WebhookOutbox;
import io.edgeway.signaling.webhook.WebhookSender;
import io.edgeway.signaling.webhook.WebhookSigner;
import io.edgeway.signaling.webhook.WebhookTargets;
import io.edgeway.stun.auth.CompositeCredentialStore;
import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane assembled: database and stores, API keys and their rate limit, participant tokens,
 * live sessions, chat, the session history and the webhooks (outbox and dispatcher), TURN keys and
 * credentials, the REST handler for the HTTP port, and the threads that run its blocking work.
 *
 * <p>What the session layer (WebSocket signaling) uses: {@link #tokens()} to verify a join,
 * {@link #sessions()} to claim and release a participant's place and to be told of kicks, and
 * {@link #chat()} to check, store and replay chat.
 *
 * <p>TURN credentials: the minting secret is the first operator-configured {@code static-auth-secret}
 * when there is one (so every TURN node sharing that secret accepts them), otherwise a 256-bit secret
 * generated on first start and kept in the database (setting {@value #TURN_SECRET_SETTING}), so minted
 * credentials outlive a restart. {@link #decorateTurnCredentials} adds the database secret and the
 * revocations to the TURN server's credential store, which is how credentials minted here work against
 * Edgeway's own TURN whatever the configuration.
 *
 * <p>Thread-safe. {@link #start} and {@link #close()} block.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    static final String TURN_SECRET_SETTING = "turn_rest_secret";
    static final String ACCOUNT_ID_SETTING = "account_id";
    static final String CHAT_EXPORT_SECRET_SETTING = "chat_export_secret";
    private static final int QUEUE = 256;

    /**
     * How to start.
     *
     * @param databaseUrl       JDBC URL (see {@link Database#open})
     * @param configuredApiKeys {@code KEYID.SECRET} keys from the configuration
     * @param realm             the TURN server's REALM
     * @param accountId         the account id of Cloudflare's paths ({@code account-id}), or null or empty for
     *                          the one generated on first start (32 hex digits, as Cloudflare's are) and kept
     * @param publicUrl         {@code public-url}, or null or empty for the HTTP port's address once bound
     *                          ({@link #httpBound})
     * @param webhookTargets    {@code webhook-allowed-target}: ranges webhooks may reach despite the deny list
     */
    public record Settings(String databaseUrl, String databaseUser, String databasePassword,
            List<String> configuredApiKeys, int rateLimit, Duration rateWindow, int threads, Duration tokenTtl,
            String realm, String accountId, String publicUrl, List<String> webhookTargets) {

        /** With the account id given, no public URL and the default webhook target policy. */
        public Settings(String databaseUrl, String databaseUser, String databasePassword, List<String> configuredApiKeys,
                int rateLimit, Duration rateWindow, int threads, Duration tokenTtl, String realm, String accountId) {
            this(databaseUrl, databaseUser, databasePassword, configuredApiKeys, rateLimit, rateWindow, threads,
                    tokenTtl, realm, accountId, null, List.of());
        }

        /** Without a configured account id: the one generated on first start and kept in the database. */
        public Settings(String databaseUrl, String databaseUser, String databasePassword, List<String> configuredApiKeys,
                int rateLimit, Duration rateWindow, int threads, Duration tokenTtl, String realm) {
            this(databaseUrl, databaseUser, databasePassword, configuredApiKeys, rateLimit, rateWindow, threads,
                    tokenTtl, realm, null);
        }
    }

    private final Database database;
    private final Stores stores;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService housekeeping;
    /** Writes the session history and the webhook outbox, one change at a time, in the order they happened. */
    private final java.util.concurrent.ExecutorService historyWriter;
    private final SessionHistory history;
    private final ParticipantTokens tokens;
    private final LiveSessions sessions;
    private final ChatService chat;
    private final ApiKeys apiKeys;
    private final TurnKeys turnKeys;
    private final TurnRevocations revocations;
    private final TurnCredentialMinter minter;
    private final String databaseTurnSecret;
    private final String realm;
    private final RestApi api;
    private final Optional<ApiKeys.Created> bootstrapKey;
    private final String accountId;
    private final WebhookDispatcher webhooks;
    private volatile String publicUrl;
    private volatile LivePolls polls = LivePolls.NONE;

    private ControlPlane(Settings s, Database database, Clock clock, Supplier<TurnEndpoints> endpoints,
            String configuredTurnSecret) {
        this.database = database;
        this.stores = Stores.of(database);
        this.realm = s.realm();
        this.executor = new ThreadPoolExecutor(s.threads(), s.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), named("edgeway-api"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(named("edgeway-api-housekeeping"));
        SigningKeys keys = SigningKeys.load(stores.signingKeys(), clock,
                s.tokenTtl().compareTo(Limits.DEFAULT_TOKEN_TTL) > 0 ? s.tokenTtl() : Limits.DEFAULT_TOKEN_TTL);
        this.tokens = new ParticipantTokens(keys, stores.participants(), stores.meetings(), stores.presets(), clock,
                s.tokenTtl());
        this.sessions = new LiveSessions(clock);
        this.chat = new ChatService(stores.chat(), stores.meetings(), new ChatRateLimiter(), clock);
        this.historyWriter = Executors.newSingleThreadExecutor(named("edgeway-session-history"));
        SessionEventWriter eventWriter = new SessionEventWriter(historyWriter);
        this.history = new SessionHistory(stores.sessions(), eventWriter);
        history.recover();
        this.apiKeys = new ApiKeys(stores.apiKeys(), clock, s.configuredApiKeys());
        this.databaseTurnSecret = stores.settings().getOrCreate(TURN_SECRET_SETTING, () -> Secrets.randomToken(32));
        this.minter = new TurnCredentialMinter(configuredTurnSecret != null ? configuredTurnSecret : databaseTurnSecret);
        this.revocations = new TurnRevocations();
        this.turnKeys = new TurnKeys(stores.turnKeys(), stores.turnRevocations(), revocations, minter, endpoints, clock);
        turnKeys.loadRevocations();
        stores.apps().ensureDefault(clock.epochSeconds());
        this.accountId = s.accountId() != null && !s.accountId().isEmpty() ? s.accountId()
                : stores.settings().getOrCreate(ACCOUNT_ID_SETTING, () -> Secrets.randomHex(16));
        ChatExports exports = new ChatExports(stores.settings().getOrCreate(CHAT_EXPORT_SECRET_SETTING, ChatExports::newSecret));
        this.publicUrl = s.publicUrl() == null ? "" : s.publicUrl();
        WebhookSigner signer = WebhookSigner.load(stores.settings());
        WebhookTargets targets = new WebhookTargets(s.webhookTargets() == null ? List.of() : s.webhookTargets());
        this.webhooks = new WebhookDispatcher(stores.webhookDeliveries(), stores.webhooks(), signer, targets,
                new WebhookSender(), clock);
        // The history and the webhook outbox hear every session event in order, on one writer thread.
        sessions.events(SessionEvents.all(history, new WebhookOutbox(stores.webhooks(), stores.webhookDeliveries(),
                stores.apps(), chat, exports, () -> publicUrl, clock, eventWriter, webhooks::wake)));
        this.api = new RestApi(accountId, stores, tokens, sessions, chat, exports, apiKeys, turnKeys, signer, targets,
                () -> polls, new RateLimiter(s.rateLimit(), s.rateWindow()), clock);
        this.bootstrapKey = apiKeys.bootstrap();
        bootstrapKey.ifPresent(k -> LOG.info("no API key existed: generated API key {} (its secret is printed once on stdout)",
                k.id()));
        LOG.info("REST control plane: /v1/... (default app) and /client/v4/accounts/{}/realtime/kit/APP_ID/...",
                accountId);
        housekeeping.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
        webhooks.start(!database.isPostgres());
    }

    /**
     * Opens the database (migrating it) and builds everything.
     *
     * @param endpoints           where clients reach the TURN listeners (read per generate-ice-servers call)
     * @param configuredTurnSecret the operator's first static-auth-secret, or null when none was configured
     */
    public static ControlPlane start(Settings settings, Clock clock, Supplier<TurnEndpoints> endpoints,
            String configuredTurnSecret) {
        Database db = Database.open(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword(),
                settings.threads() + 2);
        try {
            return new ControlPlane(settings, db, clock, endpoints, configuredTurnSecret);
        } catch (RuntimeException | Error e) {
            db.close();
            throw e;
        }
    }

    /** Whether the database can be reached now: {@code /readyz} says not ready while it cannot. */
    public boolean databaseAvailable() {
        return database.health().available();
    }

    /** The REST handler for {@code HttpServer.start(..., publicHandlers)}. */
    public HttpRouteHandlerFactory httpHandlers() {
        return () -> new ControlPlaneHttpHandler(api, executor);
    }

    /**
     * The account id of Cloudflare's paths ({@code /client/v4/accounts/{account_id}/realtime/kit/...}): the
     * configured {@code account-id}, else the one generated on first start.
     */
    public String accountId() {
        return accountId;
    }

    /**
     * The HTTP port is bound at {@code base} ({@code http://host:port}): links handed out where no request names
     * the server (webhooks' chat links) start with it, unless {@code public-url} was configured.
     */
    public void httpBound(String base) {
        if (publicUrl.isEmpty()) {
            publicUrl = base;
        }
    }

    /** Where the REST API creates polls: the session layer, once it runs (until then, and without media, none). */
    public void polls(LivePolls livePolls) {
        this.polls = livePolls;
    }

    /** The API key generated on this first start, to be shown to the operator once; empty otherwise. */
    public Optional<ApiKeys.Created> bootstrapKey() {
        return bootstrapKey;
    }

    /**
     * The TURN server's credential store built from the configuration ({@code base}), plus the control
     * plane's REST secret, behind the revocation check. Call at start and on every reload.
     *
     * @param configuredTurnSecret the operator's first static-auth-secret now, or null; new credentials are
     *     minted with it (or with the database secret when null)
     */
    public CredentialStore decorateTurnCredentials(CredentialStore base, String configuredTurnSecret) {
        minter.secret(configuredTurnSecret != null ? configuredTurnSecret : databaseTurnSecret);
        CredentialStore withOurs = new CompositeCredentialStore(List.of(base,
                new TurnRestCredentialStore(List.of(databaseTurnSecret), realm, ':')));
        return revocations.wrap(withOurs);
    }

    /**
     * The bounded pool that runs the control plane's blocking work (REST requests, and the session layer's
     * token checks and chat storage). Full means {@code RejectedExecutionException}: answer server_busy.
     */
    public java.util.concurrent.Executor executor() {
        return executor;
    }

    public ParticipantTokens tokens() {
        return tokens;
    }

    public LiveSessions sessions() {
        return sessions;
    }

    public ChatService chat() {
        return chat;
    }

    public Stores stores() {
        return stores;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public TurnKeys turnKeys() {
        return turnKeys;
    }

    /** Ends sessions past their keep-alive time or the longest duration; runs every second. */
    private void sweep() {
        try {
            sessions.endIdleSessions();
            int ended = sessions.endSessionsOverDuration();
            if (ended > 0) {
                LOG.info("ended {} session(s) that reached the {} h limit", ended, Limits.MAX_MEETING_DURATION.toHours());
            }
        } catch (RuntimeException e) {
            LOG.warn("control plane sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        webhooks.close();
        housekeeping.shutdown();
        executor.shutdown();
        historyWriter.shutdown();
        try {
            historyWriter.awaitTermination(5, TimeUnit.SECONDS);
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
