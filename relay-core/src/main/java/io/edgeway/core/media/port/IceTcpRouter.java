package io.edgeway.core.media.port;

import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE-TCP for media ports on several event loops: each connection ends on the loop of the participant it
 * belongs to, whichever loop accepted it. A process that spreads its sessions over its loops has one
 * {@link MediaPort} and one {@link IceTcpListener} ({@link IceTcpListener#attach}, no socket) per loop, but
 * one TCP port for ICE-TCP ({@link #listen}) and possibly a shared port too; a connection to either cannot
 * be accepted on the right loop, because nothing before its first bytes says whose it is.
 *
 * <p>Theory of operation. RFC 6544: the active side (the browser) opens the connection to send a
 * connectivity check on it, so its first RFC 4571 frame is a STUN Binding request whose USERNAME starts with
 * the ufrag the SFU gave that participant. Each connection gets an {@link IceTcpHandover} first: it keeps the
 * bytes until that frame is complete, asks the {@link Resolver} (stun-turn reads the USERNAME and knows which
 * port's ICE agent registered the ufrag) which port it belongs to, moves the channel to that port's loop
 * (Netty's deregister, then register; reads resume there) and has that port's listener {@link
 * IceTcpListener#adopt adopt} it, then steps aside so that the bytes it kept reach the listener's handlers
 * from the first one. A connection whose first frame names no known participant, is not a plausible check
 * or does not complete within {@link #FIRST_FRAME_TIMEOUT} goes to a default listener (its accepting loop's,
 * else the first), whose handlers judge it as they judge any connection: a 401 for an unknown ufrag, closed
 * for broken framing, closed when idle, each counted there. The router only decides where; it never answers
 * and never counts a frame.
 *
 * <p>At most {@code maxPending} connections wait for their first frame at once; more are closed as soon as
 * they arrive and counted as refused by the default listener (as a listener refuses connections beyond its
 * own limit). Moving a channel needs the epoll or NIO transport: io_uring channels cannot be re-registered.
 *
 * <p>Thread-safe: {@link #route} from any loop; the resolver is called on the loop that accepted the
 * connection. Nothing here runs per packet: a connection passes through once.
 */
public final class IceTcpRouter implements AutoCloseable {

    /** Which media port's participant a connectivity check names; implemented by stun-turn. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param check borrowed, not to be modified or released: the payload of a connection's first RFC 4571
         *     frame (a STUN message, if the peer is an ICE agent)
         * @return the port whose ICE agent registered the local ufrag the check's USERNAME starts with, or null
         *     when it is not a check or names nobody. Must not throw; called on any event loop.
         */
        MediaPort portOf(ByteBuf check);
    }

    /** How long a connection may take to send its first complete frame before it goes to the default listener. */
    public static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A first frame longer than this is no connectivity check (one is a STUN header with USERNAME, PRIORITY,
     * a tie-breaker, MESSAGE-INTEGRITY and FINGERPRINT: about 100 bytes, 600 with the longest USERNAME).
     */
    static final int MAX_FIRST_FRAME = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IceTcpRouter.class);

    private final List<IceTcpListener> listeners;
    private final Resolver resolver;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final long firstFrameTimeoutNanos;
    private volatile Channel server;
    private volatile boolean closed;

    private IceTcpRouter(List<IceTcpListener> listeners, Resolver resolver, int maxPending, Duration firstFrameTimeout) {
        this.listeners = List.copyOf(listeners);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        if (this.listeners.isEmpty()) {
            throw new IllegalArgumentException("an ICE-TCP router needs at least one listener");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending connections must be positive, got " + maxPending);
        }
        if (firstFrameTimeout.isNegative() || firstFrameTimeout.isZero()) {
            throw new IllegalArgumentException("first frame timeout must be positive, got " + firstFrameTimeout);
        }
        this.maxPending = maxPending;
        this.firstFrameTimeoutNanos = firstFrameTimeout.toNanos();
    }

    /**
     * A router over {@code listeners} (one per media port, each on its port's loop) with at most
     * {@link IceTcpListener#DEFAULT_MAX_CONNECTIONS} connections waiting for their first frame.
     */
    public static IceTcpRouter over(List<IceTcpListener> listeners, Resolver resolver) {
        return over(listeners, resolver, IceTcpListener.DEFAULT_MAX_CONNECTIONS, FIRST_FRAME_TIMEOUT);
    }

    /** {@link #over(List, Resolver)} with explicit limits (tests). */
    public static IceTcpRouter over(List<IceTcpListener> listeners, Resolver resolver, int maxPending,
            Duration firstFrameTimeout) {
        return new IceTcpRouter(listeners, resolver, maxPending, firstFrameTimeout);
    }

    /**
     * Listens for ICE-TCP connections on {@code local}: accepted on every loop of {@code loops} in turn,
     * each then {@link #route routed}. Once per router.
     *
     * @param loops the event loops the listeners' ports run on (for the channel types, and to accept on)
     * @throws InterruptedException if interrupted while binding
     */
    public synchronized InetSocketAddress listen(EventLoops loops, InetSocketAddress local) throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("already listening on " + server.localAddress());
        }
        EventLoop acceptor = listeners.get(0).port().eventLoop();
        // One listener: its connections are accepted on its loop and never move (io_uring can serve that).
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, listeners.size() == 1 ? acceptor : loops.group())
                .channel(loops.serverSocketChannel())
                // Media is latency-bound and every write is a whole packet: no Nagle delay.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        route(ch);
                    }
                });
        Channel bound = bootstrap.bind(local).sync().channel();
        server = bound;
        LOG.info("ICE-TCP listening on {} for {} media loop(s)", bound.localAddress(), listeners.size());
        return (InetSocketAddress) bound.localAddress();
    }

    /** The address {@link #listen} bound, or null when this router has no socket of its own. */
    public InetSocketAddress localAddress() {
        Channel s = server;
        return s == null ? null : (InetSocketAddress) s.localAddress();
    }

    /**
     * Sends {@code connection}, an ICE-TCP connection on any loop (just accepted, or handed over by a shared
     * port with its first bytes still to come through the pipeline), to the listener of the participant it
     * belongs to. Call on the connection's loop; appends the handover to its pipeline.
     */
    public void route(Channel connection) {
        connection.pipeline().addLast("ice-tcp-handover", new IceTcpHandover(this));
    }

    /** The listeners, one per media port. */
    public List<IceTcpListener> listeners() {
        return listeners;
    }

    /**
     * Stops listening; connections still waiting for their first frame are closed when it comes or their
     * time runs out (those already placed belong to the listeners, which close them). Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        Channel s = server;
        if (s != null) {
            s.close().syncUninterruptibly();
        }
    }

    // Package-private: the handovers.

    boolean isClosed() {
        return closed;
    }

    long firstFrameTimeoutNanos() {
        return firstFrameTimeoutNanos;
    }

    /** A connection starts waiting for its first frame; false when too many wait already (it must be refused). */
    boolean startPending() {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    void endPending() {
        pending.decrementAndGet();
    }

    /** Connections waiting for their first frame now. */
    int pendingCount() {
        return pending.get();
    }

    /** The listener of the participant {@code check} names, or null. */
    IceTcpListener ownerOf(ByteBuf check) {
        MediaPort port;
        try {
            port = resolver.portOf(check);
        } catch (RuntimeException e) {
            LOG.debug("ICE-TCP resolver failed", e);
            return null;
        }
        if (port == null) {
            return null;
        }
        for (IceTcpListener listener : listeners) {
            if (listener.port() == port) {
                return listener;
            }
        }
        return null;
    }

    /** Where a connection goes when its first frame names nobody: its own loop's listener, else the first. */
    IceTcpListener defaultFor(Channel connection) {
        EventLoop loop = connection.eventLoop();
        for (IceTcpListener listener : listeners) {
            if (listener.port().eventLoop() == loop) {
                return listener;
            }
        }
        return listeners.get(0);
    }
}
