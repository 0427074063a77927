package io.edgeway.core.media.port;

import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media port's ICE-TCP candidate for networks without UDP: a passive TCP listener (RFC 6544
 * {@code tcptype passive}) whose connections carry the same STUN, DTLS and SRTP/SRTCP as the UDP
 * {@link MediaPort}, each packet framed by RFC 4571.
 *
 * <p>Each accepted connection gets an {@link Rfc4571FrameDecoder}, the {@link Rfc4571FrameEncoder} and
 * a handler that demultiplexes every frame exactly like a datagram of the port (the same
 * {@link MediaDemultiplexer}): STUN goes to the port's ICE-lite responder with the connection's own
 * {@link io.edgeway.core.spi.StunReplySink} (an {@link IceTcpConnection}), so the responder's candidate
 * pair is (connection, connection's remote address); DTLS and RTP/RTCP go to the participant whose
 * validated or selected pair is that connection. A connection that loses its framing is closed alone;
 * a connection that ends releases everything it held. A connection on which no STUN message arrived for
 * the idle timeout (none since it was accepted, or its consent checks stopped) is closed by a
 * once-a-second sweep on the port's clock, and at most {@code maxConnections} are open at once: an
 * unauthenticated TCP peer can hold neither a socket nor memory for long. The ICE agent is not told of the close: a
 * selected pair on a dead connection stops getting consent checks and the participant is dropped by
 * RFC 7675's timeout, unless the browser nominates another pair first.
 *
 * <h2>Threading</h2>
 * The listening socket and every connection live on the port's event loop, so the responder and the
 * transports stay single-threaded. {@link #bind} and {@link #close()} from any thread but the loop;
 * counters from any thread.
 *
 * <h2>Buffers</h2>
 * The connection's handler owns each decoded frame and releases it after dispatch; handlers borrow, as
 * on the UDP port. Every frame is counted once in this listener's {@link MediaPortCounter}s (not the
 * port's, so UDP and TCP can be told apart).
 */
public final class IceTcpListener implements AutoCloseable {

    /** The ICE-TCP port when none is configured: the media port's number, on TCP. */
    public static final int DEFAULT_PORT = MediaPort.DEFAULT_PORT;

    /**
     * Closes a connection without a STUN message for this long: RFC 7675's consent timeout, so a
     * connection carrying a selected pair (consent checks every few seconds) is never idle.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Open connections at most; more are closed as soon as they are accepted. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    private static final long SWEEP_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(IceTcpListener.class);

    private final MediaPort port;
    private final Channel server;
    private final ChannelGroup connections;
    private final AtomicLongArray frameCounts = new AtomicLongArray(MediaPortCounter.values().length);
    private final AtomicLongArray connectionCounts = new AtomicLongArray(IceTcpCounter.values().length);
    private final long idleTimeoutNanos;
    private final int maxConnections;
    private final ScheduledFuture<?> sweep;
    private final MediaDemultiplexer demultiplexer;

    private IceTcpListener(MediaPort port, Channel server, ChannelGroup connections, Duration idleTimeout,
            int maxConnections, MediaDemultiplexer demultiplexer) {
        this.port = port;
        this.demultiplexer = demultiplexer;
        this.server = server;
        this.connections = connections;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxConnections = maxConnections;
        this.sweep = port.eventLoop().scheduleAtFixedRate(this::closeIdle, SWEEP_SECONDS, SWEEP_SECONDS,
                TimeUnit.SECONDS);
    }

    /**
     * Listens for ICE-TCP connections on {@code local}, on the event loop of {@code port}.
     *
     * @param loops the event loops {@code port} was bound with (for the channel types)
     * @param port  the UDP media port whose responder, transports, media handler and clock the
     *              connections share
     * @param local where to listen; {@link #DEFAULT_PORT} in production, 0 in tests
     * @throws InterruptedException if interrupted while binding
     */
    public static IceTcpListener bind(EventLoops loops, MediaPort port, InetSocketAddress local)
            throws InterruptedException {
        return bind(loops, port, local, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * {@link #bind(EventLoops, MediaPort, InetSocketAddress)} with explicit limits.
     *
     * @param idleTimeout    a connection without a STUN message for this long is closed (on the port's clock)
     * @param maxConnections open connections at most
     */
    public static IceTcpListener bind(EventLoops loops, MediaPort port, InetSocketAddress local,
            Duration idleTimeout, int maxConnections) throws InterruptedException {
        Objects.requireNonNull(loops, "loops");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be positive, got " + maxConnections);
        }
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(local, "local");
        EventLoop loop = port.eventLoop();
        MediaDemultiplexer demultiplexer = new MediaDemultiplexer(port.stunHandler(), port.mediaHandler());
        ChannelGroup connections = new DefaultChannelGroup("ice-tcp", loop);
        IceTcpListener[] listener = new IceTcpListener[1];
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(loops.serverSocketChannel())
                // Media is latency-bound and every write is a whole packet: no Nagle delay.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        listener[0].adopt(ch);
                    }
                });
        Channel server = bootstrap.register().sync().channel();
        listener[0] = new IceTcpListener(port, server, connections, idleTimeout, maxConnections, demultiplexer);
        try {
            server.bind(local).sync();
        } catch (RuntimeException | InterruptedException e) {
            listener[0].close();
            throw e;
        }
        LOG.info("ICE-TCP listening on {}", server.localAddress());
        return listener[0];
    }

    /**
     * Makes {@code connection} one of this listener's ICE-TCP connections: RFC 4571 framing and the
     * demultiplexing handler, its limit, idle sweep and counters, exactly as if this listener had accepted
     * it. For connections accepted elsewhere (a shared port that recognised RFC 4571 framing); they must
     * already be on the media port's loop ({@link MediaPort#eventLoop()}), where this must be called.
     */
    public void adopt(Channel connection) {
        if (!connection.eventLoop().inEventLoop() || connection.eventLoop() != port.eventLoop()) {
            throw new IllegalStateException("an ICE-TCP connection must be adopted on the media port's loop");
        }
        connection.pipeline().addLast("rfc4571-decoder", new Rfc4571FrameDecoder())
                .addLast("rfc4571-encoder", Rfc4571FrameEncoder.INSTANCE)
                .addLast("ice-tcp", new IceTcpConnectionHandler(this, demultiplexer, port.clock()));
    }

    /** The bound address (with the kernel's port when bound to 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** How many frames ended with {@code counter}. */
    public long count(MediaPortCounter counter) {
        return frameCounts.get(counter.ordinal());
    }

    /** How many connections were accepted, closed, or closed for lost framing. */
    public long count(IceTcpCounter counter) {
        return connectionCounts.get(counter.ordinal());
    }

    /** Open connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops listening and closes every connection. Idempotent; not on the port's loop. */
    @Override
    public void close() {
        sweep.cancel(false);
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }

    // Package-private: the connections' handlers, on the loop.

    MediaPort port() {
        return port;
    }

    /** A connection became active; false when it was refused (over the limit) and is being closed. */
    boolean accepted(Channel connection) {
        bump(connectionCounts, IceTcpCounter.CONNECTIONS_ACCEPTED.ordinal());
        if (connections.size() >= maxConnections) {
            bump(connectionCounts, IceTcpCounter.CONNECTIONS_REFUSED.ordinal());
            connection.close();
            return false;
        }
        connections.add(connection);
        return true;
    }

    void closed(Channel connection) {
        bump(connectionCounts, IceTcpCounter.CONNECTIONS_CLOSED.ordinal());
    }

    void count(int mediaPortCounterOrdinal) {
        bump(frameCounts, mediaPortCounterOrdinal);
    }

    void framingLost() {
        bump(connectionCounts, IceTcpCounter.FRAMING_ERRORS.ordinal());
    }

    /** The once-a-second sweep on the loop: closes connections whose STUN stopped. */
    private void closeIdle() {
        long now = port.clock().nanos();
        for (Channel connection : connections) {
            IceTcpConnectionHandler handler = connection.pipeline().get(IceTcpConnectionHandler.class);
            if (handler != null && handler.idle(now, idleTimeoutNanos)) {
                bump(connectionCounts, IceTcpCounter.CONNECTIONS_IDLE.ordinal());
                connection.close();
            }
        }
    }

    /** Single writer (the loop): a plain increment published with release semantics, no CAS. */
    private static void bump(AtomicLongArray counts, int ordinal) {
        counts.lazySet(ordinal, counts.get(ordinal) + 1);
    }
}
