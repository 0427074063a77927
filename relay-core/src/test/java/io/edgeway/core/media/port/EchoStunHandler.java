package io.edgeway.core.media.port;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Test fixture standing in for the ICE-lite responder: echoes datagrams starting 0x00 or 0x01; says "not STUN" for 0x03 and throws for 0x02, so the
 * port's malformed and failure paths can be reached.
 */
final class EchoStunHandler implements StunPacketHandler {
    final List<InetSocketAddress> from = new CopyOnWriteArrayList<>();
    final Set<StunReplySink> sinks = ConcurrentHashMap.newKeySet();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final CountDownLatch timeouts = new CountDownLatch(1);
    final List<Long> timeoutNanos = new CopyOnWriteArrayList<>();

    @Override
    public boolean onStun(long nowNanos, InetSocketAddress sender, ByteBuf packet, StunReplySink out) {
        threads.add(Thread.currentThread());
        int first = packet.getUnsignedByte(packet.readerIndex());
        if (first == 2) {
            throw new IllegalStateException("handler bug");
        }
        if (first == 3) {
            return false;
        }
        from.add(sender);
        sinks.add(out);
        ByteBuf reply = out.alloc().buffer(packet.readableBytes());
        reply.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
        out.send(reply, sender);
        return true;
    }

    @Override
    public void onTimeout(long nowNanos) {
        timeoutNanos.add(nowNanos);
        timeouts.countDown();
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }
}
