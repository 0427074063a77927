package io.edgeway.core.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A Netty TLS echo server on 127.0.0.1 that follows the {@link ReloadableSslContext} contract the TURN
 * TLS listener will: one {@code current().newHandler(ch.alloc())} per accepted connection.
 * {@link #close()} closes every channel and shuts the event loops down, which releases every buffer the
 * SslHandlers held.
 */
final class TlsEchoServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;

    TlsEchoServer(ReloadableSslContext tls) {
        boolean bound = false;
        try {
            serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.current().newHandler(ch.alloc()), Echo.INSTANCE);
                        }
                    })
                    .bind("127.0.0.1", 0).syncUninterruptibly().channel();
            bound = true;
        } finally {
            if (!bound) {
                shutdown();
            }
        }
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Writes every decrypted buffer back; the write takes ownership of it. */
    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Refused handshakes land here; the test checks what the client saw.
            ctx.close();
        }
    }
}
