package io.edgeway.core.sharedport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.List;

/**
 * One protocol a {@link SharedPortListener} can carry, plugged in by the module that speaks it (TURN by
 * stun-turn, ICE-TCP by the media port, HTTP by signaling), so the listener knows no protocol beyond TLS.
 *
 * <p>The listener's {@link ProtocolSniffer} asks each protocol in turn about the connection's first
 * bytes; the first to answer {@link Recognition#MINE} gets the connection. It is then moved to the
 * protocol's {@link #home} event loop if it names one, and {@link #install} appends the protocol's
 * handlers; the sniffer leaves and the bytes it held flow into them, so the protocol sees the stream
 * from its first byte, as on a dedicated listener. Inside TLS a protocol may instead be chosen by the
 * ALPN id the client and server agreed on ({@link #alpnIds}).
 *
 * <p>Implementations are stateless and thread-safe: one instance serves every connection.
 */
public interface PortProtocol {

    /** What a look at the first bytes says. */
    enum Recognition {
        /** These bytes start this protocol. */
        MINE,
        /** These bytes cannot start this protocol. */
        NOT_MINE,
        /** Too few bytes to tell. */
        NEED_MORE
    }

    /** A short lower-case name, unique per listener: a metric tag and a log word ({@code turn-tls}). */
    String name();

    /**
     * Looks at the stream's first bytes.
     *
     * @param head borrowed; the readable bytes are the stream's first, however many have arrived (at
     *     least one). Must not be modified or released.
     */
    Recognition recognise(ByteBuf head);

    /** ALPN ids (RFC 7301) that choose this protocol inside TLS without looking at bytes; none by default. */
    default List<String> alpnIds() {
        return List.of();
    }

    /**
     * The event loop the connection must live on (its state may be confined there), or null to stay on
     * the loop that accepted it.
     */
    default EventLoop home(Channel channel) {
        return null;
    }

    /**
     * Takes the connection: appends this protocol's handlers with {@code channel.pipeline().addLast}.
     * Called once, on the {@link #home} loop, with the channel already active; handlers must therefore set
     * themselves up in {@code handlerAdded} rather than wait for {@code channelActive}.
     */
    void install(Channel channel);
}
