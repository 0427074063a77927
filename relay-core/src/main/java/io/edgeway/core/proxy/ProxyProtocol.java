package io.edgeway.core.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The PROXY protocol (HAProxy's, versions 1 and 2) in front of a TCP or TLS listener, so that behind a
 * load balancer rate limits, logs and peer checks see the client's address rather than the balancer's.
 *
 * <p>Only configured sources are believed. {@link #install} puts one stage first in a new connection's
 * pipeline, chosen by the socket's peer address:
 * <ul>
 *   <li>a <b>trusted</b> source (a balancer) must open with a header, within the header timeout; its
 *       source address becomes the connection's {@link ClientAddress}. A LOCAL header (the balancer's own
 *       health check) keeps the balancer as the client. No header, a malformed one or none in time closes
 *       the connection: a balancer configured to send headers always does, so anything else is an error
 *       to see at once rather than a client silently taken for the balancer;</li>
 *   <li>an <b>untrusted</b> source that opens with a header signature is refused (closed and counted):
 *       believing it would let any client claim any address. Any other first bytes pass on untouched.</li>
 * </ul>
 * Once that is settled the stage removes itself and calls the listener's {@code next}, which installs the
 * protocol handlers; bytes that arrived behind the header flow into them. So every protocol handler is
 * installed after the client address is known and may read it once.
 *
 * <p>Thread-safe and shared by every listener of a process; counters are read at scrape time.
 */
public final class ProxyProtocol {

    /** A header must arrive this soon after the connection opens. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

    private final Predicate<InetAddress> trusted;
    private final long headerTimeoutMillis;
    private final AtomicLongArray counts = new AtomicLongArray(ProxyProtocolCounter.values().length);

    /**
     * @param trusted       which peer addresses are load balancers whose headers are believed
     * @param headerTimeout how long a connection may take to send or rule out a header
     */
    public ProxyProtocol(Predicate<InetAddress> trusted, Duration headerTimeout) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("header timeout must be positive, got " + headerTimeout);
        }
        this.headerTimeoutMillis = headerTimeout.toMillis();
    }

    /**
     * Puts the PROXY stage first in {@code channel}'s pipeline; {@code next} installs the rest once the
     * client address is settled (on the channel's event loop, appending with {@code addLast}). Called from
     * the listener's channel initializer.
     */
    public void install(Channel channel, Consumer<Channel> next) {
        InetSocketAddress peer = (InetSocketAddress) channel.remoteAddress();
        if (peer != null && trusted.test(peer.getAddress())) {
            channel.pipeline().addLast("proxy-signature", ProxyHeaderRefusal.requiringHeader(this));
            channel.pipeline().addLast("proxy-decoder", new HAProxyMessageDecoder());
            channel.pipeline().addLast("proxy-header", new ProxyHeaderHandler(this, next));
        } else {
            channel.pipeline().addLast("proxy-refusal", new ProxyHeaderRefusal(this, next));
        }
    }

    /** Whether {@code source}'s headers are believed. */
    public boolean trusts(InetAddress source) {
        return trusted.test(source);
    }

    /** How many connections ended the PROXY stage with {@code counter}. */
    public long count(ProxyProtocolCounter counter) {
        return counts.get(counter.ordinal());
    }

    long headerTimeoutMillis() {
        return headerTimeoutMillis;
    }

    void count(ProxyProtocolCounter counter, int delta) {
        counts.addAndGet(counter.ordinal(), delta);
    }
}
