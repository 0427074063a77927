package io.edgeway.turn.netty;

import io.edgeway.core.time.Clock;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.edgeway.stun.auth.CompositeCredentialStore;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.auth.ReloadableCredentialStore;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.core.TurnServerCore;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.edgeway.core.proxy.ProxyProtocol;
import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.turn.policy.SourceRanges;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TURN/STUN server process component: event loops, UDP/TCP/TLS listeners, one
 * {@link TurnServerCore} per event loop, and the once-a-second expiry sweep. Thin: protocol decisions
 * live in the core.
 *
 * <p>UDP: with a native transport every event loop binds its own socket on the listening port
 * (SO_REUSEPORT); the kernel hashes each client's 4-tuple to one of them, so a client's packets, its
 * allocation and its relay socket always share one thread. TCP/TLS: each accepted connection lives on
 * one loop, and so does its allocation.
 */
public final class TurnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnServer.class);

    private final TurnServerConfig config;
    private final EventLoops eventLoops;
    private final TurnServerContext context;
    private final LoopContextRegistry loops = new LoopContextRegistry();
    private final List<Channel> listeners = new ArrayList<>();
    /** Accepted TCP/TLS connections; a closed channel leaves the group by itself. */
    private final ChannelGroup connections = new DefaultChannelGroup("edgeway-turn-connections",
            GlobalEventExecutor.INSTANCE);
    private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
    private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();
    private final List<InetSocketAddress> tlsAddresses = new ArrayList<>();
    private final List<Future<?>> timers = new ArrayList<>();
    private final ReloadableSslContext tls;
    private final ProxyProtocol proxy;
    private volatile boolean closed;

    private TurnServer(TurnServerConfig config, EventLoops eventLoops, TurnServerContext context,
            ReloadableSslContext tls) {
        this.config = config;
        this.tls = tls;
        this.eventLoops = eventLoops;
        this.context = context;
        this.proxy = config.proxyProtocolSources().isEmpty() ? null
                : new ProxyProtocol(SourceRanges.of(config.proxyProtocolSources()), ProxyProtocol.DEFAULT_HEADER_TIMEOUT);
    }

    /** Starts with the system clock and, for TLS, the certificate the configuration names or a self-signed one. */
    public static TurnServer start(TurnServerConfig config) throws Exception {
        return start(config, Clock.SYSTEM, TlsContexts.forConfig(config, relayAddresses(config)));
    }

    /**
     * The certificate the configuration names (cert, pkey), or a self-signed one for this host's names, as a
     * reloadable context with TURN's ALPN labels, whether or not TURN listens on TLS: the process's other TLS
     * listeners serve the same certificate. Blocking file I/O (or key generation): call at start.
     */
    public static ReloadableSslContext tlsContext(TurnServerConfig config) throws Exception {
        return TlsContexts.load(config, relayAddresses(config));
    }

    /**
     * Starts every listener the configuration enables and returns once they are bound.
     *
     * @param tls the TLS context of each new connection (a reload swaps what it returns); null when TLS is off
     */
    public static TurnServer start(TurnServerConfig config, Clock clock, ReloadableSslContext tls) throws Exception {
        List<InetAddress> relayAddresses = relayAddresses(config);
        SecureRandom random = new SecureRandom();
        TurnServerContext context = new TurnServerContext(config, clock, random,
                new ReloadableCredentialStore(CompositeCredentialStore.of(config)), nonces(config, clock, random),
                relayAddresses);
        EventLoops eventLoops = EventLoops.start(toKind(config.transport()), config.eventLoopThreads(), "edgeway-turn");
        TurnServer server = new TurnServer(config, eventLoops, context, tls);
        try {
            server.startCores(clock);
            server.bindListeners();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        LOG.info("TURN server listening udp={} tcp={} tls={} relay={} ports={}-{} realm={}",
                server.udpAddresses, server.tcpAddresses, server.tlsAddresses, relayAddresses,
                config.minPort(), config.maxPort(), config.realm());
        return server;
    }

    /**
     * Stateless nonces keyed by a per-process secret. The nonce cookie advertises PASSWORD-ALGORITHMS
     * always and username anonymity (USERHASH) only when static users exist: a USERHASH cannot be
     * mapped back to a TURN REST username (RFC 8489 §9.2.1).
     */
    private static NonceService nonces(TurnServerConfig config, Clock clock, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        int features = NonceService.PASSWORD_ALGORITHMS
                | (config.staticUsers().isEmpty() ? 0 : NonceService.USERNAME_ANONYMITY);
        return new NonceService(secret, config.nonceLifetime(), clock, features);
    }

    private static TransportKind toKind(TurnServerConfig.TransportPreference preference) {
        switch (preference) {
            case IO_URING: return TransportKind.IO_URING;
            case EPOLL: return TransportKind.EPOLL;
            case NIO: return TransportKind.NIO;
            default: return null;
        }
    }

    private void startCores(Clock clock) throws InterruptedException {
        for (EventExecutor executor : eventLoops.group()) {
            EventLoop loop = (EventLoop) executor;
            LoopContext loopContext = new LoopContext(loop, clock);
            loopContext.core(new TurnServerCore(context, new NettyRelaySockets(loopContext, eventLoops, config),
                    new TurnCounters()));
            loops.add(loopContext);
            timers.add(loop.scheduleAtFixedRate(() -> {
                loopContext.core().onTimeout(clock.nanos());
                loopContext.endBatch();
            }, 1, 1, TimeUnit.SECONDS));
        }
    }

    private void bindListeners() throws Exception {
        List<InetAddress> addresses = config.listeningIps().isEmpty()
                ? Collections.singletonList(null) : config.listeningIps();
        for (InetAddress address : addresses) {
            bindPlainListeners(address);
            if (config.tlsEnabled()) {
                tlsAddresses.add(bindStream(address, config.tlsListeningPort(), TransportProtocol.TLS, tls));
                if (config.altTlsListeningPort() > 0) {
                    tlsAddresses.add(bindStream(address, config.altTlsListeningPort(), TransportProtocol.TLS, tls));
                }
            }
        }
    }

    /** UDP and TCP on the listening port ({@link SharedPort}: a kernel-chosen pair is retried on a clash). */
    private void bindPlainListeners(InetAddress address) throws Exception {
        SharedPort.bind(config.listeningPort(), config.udpEnabled(), config.tcpEnabled(), new SharedPort.Listeners() {
            private int firstListener;
            private int firstUdp;

            @Override
            public int bindUdp(int port) throws InterruptedException {
                firstListener = listeners.size();
                firstUdp = udpAddresses.size();
                return TurnServer.this.bindUdp(address, port);
            }

            @Override
            public void bindTcp(int port) throws InterruptedException {
                tcpAddresses.add(bindStream(address, port, TransportProtocol.TCP, null));
            }

            @Override
            public void releaseUdp() {
                List<Channel> udp = listeners.subList(firstListener, listeners.size());
                LOG.debug("TCP twin of kernel-chosen UDP port {} taken; choosing another", udpAddresses.get(firstUdp));
                for (Channel channel : udp) {
                    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
                }
                udp.clear();
                udpAddresses.subList(firstUdp, udpAddresses.size()).clear();
            }
        });
    }

    private static InetSocketAddress socketAddress(InetAddress address, int port) {
        return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    /** Binds one UDP socket per event loop (SO_REUSEPORT) or a single one on NIO; returns the port. */
    private int bindUdp(InetAddress address, int port) throws InterruptedException {
        int boundPort = port;
        for (LoopContext loop : loops.all()) {
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop.loop())
                    .channel(eventLoops.datagramChannel())
                    .option(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes())
                    .option(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes())
                    .handler(new StunUdpHandler(loop));
            if (eventLoops.supportsReusePort()) {
                bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            Datagrams.batchReads(bootstrap, eventLoops, Datagrams.LISTENER_BATCH);
            Channel channel = bootstrap.bind(socketAddress(address, boundPort)).sync().channel();
            listeners.add(channel);
            InetSocketAddress local = (InetSocketAddress) channel.localAddress();
            boundPort = local.getPort();
            if (udpAddresses.isEmpty() || !udpAddresses.get(udpAddresses.size() - 1).equals(local)) {
                udpAddresses.add(local);
            }
            if (!eventLoops.supportsReusePort()) {
                break;
            }
        }
        return boundPort;
    }

    private InetSocketAddress bindStream(InetAddress address, int port, TransportProtocol transport,
            ReloadableSslContext tls) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops.group())
                .channel(eventLoops.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (proxy != null) {
                            proxy.install(ch, c -> installStream(c, transport, tls));
                        } else {
                            installStream(ch, transport, tls);
                        }
                    }
                });
        Channel channel = bootstrap.bind(socketAddress(address, port)).sync().channel();
        listeners.add(channel);
        return (InetSocketAddress) channel.localAddress();
    }

    /** TLS (when given), framing and the TURN handler of one TCP or TLS connection. */
    private void installStream(Channel ch, TransportProtocol transport, ReloadableSslContext tls) {
        if (tls != null) {
            // Read per connection, never cached: a reloaded certificate serves the next client.
            ch.pipeline().addLast("tls", tls.current().newHandler(ch.alloc()));
        }
        ch.pipeline().addLast("framing", new StunStreamFrameDecoder());
        ch.pipeline().addLast("turn", new StunStreamHandler(loops, transport));
    }

    /**
     * Makes {@code connection}, accepted by another listener (the shared port) on one of this server's event
     * loops and already past any TLS there, a TURN client connection exactly like one of the TCP or TLS
     * listeners': STUN/ChannelData framing, the TURN handler, and closed with the server. Call on the
     * connection's loop.
     *
     * @param transport {@code TLS} when the other listener terminated TLS for it, else {@code TCP}
     * @throws IllegalStateException if the connection is not on one of this server's loops
     */
    public void adoptStream(Channel connection, TransportProtocol transport) {
        loops.of(connection.eventLoop()); // throws for a loop that has no TURN core
        connections.add(connection);
        installStream(connection, transport, null);
    }

    /** The PROXY protocol stage of the TCP and TLS listeners, shared with the process's other listeners; null when off. */
    public ProxyProtocol proxyProtocol() {
        return proxy;
    }

    /**
     * Relay addresses: relay-ip when configured; otherwise the specific listening addresses; otherwise
     * the first global address of each family on this host; loopback as the last resort.
     */
    static List<InetAddress> relayAddresses(TurnServerConfig config) throws SocketException, java.net.UnknownHostException {
        if (!config.relayIps().isEmpty()) {
            return config.relayIps();
        }
        List<InetAddress> specific = new ArrayList<>();
        for (InetAddress address : config.listeningIps()) {
            if (!address.isAnyLocalAddress()) {
                specific.add(address);
            }
        }
        if (!specific.isEmpty()) {
            return specific;
        }
        InetAddress v4 = null;
        InetAddress v6 = null;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address.isLinkLocalAddress() || address.isLoopbackAddress()) {
                    continue;
                }
                if (address instanceof Inet4Address) {
                    v4 = v4 == null ? address : v4;
                } else if (v6 == null) {
                    v6 = withoutScope(address);
                }
            }
        }
        List<InetAddress> found = new ArrayList<>();
        if (v4 != null) {
            found.add(v4);
        }
        if (v6 != null) {
            found.add(v6);
        }
        if (found.isEmpty()) {
            found.add(InetAddress.getLoopbackAddress());
        }
        return found;
    }

    /**
     * An interface's IPv6 address carries its scope ({@code %eth0}); a relay address is advertised to
     * clients and written into certificates, where a scope means nothing, so it is dropped.
     */
    static InetAddress withoutScope(InetAddress address) throws java.net.UnknownHostException {
        return InetAddress.getByAddress(address.getAddress());
    }

    public List<InetSocketAddress> udpAddresses() {
        return Collections.unmodifiableList(udpAddresses);
    }

    public List<InetSocketAddress> tcpAddresses() {
        return Collections.unmodifiableList(tcpAddresses);
    }

    public List<InetSocketAddress> tlsAddresses() {
        return Collections.unmodifiableList(tlsAddresses);
    }

    public TurnServerContext context() {
        return context;
    }

    /** The TLS context holder, for certificate reloads; null when TLS is off. */
    public ReloadableSslContext tls() {
        return tls;
    }

    public TransportKind transportKind() {
        return eventLoops.kind();
    }

    /** The sum of an event counter over every event loop (a scrape-time read). */
    public long count(TurnEvent event) {
        long sum = 0;
        for (LoopContext loop : loops.all()) {
            sum += loop.core().counters().get(event);
        }
        return sum;
    }

    public long relayedPackets(TurnCounters.Direction direction, TransportProtocol transport) {
        long sum = 0;
        for (LoopContext loop : loops.all()) {
            sum += loop.core().counters().relayedPackets(direction, transport);
        }
        return sum;
    }

    public long relayedBytes(TurnCounters.Direction direction, TransportProtocol transport) {
        long sum = 0;
        for (LoopContext loop : loops.all()) {
            sum += loop.core().counters().relayedBytes(direction, transport);
        }
        return sum;
    }

    /** A current amount summed over every event loop (a scrape-time read; may lag by a batch). */
    public long gauge(TurnCounters.Gauge gauge) {
        long sum = 0;
        for (LoopContext loop : loops.all()) {
            sum += loop.core().counters().get(gauge);
        }
        return sum;
    }

    /** The event loops, for loop-level metrics. */
    public EventLoops eventLoops() {
        return eventLoops;
    }

    /**
     * Starts draining: new allocations are refused with 508 while existing ones keep relaying until
     * they end. {@link #allocationCount()} tells when none are left.
     */
    public void drain() {
        context.draining(true);
        LOG.info("draining: refusing new allocations, {} existing keep relaying", gauge(TurnCounters.Gauge.ALLOCATIONS));
    }

    public boolean draining() {
        return context.draining();
    }

    /** Live allocations across all event loops (asks each loop, so it reflects confined state exactly). */
    public int allocationCount() throws InterruptedException {
        int total = 0;
        for (LoopContext loop : loops.all()) {
            total += loop.loop().submit(() -> loop.core().allocationCount()).syncUninterruptibly().getNow();
        }
        return total;
    }

    /** Releases every allocation, closes every socket and stops the event loops. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<?> timer : timers) {
            timer.cancel(false);
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        // Close client connections while their loops still run: each one's allocation is deleted through
        // the core (channelInactive -> onClientClosed), and the client sees the close. The loops' own
        // shutdown is not relied on for this: a graceful shutdown with no quiet period was seen to end a
        // loop with an accepted connection still open, leaking its socket.
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (LoopContext loop : loops.all()) {
            if (!loop.loop().isShuttingDown()) {
                loop.loop().submit(() -> {
                    loop.core().closeAll();
                    loop.endBatch();
                }).awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        eventLoops.close();
        LOG.info("TURN server stopped");
    }
}
