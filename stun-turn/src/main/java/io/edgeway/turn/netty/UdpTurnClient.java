package io.edgeway.turn.netty;

import io.edgeway.turn.core.Allocation;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A UDP client: one source address on one listening socket. While it holds an allocation it is kept
 * in the listener's table so that ChannelData from that address finds it. Confined to the listener's
 * event loop.
 */
final class UdpTurnClient implements TurnClient {

    private final Channel listener;
    private final LoopContext loop;
    private final Map<InetSocketAddress, UdpTurnClient> table;
    private final InetSocketAddress remote;
    private Allocation allocation;

    UdpTurnClient(Channel listener, LoopContext loop, Map<InetSocketAddress, UdpTurnClient> table,
            InetSocketAddress remote) {
        this.listener = listener;
        this.loop = loop;
        this.table = table;
        this.remote = remote;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public TransportProtocol transport() {
        return TransportProtocol.UDP;
    }

    @Override
    public ByteBufAllocator alloc() {
        return listener.alloc();
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void allocation(Allocation allocation) {
        this.allocation = allocation;
        if (allocation != null) {
            table.put(remote, this);
        } else {
            table.remove(remote, this);
        }
    }

    @Override
    public void send(ByteBuf message) {
        listener.write(new DatagramPacket(message, remote), listener.voidPromise());
        loop.written(listener);
    }
}
