package io.edgeway.turn.core;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * One relay socket of an allocation (RFC 8656 §2.2 "relayed transport address"), bound on the event
 * loop that owns the allocation.
 */
public interface RelayEndpoint {

    /** The bound local address (the private side when external-ip mapping is configured). */
    InetSocketAddress localAddress();

    /** Queues a datagram to a peer; takes ownership of {@code payload}. Flushed at the end of the read batch. */
    void send(ByteBuf payload, InetSocketAddress peer);

    /** Closes the socket; idempotent. */
    void close();
}
