package io.edgeway.core.media.port;

import io.edgeway.core.proxy.ClientAddress;
import io.edgeway.core.spi.StunReplySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * One accepted ICE-TCP connection (RFC 6544, this side passive) of an {@link IceTcpListener}, as the ICE
 * agent and the participant's transport see it: the local end of every candidate pair whose checks
 * arrive on it. It is the {@link StunReplySink} the demultiplexer passes with each of its STUN frames
 * (one instance per connection, never reused), so the ICE agent tells a TCP pair from a UDP one by this
 * sink, and the connection's remote address is the pair's remote end. Replies written here are framed
 * by RFC 4571 on the way out.
 *
 * <p>A connection carries one participant at most: the transport whose pair on it was last validated or
 * selected receives its DTLS and RTP/RTCP frames.
 *
 * <p>Threading: confined to the media port's event loop, except {@link #remoteAddress()},
 * {@link #isOpen()} and the DTLS transmitter path, which are safe from any thread.
 */
public final class IceTcpConnection implements StunReplySink {

    private final Channel channel;
    private final MediaPort port;
    private final InetSocketAddress remote;
    /** Loop only: the participant this connection carries, or null. */
    private ParticipantTransport transport;

    IceTcpConnection(Channel channel, MediaPort port) {
        this.channel = channel;
        this.port = port;
        // Behind a load balancer speaking the PROXY protocol, the client's address, not the balancer's.
        this.remote = ClientAddress.of(channel);
    }

    /** The peer's address: the remote end of every pair on this connection. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** An ICE-TCP connection is a stream: its candidate ranks below the UDP one. */
    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /**
     * Writes one STUN answer, framed by the pipeline's encoder; flushed at the end of the read batch.
     * Takes ownership of {@code reply}; {@code to} is always this connection's peer.
     */
    @Override
    public void send(ByteBuf reply, InetSocketAddress to) {
        // A failed write (closed connection) releases the packet; voidPromise reports it to the handler.
        channel.write(reply, channel.voidPromise());
    }

    MediaPort port() {
        return port;
    }

    /** Loop only: from now on this connection's DTLS and media frames belong to {@code owner}. */
    void carry(ParticipantTransport owner) {
        transport = owner;
    }

    /** Loop only: the transport this connection carries, for every frame on it ({@code from} is its peer). */
    ParticipantTransport transportAt(InetSocketAddress from) {
        ParticipantTransport current = transport;
        if (current != null && current.isGone()) {
            // The participant left: forget it rather than hold on to it until the connection closes.
            transport = null;
            return null;
        }
        return current;
    }

    /** Loop only: the connection ended. */
    void release() {
        transport = null;
    }

    /** Any thread: one DTLS datagram (or media packet) to the peer, framed. Takes ownership. */
    void transmit(ByteBuf packet) {
        channel.writeAndFlush(packet, channel.voidPromise());
    }

    @Override
    public String toString() {
        return "tcp:" + channel.localAddress() + "<-" + remote;
    }
}
