package io.edgeway.ice;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test fixture: the smallest real media port. One UDP socket on 127.0.0.1 and one thread that reads
 * datagrams, hands those whose first byte is 0-3 (STUN, RFC 7983 §7) to a {@link StunPacketHandler}
 * with the socket as its {@link StunReplySink}, and calls {@code onTimeout} between reads. The handler
 * lives on that thread only, as the SPI requires.
 */
final class LoopbackMediaPort implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 100;

    private final DatagramSocket socket;
    private final StunPacketHandler handler;
    private final Clock clock;
    private final Thread thread;
    private final Sink sink = new Sink();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    LoopbackMediaPort(StunPacketHandler handler, Clock clock) throws SocketException {
        this.handler = handler;
        this.clock = clock;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.thread = new Thread(this::run, "loopback-media-port");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The reply sink of the socket: the local end of every pair on this port. */
    StunReplySink sink() {
        return sink;
    }

    List<Throwable> failures() {
        return failures;
    }

    private void run() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException idle) {
                handler.onTimeout(clock.nanos());
                continue;
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
            ByteBuf packet = Unpooled.wrappedBuffer(datagram.getData(), datagram.getOffset(), datagram.getLength());
            try {
                int first = packet.readableBytes() > 0 ? packet.getUnsignedByte(packet.readerIndex()) : -1;
                if (first >= 0 && first <= 3) {
                    handler.onStun(clock.nanos(), (InetSocketAddress) datagram.getSocketAddress(), packet, sink);
                }
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                packet.release();
            }
            handler.onTimeout(clock.nanos());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        socket.close();
        thread.join(2_000);
    }

    private final class Sink implements StunReplySink {
        @Override
        public ByteBufAllocator alloc() {
            return PooledByteBufAllocator.DEFAULT;
        }

        @Override
        public void send(ByteBuf reply, InetSocketAddress to) {
            try {
                byte[] bytes = ByteBufUtil.getBytes(reply);
                socket.send(new DatagramPacket(bytes, bytes.length, to));
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
            } finally {
                reply.release();
            }
        }

        @Override
        public String toString() {
            return "udp:" + socket.getLocalSocketAddress();
        }
    }
}
