package io.edgeway.bench.load;

import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own TURN peer: a UDP socket that sends every datagram straight back to where it came
 * from (the allocation's relayed address), so each load packet crosses the server twice. With a native
 * transport {@link #SOCKETS_PER_LOOP} sockets per worker loop bind the same port (SO_REUSEPORT; the kernel
 * spreads relayed addresses over them) and count into that loop's {@link LoadWorker}; reads are batched
 * with recvmmsg. Several sockets give the peer several receive buffers: on a shared machine the harness
 * thread can be descheduled for tens of milliseconds, and one buffer then overflows at high rates, which
 * would be counted as the server's loss.
 *
 * <p>Owns the datagrams it reads: each is echoed (its content retained into the reply) and released.
 */
final class EchoPeer implements AutoCloseable {

    static final int SOCKETS_PER_LOOP = 16;

    private final List<Channel> channels = new ArrayList<>();
    private final InetSocketAddress address;

    private EchoPeer(InetSocketAddress address) {
        this.address = address;
    }

    static EchoPeer start(EventLoops loops, List<LoadWorker> workers, InetAddress bindAddress)
            throws InterruptedException {
        EchoPeer peer = null;
        int port = 0;
        for (int i = 0; i < workers.size() * (loops.supportsReusePort() ? SOCKETS_PER_LOOP : 1); i++) {
            LoadWorker worker = workers.get(i % workers.size());
            Bootstrap bootstrap = new Bootstrap().group(worker.loop).channel(loops.datagramChannel())
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .handler(new EchoHandler(worker));
            if (loops.supportsReusePort()) {
                bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
                bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048);
            }
            Channel channel = bootstrap.bind(bindAddress, port).sync().channel();
            if (peer == null) {
                peer = new EchoPeer((InetSocketAddress) channel.localAddress());
                port = peer.address.getPort();
            }
            peer.channels.add(channel);
            if (!loops.supportsReusePort()) {
                break;
            }
        }
        return peer;
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        private final LoadWorker worker;

        EchoHandler(LoadWorker worker) {
            this.worker = worker;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                ByteBuf content = packet.content();
                int offset = content.readerIndex();
                if (Payload.isLoadPacket(content, offset, content.readableBytes(), worker.options.payloadSize())) {
                    worker.onPeerReceived(content, offset);
                    ctx.write(new DatagramPacket(content.retain(), packet.sender()), ctx.voidPromise());
                }
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            worker.onTransportError(cause);
        }
    }
}
