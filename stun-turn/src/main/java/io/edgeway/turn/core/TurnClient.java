package io.edgeway.turn.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * One client 5-tuple as the transport layer sees it: a UDP source address on a listening socket, or
 * one TCP/TLS connection. An allocation belongs to exactly one client (RFC 8656 §2.2), and the
 * transport layer finds the allocation of an incoming packet through its client.
 *
 * <p>Confined to its event loop.
 */
public interface TurnClient {

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    TransportProtocol transport();

    ByteBufAllocator alloc();

    /** The allocation of this 5-tuple, or null. */
    Allocation allocation();

    /**
     * Attaches (or with null, detaches) the allocation. Datagram transports index the client by its
     * source address while it has an allocation, so that ChannelData finds it.
     */
    void allocation(Allocation allocation);

    /** Queues a message to the client; takes ownership of {@code message}. Flushed at the end of the read batch. */
    void send(ByteBuf message);
}
