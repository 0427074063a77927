package io.edgeway.core.proxy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * Where a TCP connection really comes from: the address a trusted load balancer named in its PROXY
 * protocol header, else the socket's own peer. Every handler that rate-limits, logs, answers with a mapped
 * address or checks a peer by its source asks here instead of {@code channel.remoteAddress()}, so a
 * connection relayed by a load balancer is treated as its client and not as the balancer.
 *
 * <p>The address is set once, by {@link ProxyProtocol}'s header handler, before any protocol handler is
 * installed on the connection; it never changes afterwards. Reads are safe from any thread.
 */
public final class ClientAddress {

    private static final AttributeKey<InetSocketAddress> KEY = AttributeKey.valueOf("edgeway.client-address");

    private ClientAddress() {
    }

    /** The client's address: the PROXY header's source when one was accepted, else the socket's peer. */
    public static InetSocketAddress of(Channel channel) {
        InetSocketAddress told = told(channel);
        return told != null ? told : (InetSocketAddress) channel.remoteAddress();
    }

    /** Whether {@link #of} comes from a PROXY header rather than the socket. */
    public static boolean relayed(Channel channel) {
        return told(channel) != null;
    }

    /** The header's address: on the connection, or on its parent for a child channel (an HTTP/2 stream). */
    private static InetSocketAddress told(Channel channel) {
        InetSocketAddress told = channel.attr(KEY).get();
        if (told == null && channel.parent() != null) {
            told = channel.parent().attr(KEY).get();
        }
        return told;
    }

    static void set(Channel channel, InetSocketAddress client) {
        channel.attr(KEY).set(client);
    }
}
