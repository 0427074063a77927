package io.edgeway.signaling.app;

import io.edgeway.core.metrics.EventLoopMetrics;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.HttpServer;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running process: TURN server, the SFU ({@link MediaRelay}: media port, ICE-TCP, signaling
 * WebSocket, demo page), HTTP listeners and meters, with the operations that act on all of them.
 * Readiness is "started and not draining". A drain refuses new allocations and new joins at once and
 * lets existing flows and meetings run until none is left or the deadline passes; {@link #awaitDrained()}
 * returns then. Thread-safe: signals, HTTP admin calls and the shutdown hook may call in concurrently.
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
        TurnServer turn = TurnServer.start(turnConfig);
        EdgewayProcess process = null;
        MediaRelay media = null;
        try {
            media = MediaRelay.start(config, turn, Clock.SYSTEM, () -> firstRestSecret(reloader.current()));
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
            Gauge.builder("edgeway.ready", process, p -> p.ready() ? 1 : 0)
                    .description("1 while new allocations and joins are accepted").register(registry);
            process.http = HttpServer.start(config.get(ConfigKeys.HTTP_LISTENING_IP), config.get(ConfigKeys.HTTP_PORT),
                    config.get(ConfigKeys.ADMIN_PORT), process, media == null ? List.of() : media.routes());
            process.started = true;
            return process;
        } catch (Exception | Error e) {
            if (process != null) {
                process.close();
            } else {
                if (media != null) {
                    media.close();
                }
                turn.close();
            }
            throw e;
        }
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

    /** Null when the HTTP listeners are off. */
    public HttpServer http() {
        return http;
    }

    @Override
    public boolean ready() {
        return started && !turn.draining();
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
        if (http != null) {
            http.close();
        }
        if (media != null) {
            media.close();
        }
        loopMetrics.close();
        turn.close();
        registry.close();
    }
}
