package io.edgeway.signaling.app;

import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.media.port.IceTcpRouter;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.ice.IceSessionDirectory;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.rtk.TokenJoinAuthenticator;
import io.edgeway.signaling.session.CompositeJoinAuthenticator;
import io.edgeway.signaling.session.JoinAuthenticator;
import io.edgeway.signaling.session.OpenMeetingBudget;
import io.edgeway.signaling.session.OpenSessionAuthenticator;
import io.edgeway.signaling.session.PortMediaPlane;
import io.edgeway.signaling.session.SignalingRouter;
import io.edgeway.signaling.session.SignalingService;
import io.edgeway.signaling.session.SlotLayout;
import io.edgeway.signaling.ws.DevIceServersRoute;
import io.edgeway.signaling.ws.StaticPageRoute;
import io.edgeway.signaling.ws.WebSocketRoute;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.netty.TurnServer;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU part of the process, assembled from the media engine's parts and spread over the event loops:
 * one {@link MediaShard} per media loop ({@code media-loops}, default every event loop), each with its own
 * UDP {@link MediaPort} ({@code media-port}, {@code media-port}+1, ...), ICE-lite responder, forwarding and
 * {@link SignalingService} owning the meetings placed on that loop; one ICE-TCP port for all of them
 * ({@link IceTcpRouter}: each connection moves to the loop of the participant its first check names); DTLS
 * ({@link DtlsServerContext} with a self-signed ECDSA P-256 certificate made at start: browsers authenticate
 * it by the fingerprint in the SDP, one for every loop); and in front, the {@link SignalingRouter}, which
 * places each new meeting on the least-loaded loop and sends every later message of a connection to its
 * meeting's loop, with the SFU's HTTP routes: the WebSocket, the demo page and, with open sessions, the
 * development TURN credentials. Joins with a participant token are checked by the control plane
 * ({@link TokenJoinAuthenticator}), joins by name are open sessions.
 *
 * <h2>Addresses</h2>
 * The media ports bind the one address {@code listening-ip} names, or every interface. Their candidates
 * announce {@code media-announced-ip}, or by default the addresses TURN relays from (relay-ip, else
 * listening-ip, else the host's first global address per family), each through its external-ip mapping:
 * the same addresses TURN tells its clients; a meeting's participants are given its loop's UDP port. Those
 * addresses on every loop's UDP port are also opened as peers of this process's own TURN server
 * ({@code PeerPolicy.withMediaEndpoints}), so a browser limited to relayed candidates reaches the SFU through
 * it, and on the loop of its meeting by the port its candidates name.
 *
 * <h2>Threading</h2>
 * Each media loop is one of TURN's event loops (so the loop metrics cover it); its session layer and sweep
 * (media deadlines and the active speaker, twice a second) run there too. DTLS handshakes block threads of
 * their own pool, shared by the loops.
 */
final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    /** DTLS handshakes at the same moment before more wait (each within its own deadline). */
    private static final int DTLS_THREADS = 16;
    /** How long the session layer gets to remove everyone at shutdown. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final List<MediaShard> shards;
    private final IceTcpRouter iceTcp;
    private final SignalingRouter signaling;
    private final ExecutorService dtlsThreads;
    private final List<InetAddress> announced;
    private final List<InetSocketAddress> endpoints;
    private final List<HttpRouteHandlerFactory> routes;

    private MediaRelay(List<MediaShard> shards, IceTcpRouter iceTcp, SignalingRouter signaling,
            ExecutorService dtlsThreads, List<InetAddress> announced, List<InetSocketAddress> endpoints,
            List<HttpRouteHandlerFactory> routes) {
        this.shards = shards;
        this.iceTcp = iceTcp;
        this.signaling = signaling;
        this.dtlsThreads = dtlsThreads;
        this.announced = announced;
        this.endpoints = endpoints;
        this.routes = routes;
    }

    /**
     * Starts the SFU as {@code config} says, or returns null when {@code media-port} is off.
     *
     * @param restSecret the TURN REST secret of the moment, for the development credentials
     * @param controlPlane checks participant tokens; null when it is off (token joins are refused)
     */
    static MediaRelay start(EdgewayConfig config, TurnServer turn, Clock clock, Supplier<String> restSecret,
            ControlPlane controlPlane) throws Exception {
        int mediaPort = config.get(ConfigKeys.MEDIA_PORT);
        if (mediaPort < 0) {
            return null;
        }
        List<InetAddress> announced = announcedAddresses(config, turn.context());
        InetAddress bindAddress = bindAddress(config, announced);
        SecureRandom random = new SecureRandom();
        ExecutorService dtlsThreads = dtlsThreads();
        List<MediaShard> shards = new ArrayList<>();
        IceTcpRouter iceTcp = null;
        try {
            TlsMaterial certificate = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(365),
                    clock);
            DtlsServerContext dtls = new DtlsServerContext(certificate, dtlsThreads, clock,
                    DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
            int loops = mediaLoops(config, turn.eventLoops());
            int iceTcpPort = config.get(ConfigKeys.ICE_TCP_PORT);
            IceSessionDirectory directory = new IceSessionDirectory();
            for (int i = 0; i < loops; i++) {
                InetSocketAddress local = new InetSocketAddress(bindAddress, mediaPort == 0 ? 0 : mediaPort + i);
                shards.add(MediaShard.bind(turn.eventLoops(), i, local, directory, random, dtls, clock, iceTcpPort >= 0));
            }
            int tcpPort = -1;
            if (iceTcpPort >= 0) {
                List<IceTcpListener> listeners = new ArrayList<>();
                shards.forEach(shard -> listeners.add(shard.iceTcp));
                iceTcp = IceTcpRouter.over(listeners, directory);
                tcpPort = iceTcp.listen(turn.eventLoops(), new InetSocketAddress(bindAddress, iceTcpPort)).getPort();
            }
            SlotLayout slots = new SlotLayout(config.get(ConfigKeys.SFU_AUDIO_SLOTS), config.get(ConfigKeys.SFU_VIDEO_SLOTS),
                    config.get(ConfigKeys.SFU_LAST_N));
            String traceDir = config.get(ConfigKeys.SFU_BWE_TRACE_DIR);
            java.nio.file.Path traces = null;
            if (!traceDir.isEmpty()) {
                traces = java.nio.file.Files.createDirectories(java.nio.file.Path.of(traceDir));
                LOG.warn("sfu-bwe-trace-dir: every participant's bandwidth estimation is recorded in memory and"
                        + " written to {} when it leaves (diagnostics only)", traceDir);
            }
            boolean open = config.get(ConfigKeys.OPEN_SESSIONS);
            JoinAuthenticator authenticator = authenticator(open, controlPlane, random, clock);
            OpenMeetingBudget openMeetings = new OpenMeetingBudget(Limits.MAX_CONCURRENT_SESSIONS);
            List<SignalingService> services = new ArrayList<>();
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (MediaShard shard : shards) {
                int udpPort = shard.port.localAddress().getPort();
                shard.startSessions(PortMediaPlane.candidates(announced, udpPort, tcpPort), dtls.localFingerprint(), slots,
                        traces, authenticator, openMeetings, clock, random);
                services.add(shard.signaling());
                for (InetAddress a : announced) {
                    endpoints.add(new InetSocketAddress(a, udpPort));
                }
            }
            SignalingRouter router = new SignalingRouter(services, authenticator);
            if (controlPlane != null) {
                // The REST API's polls go to the token meetings this session layer holds, on their loops.
                controlPlane.polls((meetingId, question, options, anonymous, hideVotes) -> router.createPoll(
                        TokenJoinAuthenticator.REALM, meetingId, question, options, anonymous, hideVotes));
            }
            List<HttpRouteHandlerFactory> routes = new ArrayList<>();
            routes.add(new WebSocketRoute(router));
            routes.add(new StaticPageRoute());
            if (open) {
                routes.add(new DevIceServersRoute(restSecret, turn.udpAddresses(), turn.tcpAddresses(), clock));
            }
            TurnServerContext context = turn.context();
            context.peerPolicy(context.peerPolicy().withMediaEndpoints(endpoints));
            LOG.debug("SFU: {} media loop(s), udp {}, ice-tcp {}, {} candidates each, open sessions {}", shards.size(),
                    udpPorts(shards), iceTcp == null ? "off" : iceTcp.localAddress(),
                    shards.get(0).plane().candidates().size(), open ? "on" : "off");
            return new MediaRelay(List.copyOf(shards), iceTcp, router, dtlsThreads, List.copyOf(announced),
                    List.copyOf(endpoints), List.copyOf(routes));
        } catch (Exception | Error e) {
            if (iceTcp != null) {
                iceTcp.close();
            }
            shards.forEach(MediaShard::close);
            dtlsThreads.shutdownNow();
            throw e;
        }
    }

    /**
     * {@code media-loops}, or every event loop for 0; never more than there are. With io_uring and ICE-TCP on,
     * 0 means one: an ICE-TCP connection must be able to move to its participant's loop, and io_uring channels
     * cannot move (an explicit count above one is refused when the configuration is checked).
     */
    static int mediaLoops(EdgewayConfig config, EventLoops loops) {
        int configured = config.get(ConfigKeys.MEDIA_LOOPS);
        if (configured == 0 && loops.kind() == TransportKind.IO_URING && config.get(ConfigKeys.ICE_TCP_PORT) >= 0
                && loops.threads() > 1) {
            LOG.warn("media-loops: the SFU runs on one event loop, not {}: with transport io_uring an ICE-TCP"
                    + " connection cannot move to its participant's loop (use transport epoll, or ice-tcp-port: off,"
                    + " to spread sessions over every loop)", loops.threads());
            return 1;
        }
        return configured == 0 ? loops.threads() : Math.min(configured, loops.threads());
    }

    private static String udpPorts(List<MediaShard> shards) {
        StringBuilder ports = new StringBuilder();
        for (MediaShard shard : shards) {
            ports.append(ports.length() == 0 ? "" : ",").append(shard.port.localAddress().getPort());
        }
        return ports.toString();
    }

    /**
     * Joins with {@code token} go to the control plane's token check (refused when there is no control
     * plane), joins with {@code meeting} and {@code name} to open sessions (refused with
     * {@code open_sessions_disabled} when they are off).
     */
    static JoinAuthenticator authenticator(boolean open, ControlPlane controlPlane, SecureRandom random, Clock clock) {
        JoinAuthenticator tokens = controlPlane != null ? TokenJoinAuthenticator.of(controlPlane)
                : JoinAuthenticator.refusing(ErrorCode.TOKEN_INVALID, "this server has no control plane"
                        + " (control-plane: false), so it cannot check participant tokens");
        JoinAuthenticator named = open ? new OpenSessionAuthenticator(random, clock)
                : JoinAuthenticator.refusing(ErrorCode.OPEN_SESSIONS_DISABLED, "joining a session by name is"
                        + " turned off on this server (open-sessions: false): join with a participant token");
        return new CompositeJoinAuthenticator(tokens, named);
    }

    /** {@code media-announced-ip}, else TURN's relay addresses through their external-ip mapping. */
    static List<InetAddress> announcedAddresses(EdgewayConfig config, TurnServerContext turn) {
        List<InetAddress> configured = config.get(ConfigKeys.MEDIA_ANNOUNCED_IP);
        if (!configured.isEmpty()) {
            return configured;
        }
        Set<InetAddress> found = new LinkedHashSet<>();
        for (int family = 1; family <= 2; family++) {
            InetAddress relay = turn.relayAddress(family);
            if (relay != null && !relay.isAnyLocalAddress()) {
                found.add(turn.advertised(new InetSocketAddress(relay, 0)).getAddress());
            }
        }
        return List.copyOf(found);
    }

    /** The one specific {@code listening-ip}, else the wildcard of the announced families. */
    private static InetAddress bindAddress(EdgewayConfig config, List<InetAddress> announced)
            throws UnknownHostException {
        List<InetAddress> listening = config.get(ConfigKeys.LISTENING_IP);
        if (listening.size() == 1 && !listening.get(0).isAnyLocalAddress()) {
            return listening.get(0);
        }
        for (InetAddress a : announced) {
            if (a instanceof Inet6Address) {
                // "::" is dual-stack on Linux: IPv4 candidates are reached through it too.
                return InetAddress.getByName("::");
            }
        }
        return InetAddress.getByName("0.0.0.0");
    }

    private static ExecutorService dtlsThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DTLS_THREADS, DTLS_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "edgeway-dtls-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The HTTP routes of the SFU, for the public HTTP port. */
    List<HttpRouteHandlerFactory> routes() {
        return routes;
    }

    /** New joins are refused from now on; participants in meetings stay until they leave. */
    void drain() {
        signaling.drain();
    }

    /** Participants in meetings, on every loop. */
    int participantCount() {
        return signaling.participantCount();
    }

    /** The session layer in front of every loop's service. */
    SignalingRouter signaling() {
        return signaling;
    }

    /** One per media loop, in loop order. */
    List<MediaShard> shards() {
        return shards;
    }

    /** The one ICE-TCP port's router; null when ICE-TCP is off. */
    IceTcpRouter iceTcp() {
        return iceTcp;
    }

    /** Forwarding outcomes over every room of every loop, ever. Any thread. */
    long count(FanoutCounter counter) {
        long n = 0;
        for (MediaShard shard : shards) {
            n += shard.plane().count(counter);
        }
        return n;
    }

    /**
     * Adds an ICE-TCP passive candidate on a shared port to every loop's descriptions (see
     * {@link PortMediaPlane#addPassiveTcpPort}); at start, before the process reports ready.
     */
    void addPassiveTcpPort(int port) {
        for (MediaShard shard : shards) {
            shard.plane().addPassiveTcpPort(announced, port);
        }
    }

    /** The announced addresses with every loop's UDP media port: what TURN's peer policy opens. */
    List<InetSocketAddress> endpoints() {
        return endpoints;
    }

    /** Removes every participant, then closes the sockets. Call before TURN's event loops stop. */
    @Override
    public void close() {
        signaling.close(CLOSE_TIMEOUT);
        for (HttpRouteHandlerFactory route : routes) {
            if (route instanceof WebSocketRoute ws) {
                ws.close();
            }
        }
        if (iceTcp != null) {
            iceTcp.close();
        }
        shards.forEach(MediaShard::close);
        dtlsThreads.shutdownNow();
    }
}
