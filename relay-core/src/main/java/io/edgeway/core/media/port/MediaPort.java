package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU's media port: one UDP socket that every participant's ICE checks, DTLS handshake and
 * SRTP/SRTCP share, demultiplexed by first byte (RFC 7983 §7):
 * <ul>
 *   <li>0-3, STUN: to the {@link StunPacketHandler} (stun-turn's ICE-lite responder), with this socket's
 *       {@link StunReplySink}, which writes answers back on this socket;</li>
 *   <li>20-63, DTLS: to the {@link ParticipantTransport} whose validated or selected pair has the
 *       sender's address, else dropped;</li>
 *   <li>128-191, RTP/RTCP: to the {@link MediaPacketHandler} with that transport, else dropped;</li>
 *   <li>anything else: dropped.</li>
 * </ul>
 * Every datagram is counted once in a {@link MediaPortCounter}.
 *
 * <h2>Threading</h2>
 * The socket is bound on one event loop and everything of the port runs there: the ICE-lite responder
 * is single-threaded by design, and keeping every participant's transport on the same loop lets the
 * routing table be a plain map. A once-a-second task on that loop drives
 * {@link StunPacketHandler#onTimeout} (consent expiry) and each DTLS endpoint's handshake deadline; a
 * second one, every {@value #MEDIA_TICK_MILLIS} ms, drives {@link MediaPacketHandler#onTimeout} (the SFU's
 * own RTCP) and flushes what it queued.
 * {@link #newTransport} and {@link #close()} are safe from any thread; counters may be read from any
 * thread.
 *
 * <h2>Buffers</h2>
 * The port owns every datagram it reads and releases it after dispatch, on every path; handlers borrow.
 * Replies and DTLS flights are allocated from the channel's allocator and released by the channel.
 */
public final class MediaPort implements AutoCloseable {

    /** The media port when none is configured. */
    public static final int DEFAULT_PORT = 10000;
    /**
     * SO_RCVBUF and SO_SNDBUF. Set explicitly: the kernel default (about 212 KB) dropped two thirds of a
     * burst on this machine, and one port carries every participant's media.
     */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Larger than any datagram a WebRTC peer sends (about 1,200 bytes; 1,500 at most). */
    static final int MAX_PAYLOAD = 2048;
    /** Datagrams per recvmmsg with native epoll. */
    static final int READ_BATCH = 32;
    private static final long TICK_SECONDS = 1;
    /**
     * Period of the {@link MediaPacketHandler#onTimeout} tick: short enough for transport-wide congestion
     * feedback, which senders expect about every 100 ms.
     */
    public static final long MEDIA_TICK_MILLIS = 100;

    /**
     * Datagrams queued on the channel between flushes, at most. Netty recycles the channel's per-write
     * entries through a per-thread batch of 32 ({@code io.netty.recycler.chunkSize}) and, beyond it, a queue
     * that allocates a new chunk of 32 each time it fills one, so a flush holding a read batch's fan-out to a
     * session of 100 (up to {@value #READ_BATCH} x 99 copies) left about 3 bytes of garbage per copy
     * (SlotForwardingBench). Flushing every 32 keeps every entry in the batch, at the price of one more
     * flush per 32 copies.
     */
    static final int MAX_UNFLUSHED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(MediaPort.class);

    private final Channel channel;
    private final EventLoop loop;
    private final StunPacketHandler stun;
    private final MediaPacketHandler media;
    private final DtlsServerContext dtls;
    private final Clock clock;
    private final StunReplySink replySink;
    private final AtomicLongArray counts = new AtomicLongArray(MediaPortCounter.values().length);
    /** Loop only: remote address -> transport, for DTLS and media. */
    private final HashMap<InetSocketAddress, ParticipantTransport> routes = new HashMap<>();
    /** Every live transport, for the sweep and for close; written from any thread. */
    private final Set<ParticipantTransport> transports = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> tick;
    private final ScheduledFuture<?> mediaTick;
    /** Datagrams written since the last {@link #flush}. Loop only. */
    private int unflushed;

    private MediaPort(Channel channel, StunPacketHandler stun, MediaPacketHandler media, DtlsServerContext dtls,
            Clock clock) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.stun = stun;
        this.media = media;
        this.dtls = dtls;
        this.clock = clock;
        this.replySink = new SocketReplySink(channel);
        this.tick = loop.scheduleAtFixedRate(this::onTick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        this.mediaTick = loop.scheduleAtFixedRate(this::onMediaTick, MEDIA_TICK_MILLIS, MEDIA_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Binds the media port on one event loop of {@code loops}.
     *
     * @param local   where to bind; port {@link #DEFAULT_PORT} in production, 0 in tests
     * @param stun    the ICE-lite responder; from now on called on this port's loop only
     * @param media   where SRTP/SRTCP goes; {@link MediaPacketHandler#DROP} until forwarding exists
     * @param dtls    creates each participant's DTLS endpoint
     * @param clock   read once per read batch and once per sweep
     * @throws InterruptedException if interrupted while binding
     */
    public static MediaPort bind(EventLoops loops, InetSocketAddress local, StunPacketHandler stun,
            MediaPacketHandler media, DtlsServerContext dtls, Clock clock) throws InterruptedException {
        Objects.requireNonNull(stun, "stun");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(dtls, "dtls");
        Objects.requireNonNull(clock, "clock");
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group().next())
                .channel(loops.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, DEFAULT_SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, DEFAULT_SOCKET_BUFFER_BYTES)
                .handler(new ChannelInboundHandlerAdapter());
        if (loops.kind() == TransportKind.EPOLL) {
            // recvmmsg: several datagrams per system call, each a slice of one buffer that holds a batch.
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_PAYLOAD);
            bootstrap.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_PAYLOAD * READ_BATCH));
        }
        // Registered but not yet bound: no datagram can arrive before the port's handler is in place.
        Channel channel = bootstrap.register().sync().channel();
        MediaPort port = attach(channel, stun, media, dtls, clock);
        try {
            channel.bind(local).sync();
        } catch (RuntimeException | InterruptedException e) {
            port.close();
            throw e;
        }
        LOG.info("media port bound on {}", channel.localAddress());
        return port;
    }

    /**
     * Makes {@code channel} a media port: adds the demultiplexing handler and starts the sweep. For
     * {@link #bind} and for tests on an {@code EmbeddedChannel}.
     */
    static MediaPort attach(Channel channel, StunPacketHandler stun, MediaPacketHandler media,
            DtlsServerContext dtls, Clock clock) {
        MediaPort[] port = new MediaPort[1];
        channel.pipeline().addLast("media-port", new MediaPortHandler(() -> port[0], stun, media, clock));
        port[0] = new MediaPort(channel, stun, media, dtls, clock);
        return port[0];
    }

    /**
     * A transport for one participant, created when its offer arrives; hand it to the ICE agent's
     * events. Any thread.
     *
     * @param participantId      the session layer's identifier
     * @param remoteFingerprint  the participant's {@code a=fingerprint} (parsed from its SDP)
     * @param listener           told, on this port's loop, when DTLS connects and when the transport is gone
     */
    public ParticipantTransport newTransport(String participantId, CertificateFingerprint remoteFingerprint,
            ParticipantTransportListener listener) {
        ParticipantTransport transport = new ParticipantTransport(participantId, this, dtls, remoteFingerprint,
                listener);
        transports.add(transport);
        if (!channel.isOpen()) {
            transport.close();
        }
        return transport;
    }

    /** The bound address (with the kernel's port when bound to 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** This socket's STUN reply sink: the local end of every candidate pair on this port. */
    public StunReplySink replySink() {
        return replySink;
    }

    /**
     * Whether a candidate pair whose local end is {@code local} belongs to this port: its UDP socket's
     * {@link #replySink()}, or one of the connections of an {@link IceTcpListener} bound on this port.
     * Any thread.
     */
    public boolean carries(StunReplySink local) {
        return local == replySink || local instanceof IceTcpConnection connection && connection.port() == this;
    }

    /** How many datagrams ended with {@code counter}; exact from any thread once the write happened. */
    public long count(MediaPortCounter counter) {
        return counts.get(counter.ordinal());
    }

    /** Live transports; any thread. */
    public int transportCount() {
        return transports.size();
    }

    /** Closes the socket and ends every transport with {@code CLOSED}. Idempotent; any thread. */
    @Override
    public void close() {
        tick.cancel(false);
        mediaTick.cancel(false);
        for (ParticipantTransport transport : new ArrayList<>(transports)) {
            transport.close();
        }
        channel.close().syncUninterruptibly();
    }

    /**
     * The one event loop everything of this port runs on. The session layer runs its own state here
     * too (hand work over with {@code execute}), so that it meets the transports' listener callbacks
     * and the {@link MediaPacketHandler} on the same thread and needs no locks. Any thread.
     */
    public EventLoop eventLoop() {
        return loop;
    }

    // ---------------------------------------------------------------------------------------------
    // Package-private: the handler and the transports (loop only unless stated)
    // ---------------------------------------------------------------------------------------------

    /** Any thread. */
    Channel channel() {
        return channel;
    }

    /** One datagram was written on the channel: flushes at {@value #MAX_UNFLUSHED} unflushed. Loop only. */
    void queued() {
        if (++unflushed >= MAX_UNFLUSHED) {
            flush();
        }
    }

    /** Flushes what the channel queued: the end of a read batch, a tick. Loop only. */
    void flush() {
        unflushed = 0;
        channel.flush();
    }

    /** The ICE-lite responder, for the port's ICE-TCP connections (which run on this loop too). */
    StunPacketHandler stunHandler() {
        return stun;
    }

    /** Where SRTP/SRTCP goes, for the port's ICE-TCP connections. */
    MediaPacketHandler mediaHandler() {
        return media;
    }

    Clock clock() {
        return clock;
    }

    /** Single writer (the loop): a plain increment published with release semantics, no CAS. */
    void count(int counterOrdinal) {
        counts.lazySet(counterOrdinal, counts.get(counterOrdinal) + 1);
    }

    ParticipantTransport transportAt(InetSocketAddress remote) {
        return routes.get(remote);
    }

    void route(InetSocketAddress remote, ParticipantTransport transport) {
        // The latest claim wins: a 5-tuple belongs to one browser, and a re-used one is a new candidate.
        routes.put(remote, transport);
    }

    void unroute(InetSocketAddress remote, ParticipantTransport transport) {
        routes.remove(remote, transport);
    }

    /** Any thread. */
    void forget(ParticipantTransport transport) {
        transports.remove(transport);
    }

    private void onTick() {
        try {
            long now = clock.nanos();
            stun.onTimeout(now);
            for (ParticipantTransport transport : transports) {
                transport.onTimeout(now);
            }
        } catch (RuntimeException e) {
            count(MediaPortCounter.HANDLER_FAILED.ordinal());
            LOG.warn("media port sweep failed", e);
        }
        flush();
    }

    private void onMediaTick() {
        try {
            media.onTimeout(clock.nanos());
        } catch (RuntimeException e) {
            count(MediaPortCounter.HANDLER_FAILED.ordinal());
            LOG.warn("media tick failed", e);
        }
        flush();
    }

    /** Writes STUN answers on this socket; flushed once per read batch by the handler. Loop only. */
    private static final class SocketReplySink implements StunReplySink {
        private final Channel channel;

        SocketReplySink(Channel channel) {
            this.channel = channel;
        }

        @Override
        public ByteBufAllocator alloc() {
            return channel.alloc();
        }

        @Override
        public void send(ByteBuf reply, InetSocketAddress to) {
            // A failed write (closed channel) releases the packet; voidPromise reports it to the handler.
            channel.write(new DatagramPacket(reply, to), channel.voidPromise());
        }

        @Override
        public String toString() {
            return "udp:" + channel.localAddress();
        }
    }
}
