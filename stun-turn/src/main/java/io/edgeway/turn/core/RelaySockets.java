package io.edgeway.turn.core;

import java.net.InetAddress;

/**
 * Opens relay sockets for the core. Implemented by the Netty layer, which binds them on the calling
 * event loop so that an allocation's relay traffic never changes threads.
 */
public interface RelaySockets {

    /**
     * Binds a UDP socket on {@code address:port} whose received datagrams are delivered to
     * {@link TurnServerCore#onPeerDatagram}. Returns null when the port cannot be bound.
     */
    RelayEndpoint open(Allocation owner, InetAddress address, int port);
}
