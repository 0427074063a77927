package io.edgeway.signaling.app;

import io.edgeway.core.time.Clock;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.netty.TurnServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process: reads the configuration ({@link ConfigLoader}), then either prints something and
 * exits ({@code --help}, {@code --version}, {@code --print-config}, an invalid configuration) or
 * starts the TURN/STUN server and runs until SIGTERM or SIGINT, which close it cleanly (allocations
 * released, sockets closed) and exit 0.
 *
 * <p>Exit status: 0 success, 1 the server could not start, 2 invalid configuration.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_INVALID_CONFIG = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final RandomGenerator random;
    private final Clock clock;
    /** Set just before our own System.exit, so the shutdown hook keeps that status. */
    private final AtomicReference<Integer> exitStatus = new AtomicReference<>();

    Main(PrintStream out, PrintStream err, Map<String, String> env, RandomGenerator random, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.random = random;
        this.clock = clock;
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err, System.getenv(), new SecureRandom(), Clock.SYSTEM);
        int status = main.run(args);
        main.exitStatus.set(status);
        System.exit(status);
    }

    /** Everything but serving; returns the exit status, or blocks while the server runs. */
    int run(String[] args) {
        ConfigLoader.Outcome outcome = ConfigLoader.load(args, env, random, err);
        if (outcome instanceof ConfigLoader.ShowText) {
            out.println(((ConfigLoader.ShowText) outcome).text());
            return EXIT_OK;
        }
        if (outcome instanceof ConfigLoader.Invalid) {
            List<String> problems = ((ConfigLoader.Invalid) outcome).problems();
            err.println("edgeway: invalid configuration (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):");
            for (String p : problems) {
                err.println("  " + p);
            }
            err.println("Run with --help to see every setting.");
            return EXIT_INVALID_CONFIG;
        }
        ConfigLoader.Loaded loaded = (ConfigLoader.Loaded) outcome;
        if (loaded.printConfig()) {
            out.print(loaded.config().toYaml());
            return EXIT_OK;
        }
        return serve(loaded.config(), args);
    }

    private int serve(EdgewayConfig config, String[] args) {
        LogSetup.apply(config.logFormat());
        config.leakDetection().apply();
        Logger log = LoggerFactory.getLogger(Main.class);
        TurnServerConfig turn = config.toTurnServerConfig();
        log.info("Edgeway {} starting the TURN/STUN server", Version.current());

        // Installed before the server starts, so a SIGTERM at any moment from here on is a clean stop.
        AtomicReference<EdgewayProcess> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running.get(), log), "edgeway-shutdown"));

        ConfigReloader reloader = new ConfigReloader(args, env, random, err, config);
        EdgewayProcess process;
        try {
            // An admin drain ends the process once flows are gone; the shutdown hook then finds it drained.
            process = EdgewayProcess.start(config, reloader, () -> System.exit(EXIT_OK));
            running.set(process);
        } catch (Exception e) {
            log.error("Could not start: {}", e.toString());
            return EXIT_START_FAILED;
        }
        TurnServer server = process.turn();
        log.info("Transport: {} ({} requested)", server.transportKind(), turn.transport());
        log.info("Listening: udp {}, tcp {}, tls {}", show(server.udpAddresses()), show(server.tcpAddresses()),
                show(server.tlsAddresses()));
        if (process.http() != null) {
            log.info("HTTP: {} ({}), admin {}", show(process.http().httpAddresses()),
                    process.media() == null ? "metrics, healthz, readyz" : "metrics, healthz, readyz, SFU /ws and demo page",
                    process.http().adminAddress() == null ? "off" : show(List.of(process.http().adminAddress())));
        }
        log.info("Relay ports {}-{}, realm {}, {} static user(s), {} REST secret(s)", turn.minPort(), turn.maxPort(),
                turn.realm(), turn.staticUsers().size(), turn.authSecrets().size());
        MediaRelay media = process.media();
        if (media != null) {
            log.info("SFU: media udp {}, ice-tcp {}, announced {}, open sessions {}",
                    show(List.of(media.port().localAddress())),
                    media.iceTcp() == null ? "off" : show(List.of(media.iceTcp().localAddress())),
                    media.endpoints().stream().map(e -> IpLiterals.format(e.getAddress())).toList(),
                    config.get(ConfigKeys.OPEN_SESSIONS) ? "on" : "off");
            if (process.http() != null && config.get(ConfigKeys.OPEN_SESSIONS)) {
                log.info("SFU demo page: http://localhost:{}/?meeting=demo&name=you",
                        process.http().httpAddresses().get(0).getPort());
            }
        }
        warnAboutOpenSessions(log, config, process);
        ReloadTriggers.install(process, reloader);

        config.generatedCredentials().ifPresent(creds -> {
            BannerHost host = bannerHost(config);
            out.print(StartupBanner.render(creds, turn.realm(), host.address(), host.guess(),
                    firstPort(server.udpAddresses()), firstPort(server.tcpAddresses()), firstPort(server.tlsAddresses()),
                    clock.epochSeconds()));
            out.flush();
        });

        if (process.controlPlane() != null) {
            log.info("Control plane: REST API under /v1/ on the HTTP port");
            process.controlPlane().bootstrapKey().ifPresent(key -> printBootstrapKey(config.logFormat(), key.key()));
        }

        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    /**
     * Shows the API key generated on first start, once, on stdout (never through the logger, which must
     * not carry secrets): a short text block, or with {@code log-format: json} one JSON line, so that a
     * log collector still reads every line.
     */
    private void printBootstrapKey(LogFormat format, String key) {
        if (format == LogFormat.JSON) {
            com.fasterxml.jackson.databind.node.ObjectNode line = io.edgeway.signaling.http.JsonEnvelope.JSON.createObjectNode();
            line.put("ts", java.time.Instant.ofEpochSecond(clock.epochSeconds()).toString());
            line.put("level", "INFO");
            line.put("logger", Main.class.getName());
            line.put("msg", "control plane API key generated because none existed; shown only this once");
            line.put("api_key", key);
            out.println(line);
        } else {
            out.println();
            out.println("Control plane API key (generated because none existed; shown only this once, store it now):");
            out.println("  " + key);
            out.println("  e.g. curl -H 'Authorization: Bearer " + key + "' http://HOST:PORT/v1/meetings");
            out.println();
        }
        out.flush();
    }

    /**
     * Runs in the shutdown hook (SIGTERM, SIGINT, or the end of an admin drain): drains — new
     * allocations refused, existing flows kept until they end or drain-deadline passes — then closes
     * everything. {@code process} is null when the stop came before it had started.
     */
    private void stop(EdgewayProcess process, Logger log) {
        Integer own = exitStatus.get();
        if (own != null && own != EXIT_OK) {
            // The JVM is exiting on our own System.exit after a failure; keep that status.
            return;
        }
        int status = EXIT_OK;
        if (process != null) {
            log.info("Stopping: draining, then releasing allocations and closing sockets");
            try {
                process.drainAndWait();
                process.close();
                log.info("Stopped");
            } catch (RuntimeException e) {
                log.error("Clean shutdown failed", e);
                status = EXIT_START_FAILED;
            }
        }
        out.flush();
        // After a signal the JVM would report 128+signal (143 for SIGTERM). A requested stop is the
        // normal end of a service, and service managers should see it as success, so say so here.
        Runtime.getRuntime().halt(status);
    }

    /**
     * Open sessions let anyone who reaches the HTTP port join any meeting and take TURN credentials, so
     * whether they are served is said at WARN, never only at INFO: in protected mode (loopback only) what
     * to do to serve other machines, and when exposed on purpose, to whom.
     */
    private static void warnAboutOpenSessions(Logger log, EdgewayConfig config, EdgewayProcess process) {
        if (!config.get(ConfigKeys.OPEN_SESSIONS)) {
            return;
        }
        String http = process.http() == null ? "off" : show(process.http().httpAddresses());
        if (config.protectedMode()) {
            log.warn("Protected mode: open sessions are on ({}), so every listener binds loopback only (HTTP {}):"
                    + " anyone on this machine can join any meeting by name and take TURN credentials at"
                    + " /v1/dev/ice-servers, nobody else can reach it. To serve other machines, configure credentials"
                    + " (user or static-auth-secret) and participant tokens, or set expose-open-sessions: true for a demo.",
                    config.generatedCredentials().isPresent() ? "no credentials are configured" : "open-sessions: true",
                    http);
        } else {
            log.warn("OPEN SESSIONS EXPOSED (expose-open-sessions: true): anyone who reaches HTTP {} can join any"
                    + " meeting by name and take working TURN credentials at /v1/dev/ice-servers. Use this for demos"
                    + " only; set open-sessions: false and use participant tokens for real meetings.", http);
        }
    }

    /** Where the banner's iceServers should point, and whether that is only a loopback guess. */
    record BannerHost(InetAddress address, boolean guess) {
    }

    static BannerHost bannerHost(EdgewayConfig config) {
        List<ExternalIp> external = config.get(ConfigKeys.EXTERNAL_IP);
        if (!external.isEmpty()) {
            return new BannerHost(external.get(0).publicAddress(), false);
        }
        List<InetAddress> listening = config.get(ConfigKeys.LISTENING_IP);
        if (!listening.isEmpty() && !listening.get(0).isAnyLocalAddress()) {
            return new BannerHost(listening.get(0), false);
        }
        return new BannerHost(InetAddress.getLoopbackAddress(), true);
    }

    private static String show(List<InetSocketAddress> addresses) {
        if (addresses.isEmpty()) {
            return "off";
        }
        List<String> out = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            String host = IpLiterals.format(a.getAddress());
            out.add((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort());
        }
        return String.join(" ", out);
    }

    private static int firstPort(List<InetSocketAddress> addresses) {
        return addresses.isEmpty() ? -1 : addresses.get(0).getPort();
    }
}
