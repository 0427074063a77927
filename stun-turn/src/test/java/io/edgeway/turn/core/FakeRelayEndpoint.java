package io.edgeway.turn.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Test fixture: a relay socket that records the datagrams the core sends to peers instead of sending
 * them. It owns each payload (as {@link RelayEndpoint#send} says) and releases it when a test takes it
 * with {@link #next()} or at {@link #releaseAll()}.
 *
 * <p>Confined to the test thread.
 */
public final class FakeRelayEndpoint implements RelayEndpoint {

    /** One datagram to a peer, copied out of the payload buffer. */
    public static final class Datagram {
        private final byte[] payload;
        private final InetSocketAddress peer;

        Datagram(byte[] payload, InetSocketAddress peer) {
            this.payload = payload;
            this.peer = peer;
        }

        public byte[] payload() {
            return payload.clone();
        }

        public InetSocketAddress peer() {
            return peer;
        }
    }

    /** What the core handed over, still as the buffer it passed, so tests can check its ownership. */
    public static final class Queued {
        private final ByteBuf payload;
        private final InetSocketAddress peer;

        Queued(ByteBuf payload, InetSocketAddress peer) {
            this.payload = payload;
            this.peer = peer;
        }

        public ByteBuf payload() {
            return payload;
        }

        public InetSocketAddress peer() {
            return peer;
        }
    }

    private final Allocation owner;
    private final InetSocketAddress localAddress;
    private final ArrayDeque<Queued> sent = new ArrayDeque<>();
    private boolean closed;
    private int sendsAfterClose;

    FakeRelayEndpoint(Allocation owner, InetSocketAddress localAddress) {
        this.owner = owner;
        this.localAddress = localAddress;
    }

    public Allocation owner() {
        return owner;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void send(ByteBuf payload, InetSocketAddress peer) {
        if (closed) {
            sendsAfterClose++;
            payload.release();
            return;
        }
        sent.add(new Queued(payload, peer));
    }

    @Override
    public void close() {
        closed = true;
        releaseAll();
    }

    public boolean isClosed() {
        return closed;
    }

    public int sendsAfterClose() {
        return sendsAfterClose;
    }

    public int pending() {
        return sent.size();
    }

    /** The oldest datagram not yet taken, copied; its buffer is released. Fails when there is none. */
    public Datagram next() {
        Queued queued = sent.poll();
        if (queued == null) {
            throw new AssertionError("nothing was relayed from " + localAddress);
        }
        try {
            return new Datagram(ByteBufUtil.getBytes(queued.payload), queued.peer);
        } finally {
            queued.payload.release();
        }
    }

    /** The oldest datagram as the core passed it; the caller now owns (and must release) the buffer. */
    public Queued take() {
        Queued queued = sent.poll();
        if (queued == null) {
            throw new AssertionError("nothing was relayed from " + localAddress);
        }
        return queued;
    }

    public void releaseAll() {
        Queued queued;
        while ((queued = sent.poll()) != null) {
            queued.payload.release();
        }
    }
}
