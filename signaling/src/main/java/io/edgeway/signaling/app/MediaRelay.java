package io.edgeway.signaling.app;

import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.ice.IceMediaSessions;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.HttpRouteHandlerFactory;
import io.edgeway.signaling.rtk.TokenJoinAuthenticator;
import io.edgeway.signaling.session.CompositeJoinAuthenticator;
import io.edgeway.signaling.session.JoinAuthenticator;
import io.edgeway.signaling.session.OpenSessionAuthenticator;
import io.edgeway.signaling.session.PortMediaPlane;
import io.edgeway.signaling.session.SignalingService;
import io.edgeway.signaling.session.SlotLayout;
import io.edgeway.signaling.ws.DevIceServersRoute;
import io.edgeway.signaling.ws.StaticPageRoute;
import io.edgeway.signaling.ws.WebSocketRoute;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.netty.TurnServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
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
 * The SFU part of the process, assembled from the media engine's parts: the UDP {@link MediaPort} and
 * its {@link IceTcpListener}, the ICE-lite responder ({@link IceMediaSessions}), forwarding
 * ({@link FanoutHandler}), DTLS ({@link DtlsServerContext} with a self-signed ECDSA P-256 certificate made
 * at start: browsers authenticate it by the fingerprint in the SDP), and on top the session layer
 * ({@link SignalingService} on a {@link PortMediaPlane}) with its HTTP routes: the WebSocket, the demo
 * page and, with open sessions, the development TURN credentials. Joins with a participant token are
 * checked by the control plane ({@link TokenJoinAuthenticator}), joins by name are open sessions.
 *
 * <h2>Addresses</h2>
 * The media port binds the one address {@code listening-ip} names, or every interface. Its candidates
 * announce {@code media-announced-ip}, or by default the addresses TURN relays from (relay-ip, else
 * listening-ip, else the host's first global address per family), each through its external-ip mapping:
 * the same addresses TURN tells its clients. Those addresses on the media port are also opened as
 * peers of this process's own TURN server ({@code PeerPolicy.withMediaEndpoints}), so a browser limited
 * to relayed candidates reaches the SFU through it.
 *
 * <h2>Threading</h2>
 * The media port runs on one of TURN's event loops (so the loop metrics cover it), and so do the
 * session layer and its sweep (media deadlines and the active speaker, twice a second). DTLS handshakes block threads of their own pool.
 */
final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    /** DTLS handshakes at the same moment before more wait (each within its own deadline). */
    private static final int DTLS_THREADS = 16;

    private final MediaPort port;
    private final IceTcpListener iceTcp;
    private final FanoutHandler fanout;
    private final PortMediaPlane plane;
    private final SignalingService signaling;
    private final ExecutorService dtlsThreads;
    private final List<InetSocketAddress> endpoints;
    private final ScheduledFuture<?> sweep;
    private final List<HttpRouteHandlerFactory> routes;

    private MediaRelay(MediaPort port, IceTcpListener iceTcp, FanoutHandler fanout, PortMediaPlane plane,
            SignalingService signaling, ExecutorService dtlsThreads, List<InetSocketAddress> endpoints,
            ScheduledFuture<?> sweep, List<HttpRouteHandlerFactory> routes) {
        this.port = port;
        this.iceTcp = iceTcp;
        this.fanout = fanout;
        this.plane = plane;
        this.signaling = signaling;
        this.dtlsThreads = dtlsThreads;
        this.endpoints = endpoints;
        this.sweep = sweep;
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
        MediaPort port = null;
        IceTcpListener iceTcp = null;
        try {
            TlsMaterial certificate = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(365),
                    clock);
            DtlsServerContext dtls = new DtlsServerContext(certificate, dtlsThreads, clock,
                    DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
            IceMediaSessions ice = new IceMediaSessions(random);
            FanoutHandler fanout = new FanoutHandler();
            port = MediaPort.bind(turn.eventLoops(), new InetSocketAddress(bindAddress, mediaPort), ice.responder(),
                    fanout, dtls, clock);
            int iceTcpPort = config.get(ConfigKeys.ICE_TCP_PORT);
            if (iceTcpPort >= 0) {
                iceTcp = IceTcpListener.bind(turn.eventLoops(), port, new InetSocketAddress(bindAddress, iceTcpPort));
            }
            int udpPort = port.localAddress().getPort();
            SlotLayout slots = new SlotLayout(config.get(ConfigKeys.SFU_AUDIO_SLOTS), config.get(ConfigKeys.SFU_VIDEO_SLOTS),
                    config.get(ConfigKeys.SFU_LAST_N));
            PortMediaPlane plane = new PortMediaPlane(port, ice, fanout, PortMediaPlane.candidates(announced, udpPort,
                    iceTcp == null ? -1 : iceTcp.localAddress().getPort()), dtls.localFingerprint(), slots);
            String traceDir = config.get(ConfigKeys.SFU_BWE_TRACE_DIR);
            if (!traceDir.isEmpty()) {
                plane.traceBandwidth(java.nio.file.Files.createDirectories(java.nio.file.Path.of(traceDir)));
                LOG.warn("sfu-bwe-trace-dir: every participant's bandwidth estimation is recorded in memory and"
                        + " written to {} when it leaves (diagnostics only)", traceDir);
            }
            boolean open = config.get(ConfigKeys.OPEN_SESSIONS);
            SignalingService signaling = new SignalingService(port.eventLoop(), plane,
                    authenticator(open, controlPlane, random, clock), clock, random);
            if (controlPlane != null) {
                // The REST API's polls go to the token meetings this session layer holds.
                controlPlane.polls((meetingId, question, options, anonymous, hideVotes) -> signaling.createPoll(
                        TokenJoinAuthenticator.REALM, meetingId, question, options, anonymous, hideVotes));
            }
            long sweepMillis = SignalingService.SPEAKER_INTERVAL.toMillis();
            ScheduledFuture<?> sweep = port.eventLoop().scheduleAtFixedRate(() -> signaling.onTimeout(clock.nanos()),
                    sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
            List<HttpRouteHandlerFactory> routes = new ArrayList<>();
            routes.add(new WebSocketRoute(signaling));
            routes.add(new StaticPageRoute());
            if (open) {
                routes.add(new DevIceServersRoute(restSecret, turn.udpAddresses(), turn.tcpAddresses(), clock));
            }
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (InetAddress a : announced) {
                endpoints.add(new InetSocketAddress(a, udpPort));
            }
            TurnServerContext context = turn.context();
            context.peerPolicy(context.peerPolicy().withMediaEndpoints(endpoints));
            LOG.debug("SFU: media udp {} ice-tcp {}, candidates {}, open sessions {}", port.localAddress(),
                    iceTcp == null ? "off" : iceTcp.localAddress(), plane.candidates().size(), open ? "on" : "off");
            return new MediaRelay(port, iceTcp, fanout, plane, signaling, dtlsThreads, List.copyOf(endpoints), sweep,
                    List.copyOf(routes));
        } catch (Exception | Error e) {
            if (iceTcp != null) {
                iceTcp.close();
            }
            if (port != null) {
                port.close();
            }
            dtlsThreads.shutdownNow();
            throw e;
        }
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

    /** Participants in meetings. */
    int participantCount() {
        return signaling.participantCount();
    }

    SignalingService signaling() {
        return signaling;
    }

    MediaPort port() {
        return port;
    }

    /** Null when ICE-TCP is off. */
    IceTcpListener iceTcp() {
        return iceTcp;
    }

    FanoutHandler fanout() {
        return fanout;
    }

    PortMediaPlane plane() {
        return plane;
    }

    /** The announced addresses with the UDP media port: what TURN's peer policy opens. */
    List<InetSocketAddress> endpoints() {
        return endpoints;
    }

    /** Removes every participant, then closes the sockets. Call before TURN's event loops stop. */
    @Override
    public void close() {
        signaling.close(Duration.ofSeconds(2));
        for (HttpRouteHandlerFactory route : routes) {
            if (route instanceof WebSocketRoute ws) {
                ws.close();
            }
        }
        sweep.cancel(false);
        if (iceTcp != null) {
            iceTcp.close();
        }
        port.close();
        dtlsThreads.shutdownNow();
    }
}
