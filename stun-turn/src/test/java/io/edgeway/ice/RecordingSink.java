package io.edgeway.ice;

import io.edgeway.core.spi.StunReplySink;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Test fixture: a reply sink that copies each answer (with its destination) and releases the buffer at
 * once, as a real sink releases after the write, so the leak detector sees every answer freed. Answers
 * come from the pooled allocator, as on a real channel.
 */
final class RecordingSink implements StunReplySink {

    record Sent(ReceivedMessage message, InetSocketAddress to) {
    }

    private final String name;
    private final boolean stream;
    private final Queue<Sent> sent = new ArrayDeque<>();

    RecordingSink(String name) {
        this(name, false);
    }

    /** @param stream whether it stands for an ICE-TCP connection rather than the UDP socket */
    RecordingSink(String name, boolean stream) {
        this.name = name;
        this.stream = stream;
    }

    @Override
    public boolean isStream() {
        return stream;
    }

    @Override
    public ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void send(ByteBuf reply, InetSocketAddress to) {
        try {
            sent.add(new Sent(ReceivedMessage.of(reply), to));
        } finally {
            reply.release();
        }
    }

    /** The oldest answer not yet taken, or null. */
    Sent poll() {
        return sent.poll();
    }

    int pending() {
        return sent.size();
    }

    @Override
    public String toString() {
        return "sink:" + name;
    }
}
