package io.edgeway.turn.netty;

import io.edgeway.core.transport.EventLoops;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.Allocation;
import io.edgeway.turn.core.RelayEndpoint;
import io.edgeway.turn.core.RelaySockets;
import io.edgeway.turn.core.TurnEvent;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramChannel;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Binds relay sockets on the event loop of the allocation that asks for them, so the client leg and
 * the relay leg of an allocation share a thread. Called on that loop: registration and bind complete
 * synchronously there, so the Allocate response can carry the bound address at once.
 */
final class NettyRelaySockets implements RelaySockets {

    private final LoopContext loop;
    private final EventLoops eventLoops;
    private final TurnServerConfig config;

    NettyRelaySockets(LoopContext loop, EventLoops eventLoops, TurnServerConfig config) {
        this.loop = loop;
        this.eventLoops = eventLoops;
        this.config = config;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A socket the kernel will not create (no file descriptors left: EMFILE/ENFILE) is, like a port
     * that will not bind, null: the Allocate is then answered 508 Insufficient Capacity, rather than the
     * exception reaching the listener and the client hearing nothing (issue #10). Counted as a socket error.
     */
    @Override
    public RelayEndpoint open(Allocation owner, InetAddress address, int port) {
        DatagramChannel channel;
        try {
            channel = eventLoops.datagramChannel().getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            // The channel's constructor opens the socket: a ChannelException for "Too many open files".
            loop.core().counters().count(TurnEvent.SOCKET_ERROR);
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + eventLoops.datagramChannel(), e);
        }
        try {
            channel.config().setOption(ChannelOption.SO_RCVBUF, config.relaySocketBufferBytes());
            channel.config().setOption(ChannelOption.SO_SNDBUF, config.relaySocketBufferBytes());
        } catch (ChannelException e) {
            channel.unsafe().closeForcibly();
            loop.core().counters().count(TurnEvent.SOCKET_ERROR);
            return null;
        }
        Datagrams.batchReads(channel, eventLoops, Datagrams.RELAY_BATCH);
        channel.pipeline().addLast(new TurnPeerRelayHandler(loop, owner));
        // Registering and binding from the owning loop complete in place (Bootstrap.bind would defer
        // the bind to a later task), so the Allocate response can carry the bound address at once.
        ChannelFuture registered = loop.loop().register(channel);
        if (!registered.isDone() || !registered.isSuccess()) {
            channel.unsafe().closeForcibly();
            throw new IllegalStateException("relay socket registration did not complete on its loop: "
                    + registered.cause());
        }
        ChannelFuture bound = channel.bind(new InetSocketAddress(address, port));
        if (!bound.isDone()) {
            throw new IllegalStateException("relay socket bind did not complete on its loop");
        }
        if (!bound.isSuccess()) {
            channel.close();
            return null;
        }
        return new NettyRelayEndpoint(channel, loop);
    }
}
