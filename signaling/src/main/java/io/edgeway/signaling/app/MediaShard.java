package io.edgeway.signaling.app;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.time.Clock;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.ice.IceMediaSessions;
import io.edgeway.ice.IceSessionDirectory;
import io.edgeway.signaling.session.JoinAuthenticator;
import io.edgeway.signaling.session.OpenMeetingBudget;
import io.edgeway.signaling.session.PortMediaPlane;
import io.edgeway.signaling.session.SignalingService;
import io.edgeway.signaling.session.SlotLayout;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the SFU: its UDP {@link MediaPort} (its own port number: the candidates of the
 * sessions placed here name it, so their browsers, and TURN relays acting for them, send to this loop), its
 * ICE-lite responder ({@link IceMediaSessions}), forwarding ({@link FanoutHandler}), the media plane of its
 * meetings ({@link PortMediaPlane}), its ICE-TCP listener (attached: connections reach it through the
 * process's one ICE-TCP port and its router) and the {@link SignalingService} that owns the meetings placed on
 * this loop, with its sweep. Everything of a session happens on this one loop: no locks.
 *
 * <p>Built and closed by {@link MediaRelay}; its parts are read from any thread (metrics, tests).
 */
final class MediaShard implements AutoCloseable {

    /** The loop's index among the process's event loops: the {@code loop} label of its metrics. */
    final int loop;
    final MediaPort port;
    final IceMediaSessions ice;
    final FanoutHandler fanout;
    /** Null when ICE-TCP is off. */
    final IceTcpListener iceTcp;
    private PortMediaPlane plane;
    private SignalingService signaling;
    private ScheduledFuture<?> sweep;

    private MediaShard(int loop, MediaPort port, IceMediaSessions ice, FanoutHandler fanout, IceTcpListener iceTcp) {
        this.loop = loop;
        this.port = port;
        this.ice = ice;
        this.fanout = fanout;
        this.iceTcp = iceTcp;
    }

    /**
     * Binds loop {@code loop}'s media port on {@code local} and, with ICE-TCP on, attaches its listener. The
     * session layer comes with {@link #startSessions}, once every loop's port is bound (the candidates name
     * the process's one ICE-TCP port).
     */
    static MediaShard bind(EventLoops loops, int loop, InetSocketAddress local, IceSessionDirectory directory,
            SecureRandom random, DtlsServerContext dtls, Clock clock, boolean iceTcp) throws InterruptedException {
        EventLoop eventLoop = loops.loops().get(loop);
        IceMediaSessions ice = new IceMediaSessions(random, directory);
        FanoutHandler fanout = new FanoutHandler();
        MediaPort port = MediaPort.bind(loops, eventLoop, local, ice.responder(), fanout, dtls, clock);
        IceTcpListener listener = iceTcp ? IceTcpListener.attach(port, IceTcpListener.DEFAULT_IDLE_TIMEOUT,
                IceTcpListener.DEFAULT_MAX_CONNECTIONS) : null;
        return new MediaShard(loop, port, ice, fanout, listener);
    }

    /**
     * Starts the meetings' side: a plane announcing {@code candidates}, a service sharing {@code openMeetings}
     * with the other loops, and its sweep on this loop (media deadlines, the active speaker).
     */
    void startSessions(List<Candidate> candidates, CertificateFingerprint fingerprint, SlotLayout slots,
            Path traceDirectory,
            JoinAuthenticator authenticator, OpenMeetingBudget openMeetings, Clock clock, SecureRandom random) {
        plane = new PortMediaPlane(port, ice, fanout, candidates, fingerprint, slots);
        if (traceDirectory != null) {
            plane.traceBandwidth(traceDirectory);
        }
        SignalingService service = new SignalingService(port.eventLoop(), plane, authenticator, clock, random, openMeetings);
        long sweepMillis = SignalingService.SPEAKER_INTERVAL.toMillis();
        sweep = port.eventLoop().scheduleAtFixedRate(() -> service.onTimeout(clock.nanos()), sweepMillis, sweepMillis,
                TimeUnit.MILLISECONDS);
        signaling = service;
    }

    PortMediaPlane plane() {
        return plane;
    }

    SignalingService signaling() {
        return signaling;
    }

    /** Packets this loop's media received: its port's datagrams and its ICE-TCP connections' frames, whatever became of them. */
    long packetsReceived() {
        long n = 0;
        for (MediaPortCounter counter : MediaPortCounter.values()) {
            n += port.count(counter);
            if (iceTcp != null) {
                n += iceTcp.count(counter);
            }
        }
        return n;
    }

    /** Stops the sweep and closes the listener and the port (every transport ends); the session layer closed first. */
    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (iceTcp != null) {
            iceTcp.close();
        }
        port.close();
    }

    /** For the logs: the loop and the port. */
    @Override
    public String toString() {
        return "media loop " + loop + " on " + port.localAddress();
    }
}
