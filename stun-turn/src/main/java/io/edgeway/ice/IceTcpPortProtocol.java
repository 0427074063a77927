package io.edgeway.ice;

import io.edgeway.core.media.port.IceTcpRouter;
import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunStreamStart;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * ICE-TCP media on a shared port: a stream that opens with an RFC 4571 frame holding a STUN message (RFC
 * 6544: the active side's first frame is its connectivity check) is handed to the media ports'
 * {@link IceTcpRouter}, which moves it to the event loop of the participant that check names and has that
 * loop's {@link io.edgeway.core.media.port.IceTcpListener} adopt it, exactly as one of its own connections.
 * Never inside TLS: browsers do not wrap ICE-TCP in TLS.
 */
public final class IceTcpPortProtocol implements PortProtocol {

    /** RFC 4571 §2: the 16-bit length before each packet. */
    private static final int LENGTH_FIELD = 2;

    private final IceTcpRouter router;

    /** @param router the media ports' ICE-TCP router, whose listeners' limits and counters the connections share */
    public IceTcpPortProtocol(IceTcpRouter router) {
        this.router = router;
    }

    @Override
    public String name() {
        return "ice-tcp";
    }

    @Override
    public Recognition recognise(ByteBuf head) {
        int start = head.readerIndex();
        int available = head.readableBytes();
        if (available >= LENGTH_FIELD) {
            int length = head.getUnsignedShort(start);
            if (length < StunMessage.HEADER_LENGTH) {
                return Recognition.NOT_MINE;
            }
        }
        return StunStreamStart.at(head, start + LENGTH_FIELD);
    }

    /** None: the connection stays where it was accepted until its first check says whose it is. */
    @Override
    public EventLoop home(Channel channel) {
        return null;
    }

    @Override
    public void install(Channel channel) {
        router.route(channel);
    }
}
