package io.edgeway.signaling.app;

import io.edgeway.core.metrics.EventLoopMetrics;
import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.http.HttpServer;
import io.edgeway.signaling.store.Database;
import io.edgeway.signaling.store.PrivateDataDirectory;
import io.edgeway.signaling.ws.DiagnosticsRoute;
import io.edgeway.signaling.turncreds.TurnEndpoints;
import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.ReloadableCredentialStore;
import io.edgeway.signaling.http.OpsEndpoints;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.metrics.TurnMetrics;
import io.edgeway.turn.netty.TurnServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running process: TURN server, the SFU ({@link MediaRelay}: media port, ICE-TCP, signaling
 * WebSocket, demo page), the control plane (REST API, database, tokens), HTTP listeners and meters,
 * with the operations that act on all of them. Readiness is "started and not draining". A drain refuses
 * new allocations and new joins at once and lets existing flows and meetings run until none is left or
 * the deadline passes; {@link #awaitDrained()} returns then. Thread-safe: signals, HTTP admin calls and
 * the shutdown hook may call in concurrently.
 */
public final class EdgewayProcess implements OpsEndpoints, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgewayProcess.class);
    private static final long DRAIN_POLL_MILLIS = 200;

    private final TurnServer turn;
    private final MediaRelay media;
    private final PrometheusMeterRegistry registry;
    private final EventLoopMetrics loopMetrics;
    private final ConfigReloader reloader;
    private final Duration drainDeadline;
    private final Runnable exitAfterAdminDrain;
    private volatile HttpServer http;
    private volatile SharedPorts shared;
    private volatile ControlPlane controlPlane;
    private volatile boolean started;
    private volatile long drainDeadlineNanos;
    private boolean closed;

    private EdgewayProcess(TurnServer turn, MediaRelay media, PrometheusMeterRegistry registry,
            EventLoopMetrics loopMetrics, ConfigReloader reloader, Duration drainDeadline, Runnable exitAfterAdminDrain) {
        this.turn = turn;
        this.media = media;
        this.registry = registry;
        this.loopMetrics = loopMetrics;
        this.reloader = reloader;
        this.drainDeadline = drainDeadline;
        this.exitAfterAdminDrain = exitAfterAdminDrain;
    }

    /**
     * Starts everything the configuration enables.
     *
     * @param exitAfterAdminDrain what to do once a drain asked for over the admin port has finished
     *                            (the real process exits; tests record it)
     */
    public static EdgewayProcess start(EdgewayConfig config, ConfigReloader reloader, Runnable exitAfterAdminDrain)
            throws Exception {
        TurnServerConfig turnConfig = config.toTurnServerConfig();
        // One certificate for every TLS listener: TURN's, HTTPS and the shared port (each with its ALPN list).
        boolean anyTls = turnConfig.tlsEnabled() || config.get(ConfigKeys.HTTPS_PORT) >= 0
                || config.get(ConfigKeys.SHARED_PORT) >= 0;
        ReloadableSslContext tls = anyTls ? TurnServer.tlsContext(turnConfig) : null;
        TurnServer turn = TurnServer.start(turnConfig, Clock.SYSTEM, turnConfig.tlsEnabled() ? tls : null);
        if (tls != null) {
            reloader.tls(tls);
        }
        EdgewayProcess process = null;
        MediaRelay media = null;
        ControlPlane controlPlane = null;
        // Filled once the shared port is bound; generate-ice-servers reads it per request.
        List<Integer> sharedTlsPorts = new CopyOnWriteArrayList<>();
        try {
            // The control plane first: the SFU's signaling checks participant tokens with it.
            if (config.get(ConfigKeys.HTTP_PORT) >= 0 && config.get(ConfigKeys.CONTROL_PLANE)) {
                controlPlane = startControlPlane(config, reloader, turn, sharedTlsPorts);
            }
            media = MediaRelay.start(config, turn, Clock.SYSTEM, () -> firstRestSecret(reloader.current()),
                    controlPlane);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            TurnMetrics.bind(turn, registry);
            if (media != null) {
                MediaMetrics.bind(media, registry);
            }
            EventLoopMetrics loopMetrics = EventLoopMetrics.bind(turn.eventLoops(), registry);
            process = new EdgewayProcess(turn, media, registry, loopMetrics, reloader,
                    config.get(ConfigKeys.DRAIN_DEADLINE), exitAfterAdminDrain);
            process.controlPlane = controlPlane;
            Gauge.builder("edgeway.ready", process, p -> p.ready() ? 1 : 0)
                    .description("1 while new allocations and joins are accepted").register(registry);
            // The SFU's routes first: its development endpoint lives under /v1/dev/, which the control plane's
            // handler, owning the rest of /v1/, would otherwise answer 404.
            List<HttpRouteHandlerFactory> publicHandlers = new ArrayList<>();
            if (media != null) {
                publicHandlers.addAll(media.routes());
            }
            publicHandlers.add(new DiagnosticsRoute(() -> turnEndpoints(config, turn, sharedTlsPorts),
                    () -> firstRestSecret(reloader.current()), config.get(ConfigKeys.OPEN_SESSIONS),
                    controlPlane == null ? null : controlPlane.tokens(),
                    controlPlane == null ? null : controlPlane.executor(), Clock.SYSTEM));
            if (controlPlane != null) {
                publicHandlers.add(controlPlane.httpHandlers());
            }
            process.http = HttpServer.start(config.httpListeningIps(), config.get(ConfigKeys.HTTP_PORT),
                    config.get(ConfigKeys.ADMIN_PORT), process, publicHandlers, new HttpServer.Options(
                            turn.transportKind(), config.get(ConfigKeys.HTTPS_PORT), tls, turn.proxyProtocol(),
                            config.get(ConfigKeys.HTTP_CONNECTIONS_PER_SOURCE)));
            if (controlPlane != null && !process.http.httpAddresses().isEmpty()) {
                controlPlane.httpBound(httpBase(process.http.httpAddresses().get(0)));
            }
            process.shared = SharedPorts.start(config, turn, media, process.http, tls);
            EdgeListenerMetrics.bind("shared", process.shared.listeners(), registry);
            EdgeListenerMetrics.bind("https", process.http.httpsListeners(), registry);
            EdgeListenerMetrics.bind(turn.proxyProtocol(), registry);
            if (process.shared.port() >= 0 && turnConfig.tlsEnabled()) {
                sharedTlsPorts.add(process.shared.port());
            }
            process.started = true;
            return process;
        } catch (Exception | Error e) {
            if (process != null) {
                process.close();
            } else {
                if (media != null) {
                    media.close();
                }
                if (controlPlane != null) {
                    controlPlane.close();
                }
                turn.close();
            }
            throw e;
        }
    }

    /** {@code http://host:port} of a bound HTTP address (a wildcard is named as loopback: this host). */
    static String httpBase(java.net.InetSocketAddress a) {
        java.net.InetAddress ip = a.getAddress();
        String host = ip.isAnyLocalAddress() ? (ip instanceof java.net.Inet6Address ? "[::1]" : "127.0.0.1")
                : ip instanceof java.net.Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return "http://" + host + ":" + a.getPort();
    }

    /**
     * Opens the control plane's database and puts its TURN credentials (and revocations) into the TURN
     * server's credential store, now and after every reload.
     */
    private static ControlPlane startControlPlane(EdgewayConfig config, ConfigReloader reloader, TurnServer turn,
            List<Integer> sharedTlsPorts) throws java.io.IOException {
        String url = config.get(ConfigKeys.DATABASE_URL);
        java.nio.file.Path embedded = null;
        if (url.isEmpty()) {
            embedded = config.get(ConfigKeys.DATA_DIR);
            PrivateDataDirectory.prepare(embedded);
            url = Database.h2Url(embedded);
        }
        ControlPlane.Settings settings = new ControlPlane.Settings(url, config.get(ConfigKeys.DATABASE_USER),
                config.get(ConfigKeys.DATABASE_PASSWORD), config.get(ConfigKeys.API_KEY),
                config.get(ConfigKeys.API_RATE_LIMIT), config.get(ConfigKeys.API_RATE_WINDOW),
                config.get(ConfigKeys.API_THREADS), config.get(ConfigKeys.PARTICIPANT_TOKEN_TTL),
                turn.context().config().realm(), config.get(ConfigKeys.ACCOUNT_ID), config.get(ConfigKeys.PUBLIC_URL),
                config.get(ConfigKeys.WEBHOOK_ALLOWED_TARGET));
        ControlPlane plane = ControlPlane.start(settings, Clock.SYSTEM, () -> turnEndpoints(config, turn, sharedTlsPorts),
                configuredTurnSecret(config));
        try {
            if (embedded != null) {
                try {
                    PrivateDataDirectory.restrictFiles(embedded);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot make the files of data-dir private", e);
                }
            }
            ConfigReloader.CredentialDecorator decorator =
                    (next, base) -> plane.decorateTurnCredentials(base, configuredTurnSecret(next));
            CredentialStore live = turn.context().credentials();
            if (live instanceof ReloadableCredentialStore) {
                ReloadableCredentialStore reloadable = (ReloadableCredentialStore) live;
                reloadable.replace(decorator.decorate(config, reloadable.current()));
            } else {
                turn.context().credentials(new ReloadableCredentialStore(decorator.decorate(config, live)));
            }
            reloader.credentialDecorator(decorator);
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** The operator's first static-auth-secret, or null when none was configured (generated ones do not count). */
    static String configuredTurnSecret(EdgewayConfig config) {
        List<String> secrets = config.get(ConfigKeys.STATIC_AUTH_SECRET);
        return config.generatedCredentials().isPresent() || secrets.isEmpty() ? null : secrets.get(0);
    }

    /**
     * Where browsers reach the TURN listeners: public-host, else the first external-ip, else the first
     * specific listening-ip, else the first relay address; the ports are the bound ones, the shared port
     * ({@code sharedTlsPorts}, when it carries TURN over TLS) among the TLS ports.
     */
    static TurnEndpoints turnEndpoints(EdgewayConfig config, TurnServer turn, List<Integer> sharedTlsPorts) {
        String host = config.get(ConfigKeys.PUBLIC_HOST).trim();
        if (host.isEmpty()) {
            List<ExternalIp> external = config.get(ConfigKeys.EXTERNAL_IP);
            InetAddress address = null;
            if (!external.isEmpty()) {
                address = external.get(0).publicAddress();
            } else {
                for (InetAddress ip : config.get(ConfigKeys.LISTENING_IP)) {
                    if (!ip.isAnyLocalAddress()) {
                        address = ip;
                        break;
                    }
                }
            }
            if (address == null) {
                List<InetAddress> relays = turn.context().advertisedRelayAddresses();
                address = relays.isEmpty() ? InetAddress.getLoopbackAddress() : relays.get(0);
            }
            host = IpLiterals.format(address);
        }
        List<Integer> tls = new java.util.ArrayList<>();
        for (InetSocketAddress a : turn.tlsAddresses()) {
            if (!tls.contains(a.getPort())) {
                tls.add(a.getPort());
            }
        }
        for (int port : sharedTlsPorts) {
            if (!tls.contains(port)) {
                tls.add(port);
            }
        }
        return new TurnEndpoints(host, firstPort(turn.udpAddresses()), firstPort(turn.tcpAddresses()), tls);
    }

    private static int firstPort(List<InetSocketAddress> addresses) {
        return addresses.isEmpty() ? -1 : addresses.get(0).getPort();
    }

    /** The control plane, or null when it is off (control-plane: false, or no HTTP port). */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    public TurnServer turn() {
        return turn;
    }

    /** The SFU; null when {@code media-port} is off. */
    MediaRelay media() {
        return media;
    }

    /** The first TURN REST secret of the configuration in force, or null. */
    private static String firstRestSecret(EdgewayConfig config) {
        List<String> secrets = config.get(ConfigKeys.STATIC_AUTH_SECRET);
        return secrets.isEmpty() ? null : secrets.get(0);
    }

    /** The shared port's listeners (one per listening address); empty when it is off. */
    public List<io.edgeway.core.sharedport.SharedPortListener> sharedPorts() {
        return shared == null ? List.of() : shared.listeners();
    }

    /** Null when the HTTP listeners are off. */
    public HttpServer http() {
        return http;
    }

    @Override
    public boolean ready() {
        // The control plane is part of readiness: with its database unreachable no join or REST call works.
        return started && !turn.draining() && (controlPlane == null || controlPlane.databaseAvailable());
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The admin drain: starts draining and, once no allocation is left or the deadline has passed,
     * runs the exit action. Idempotent.
     */
    @Override
    public String drain() {
        if (startDrain()) {
            Thread waiter = new Thread(() -> {
                awaitDrained();
                exitAfterAdminDrain.run();
            }, "edgeway-drain");
            waiter.setDaemon(true);
            waiter.start();
        }
        return "draining: new allocations and joins are refused, existing flows and meetings end by themselves or in at most "
                + drainDeadline.toSeconds() + " s";
    }

    /**
     * SIGTERM: drains (if not already) and blocks until no allocation and no meeting participant is left or
     * the deadline has passed.
     */
    public void drainAndWait() {
        startDrain();
        awaitDrained();
    }

    /** Returns true when this call started the drain. */
    private synchronized boolean startDrain() {
        if (turn.draining()) {
            return false;
        }
        drainDeadlineNanos = System.nanoTime() + drainDeadline.toNanos();
        turn.drain();
        if (media != null) {
            media.drain();
        }
        return true;
    }

    private void awaitDrained() {
        while (true) {
            int left;
            try {
                left = turn.allocationCount() + (media == null ? 0 : media.participantCount());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The event loops are gone: nothing is left to drain.
                return;
            }
            long remaining = drainDeadlineNanos - System.nanoTime();
            if (left == 0) {
                LOG.info("drained: no allocation or participant left");
                return;
            }
            if (remaining <= 0) {
                LOG.info("drain deadline reached with {} allocation(s) and participant(s) still open; closing them",
                        left);
                return;
            }
            try {
                Thread.sleep(Math.min(DRAIN_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String reload() throws Exception {
        return reloader.reload(turn);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        started = false;
        if (shared != null) {
            shared.close();
        }
        if (http != null) {
            http.close();
        }
        if (media != null) {
            media.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        loopMetrics.close();
        turn.close();
        registry.close();
    }
}
