package io.edgeway.core.spi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * Where a {@link StunPacketHandler} sends its answers: the local end of the 5-tuple a STUN message
 * arrived on (the media port's UDP socket, or one ICE-TCP connection that adds RFC 4571 framing).
 *
 * <p>Identity matters: the demultiplexer passes the <em>same</em> instance for every packet that
 * arrives on one socket or connection, so a handler may keep it as half of a candidate pair and
 * compare it with {@link Object#equals}. A connection's sink is not reused for another connection.
 *
 * <p>Threading: called only on the thread that called {@link StunPacketHandler#onStun}.
 */
public interface StunReplySink {

    /** The allocator for reply buffers (the channel's, so replies come from the right pool). */
    ByteBufAllocator alloc();

    /**
     * Sends one complete STUN message to {@code to}. <em>Takes ownership</em> of {@code reply}: the
     * sink releases it once written, and also when it cannot be written. On a connection, {@code to}
     * is the connection's remote address and the sink frames the message itself.
     */
    void send(ByteBuf reply, InetSocketAddress to);

    /**
     * Whether this local end is a stream (an ICE-TCP connection, RFC 6544) rather than a datagram socket:
     * ICE ranks the two kinds of local candidate differently (RFC 8445 §5.1.2).
     */
    default boolean isStream() {
        return false;
    }
}
