package io.edgeway.turn.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Test fixture: one client 5-tuple as the transport layer would present it to the core. Records every
 * message the core sends; it owns them (as a real transport would) and releases each when a test takes
 * it with {@link #next()} or when {@link #releaseAll()} runs at the end of the test.
 *
 * <p>Confined to the test thread.
 */
public final class FakeTurnClient implements TurnClient {

    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final TransportProtocol transport;
    private final ByteBufAllocator alloc;
    private final ArrayDeque<ByteBuf> sent = new ArrayDeque<>();
    private Allocation allocation;

    public FakeTurnClient(InetSocketAddress remote, InetSocketAddress local, TransportProtocol transport,
            ByteBufAllocator alloc) {
        this.remote = remote;
        this.local = local;
        this.transport = transport;
        this.alloc = alloc;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public TransportProtocol transport() {
        return transport;
    }

    @Override
    public ByteBufAllocator alloc() {
        return alloc;
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void allocation(Allocation allocation) {
        this.allocation = allocation;
    }

    /** Takes ownership, as {@link TurnClient#send} says. */
    @Override
    public void send(ByteBuf message) {
        sent.add(message);
    }

    /** How many messages are waiting to be taken. */
    public int pending() {
        return sent.size();
    }

    /** The oldest message not yet taken, parsed from a copy; the buffer is released. Fails when there is none. */
    public ReceivedMessage next() {
        ByteBuf buf = sent.poll();
        if (buf == null) {
            throw new AssertionError("the server sent nothing to " + remote);
        }
        try {
            return ReceivedMessage.of(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * The oldest message not yet taken, as sent: the caller owns it and must release it (for a test that
     * feeds the server's bytes to a client). Fails when there is none.
     */
    public ByteBuf take() {
        ByteBuf buf = sent.poll();
        if (buf == null) {
            throw new AssertionError("the server sent nothing to " + remote);
        }
        return buf;
    }

    /** Releases whatever the test did not take. */
    public void releaseAll() {
        ByteBuf buf;
        while ((buf = sent.poll()) != null) {
            buf.release();
        }
    }

    @Override
    public String toString() {
        return "FakeTurnClient[" + transport + " " + remote + "]";
    }
}
