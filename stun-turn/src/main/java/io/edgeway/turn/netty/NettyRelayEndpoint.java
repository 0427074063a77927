package io.edgeway.turn.netty;

import io.edgeway.turn.core.RelayEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** A relay socket of one allocation. Confined to the allocation's event loop. */
final class NettyRelayEndpoint implements RelayEndpoint {

    private final DatagramChannel channel;
    private final LoopContext loop;
    private final InetSocketAddress localAddress;

    NettyRelayEndpoint(DatagramChannel channel, LoopContext loop) {
        this.channel = channel;
        this.loop = loop;
        this.localAddress = channel.localAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void send(ByteBuf payload, InetSocketAddress peer) {
        channel.write(new DatagramPacket(payload, peer), channel.voidPromise());
        loop.written(channel);
    }

    @Override
    public void close() {
        channel.close();
    }
}
