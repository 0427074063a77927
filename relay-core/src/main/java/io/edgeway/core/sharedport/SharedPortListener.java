package io.edgeway.core.sharedport;

import io.edgeway.core.proxy.ProxyProtocol;
import io.edgeway.core.tls.ReloadableSslContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP port that carries several protocols, for networks that let little more than TCP 443 out: each
 * connection is told apart by its first bytes ({@link ProtocolSniffer}) and handed to the very pipeline a
 * dedicated listener of that protocol would give it. TLS is terminated here with a reloadable certificate;
 * inside it the protocol is chosen by ALPN when the client offered one the server knows, else by the first
 * decrypted bytes. The same class serves a port with TLS alone (HTTPS).
 *
 * <p>An undecided connection costs one bounded slot: at most {@code maxUndecided} at once (more are
 * closed as they arrive), each closed if its protocol is not settled within {@code decideTimeout} (the
 * TLS handshake included) or its first bytes start none. Optionally a {@link ProxyProtocol} stage comes
 * first, so that a load balancer's connections carry their client's address.
 *
 * <h2>Threading</h2>
 * Connections are accepted on the given group; a protocol that names a {@link PortProtocol#home home} loop
 * gets its connections moved there (deregistered and registered again) before its handlers are installed.
 * Native epoll and NIO channels can move; io_uring channels cannot, so a listener whose protocols name
 * other loops must not run on io_uring (the process's configuration refuses the pair). {@link #bind} and {@link #close}
 * from any thread but those loops; counters from any thread.
 */
public final class SharedPortListener implements AutoCloseable {

    /** How long a connection may take to show its protocol (the TLS handshake included). */
    public static final Duration DEFAULT_DECIDE_TIMEOUT = Duration.ofSeconds(10);
    /** Connections whose protocol is not yet known, at most; more are closed as they are accepted. */
    public static final int DEFAULT_MAX_UNDECIDED = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SharedPortListener.class);
    private static final AttributeKey<AtomicBoolean> UNDECIDED = AttributeKey.valueOf("edgeway.shared-port.undecided");

    private final String name;
    private final long decideTimeoutMillis;
    private final int maxUndecided;
    private final AtomicInteger undecided = new AtomicInteger();
    private final AtomicLongArray counts = new AtomicLongArray(SharedPortCounter.values().length);
    private final Map<String, AtomicLong> handedOver = new LinkedHashMap<>();
    private final ChannelGroup undecidedChannels =
            new DefaultChannelGroup("edgeway-shared-port-undecided", GlobalEventExecutor.INSTANCE);
    private List<PortProtocol> outer;
    private Channel server;

    private SharedPortListener(String name, Duration decideTimeout, int maxUndecided) {
        this.name = name;
        this.decideTimeoutMillis = decideTimeout.toMillis();
        this.maxUndecided = maxUndecided;
    }

    /** A listener called {@code name} in logs ({@code shared-port}, {@code https}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The bound address (with the kernel's port when bound to 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** How many connections ended their undecided time with {@code counter}. */
    public long count(SharedPortCounter counter) {
        return counts.get(counter.ordinal());
    }

    /** How many connections the protocol called {@code protocolName} took; 0 for a name not carried. */
    public long handedOver(String protocolName) {
        AtomicLong n = handedOver.get(protocolName);
        return n == null ? 0 : n.get();
    }

    /** The names of the protocols this listener carries, TLS and those inside it included. */
    public Set<String> protocolNames() {
        return handedOver.keySet();
    }

    /** Connections open now whose protocol is not yet known. */
    public int undecidedCount() {
        return undecided.get();
    }

    /** Stops listening and closes the connections still undecided; handed-over ones belong to their protocol. */
    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        undecidedChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return name + (server == null ? "" : " " + server.localAddress());
    }

    // Package-private: the sniffers.

    long decideTimeoutMillis() {
        return decideTimeoutMillis;
    }

    void bump(SharedPortCounter counter) {
        counts.incrementAndGet(counter.ordinal());
    }

    /** A protocol took {@code channel}: counted, and unless it is TLS (still undecided inside) its slot is freed. */
    void handedOver(PortProtocol protocol, Channel channel) {
        AtomicLong n = handedOver.get(protocol.name());
        if (n != null) {
            n.incrementAndGet();
        }
        if (!(protocol instanceof TlsPortProtocol)) {
            release(channel);
        }
    }

    private void release(Channel channel) {
        AtomicBoolean slot = channel.attr(UNDECIDED).get();
        if (slot != null && slot.compareAndSet(true, false)) {
            undecided.decrementAndGet();
            undecidedChannels.remove(channel);
        }
    }

    private void accept(Channel channel, ProxyProtocol proxy) {
        bump(SharedPortCounter.ACCEPTED);
        if (undecided.incrementAndGet() > maxUndecided) {
            undecided.decrementAndGet();
            bump(SharedPortCounter.REFUSED);
            channel.close();
            return;
        }
        channel.attr(UNDECIDED).set(new AtomicBoolean(true));
        undecidedChannels.add(channel);
        channel.closeFuture().addListener(f -> release(channel));
        if (proxy != null) {
            proxy.install(channel, c -> c.pipeline().addLast("sniffer", new ProtocolSniffer(outer, this, false)));
        } else {
            channel.pipeline().addLast("sniffer", new ProtocolSniffer(outer, this, false));
        }
    }

    /** Collects a listener's protocols and limits; {@link #bind} starts it. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<PortProtocol> plain = new ArrayList<>();
        private final List<PortProtocol> insideTls = new ArrayList<>();
        private ReloadableSslContext tls;
        private ProxyProtocol proxy;
        private EventLoopGroup group;
        private Class<? extends ServerChannel> channelType;
        private Duration decideTimeout = DEFAULT_DECIDE_TIMEOUT;
        private int maxUndecided = DEFAULT_MAX_UNDECIDED;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Accept on {@code group} with server channels of {@code type} (the transport of that group). */
        public Builder acceptOn(EventLoopGroup group, Class<? extends ServerChannel> type) {
            this.group = Objects.requireNonNull(group, "group");
            this.channelType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** A protocol recognised on the plain stream (before any TLS), asked in the order added. */
        public Builder plain(PortProtocol protocol) {
            plain.add(Objects.requireNonNull(protocol, "protocol"));
            return this;
        }

        /**
         * Terminates TLS with {@code context}'s certificate (followed on reload) and carries
         * {@code protocols} inside it, asked in this order; their ALPN ids are offered in this order too.
         */
        public Builder tls(ReloadableSslContext context, List<PortProtocol> protocols) {
            this.tls = Objects.requireNonNull(context, "context");
            insideTls.addAll(protocols);
            return this;
        }

        /** A PROXY protocol stage before everything; null for none. */
        public Builder proxyProtocol(ProxyProtocol proxyProtocol) {
            this.proxy = proxyProtocol;
            return this;
        }

        public Builder decideTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("decide timeout must be positive, got " + timeout);
            }
            this.decideTimeout = timeout;
            return this;
        }

        public Builder maxUndecided(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max undecided connections must be positive, got " + max);
            }
            this.maxUndecided = max;
            return this;
        }

        /**
         * Binds {@code local} and starts accepting.
         *
         * @throws InterruptedException if interrupted while binding
         * @throws javax.net.ssl.SSLException if the TLS context cannot take the protocols' ALPN ids
         * @throws IllegalStateException if no protocol or no event loops were given, or two share a name
         */
        public SharedPortListener bind(InetSocketAddress local) throws InterruptedException, javax.net.ssl.SSLException {
            if (group == null) {
                throw new IllegalStateException("acceptOn was not called");
            }
            if (plain.isEmpty() && (tls == null || insideTls.isEmpty())) {
                throw new IllegalStateException(name + ": no protocol to carry");
            }
            SharedPortListener listener = new SharedPortListener(name, decideTimeout, maxUndecided);
            List<PortProtocol> outer = new ArrayList<>();
            if (tls != null) {
                Set<String> alpn = new LinkedHashSet<>();
                insideTls.forEach(p -> alpn.addAll(p.alpnIds()));
                outer.add(new TlsPortProtocol(tls.withAlpn(List.copyOf(alpn)), insideTls, listener));
            }
            outer.addAll(plain);
            for (PortProtocol protocol : outer) {
                register(listener, protocol);
                if (protocol instanceof TlsPortProtocol t) {
                    t.inside().forEach(p -> register(listener, p));
                }
            }
            listener.outer = List.copyOf(outer);
            ProxyProtocol proxyStage = proxy;
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            listener.accept(ch, proxyStage);
                        }
                    });
            listener.server = bootstrap.bind(local).sync().channel();
            LOG.info("{} listening on {}: {}", name, listener.server.localAddress(), listener.protocolNames());
            return listener;
        }

        private static void register(SharedPortListener listener, PortProtocol protocol) {
            if (listener.handedOver.putIfAbsent(protocol.name(), new AtomicLong()) != null) {
                throw new IllegalStateException("two protocols are called " + protocol.name());
            }
        }
    }
}
