package io.edgeway.turn.netty;

import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.core.tls.ServerTlsContexts;
import io.edgeway.stun.codec.StunStreamStart;
import io.edgeway.turn.core.TransportProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;

/**
 * TURN on a shared port: a stream that opens with a STUN message (RFC 8489 §5: two zero bits, then the
 * magic cookie at offset 4; a client's first message is a request, never ChannelData) is handed to the
 * {@link TurnServer} as one of its TCP or TLS client connections. Inside TLS the RFC 7443 ALPN labels
 * choose it too. The shared port accepts on the TURN server's own event loops, so the connection stays
 * where it was accepted and its allocation lives there.
 */
public final class TurnPortProtocol implements PortProtocol {

    private final TurnServer server;
    private final TransportProtocol transport;

    private TurnPortProtocol(TurnServer server, TransportProtocol transport) {
        this.server = server;
        this.transport = transport;
    }

    /** TURN over TCP on the plain stream ({@code turn:HOST:PORT?transport=tcp}). */
    public static TurnPortProtocol overTcp(TurnServer server) {
        return new TurnPortProtocol(server, TransportProtocol.TCP);
    }

    /** TURN inside the shared port's TLS ({@code turns:HOST:PORT?transport=tcp}). */
    public static TurnPortProtocol overTls(TurnServer server) {
        return new TurnPortProtocol(server, TransportProtocol.TLS);
    }

    @Override
    public String name() {
        return transport == TransportProtocol.TLS ? "turn-tls" : "turn-tcp";
    }

    @Override
    public Recognition recognise(ByteBuf head) {
        return StunStreamStart.at(head, head.readerIndex());
    }

    @Override
    public List<String> alpnIds() {
        return transport == TransportProtocol.TLS ? ServerTlsContexts.ALPN_PROTOCOLS : List.of();
    }

    @Override
    public void install(Channel channel) {
        server.adoptStream(channel, transport);
    }
}
