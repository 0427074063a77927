package io.edgeway.ice;

import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunStreamStart;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * ICE-TCP media on a shared port: a stream that opens with an RFC 4571 frame holding a STUN message (RFC
 * 6544: the active side's first frame is its connectivity check) is moved to the media port's event loop
 * and adopted by the {@link IceTcpListener}, exactly as one of its own connections. Never inside TLS:
 * browsers do not wrap ICE-TCP in TLS.
 */
public final class IceTcpPortProtocol implements PortProtocol {

    /** RFC 4571 §2: the 16-bit length before each packet. */
    private static final int LENGTH_FIELD = 2;

    private final IceTcpListener listener;
    private final EventLoop mediaLoop;

    /**
     * @param listener  the media port's ICE-TCP listener, whose limits and counters the connections share
     * @param mediaLoop the media port's event loop
     */
    public IceTcpPortProtocol(IceTcpListener listener, EventLoop mediaLoop) {
        this.listener = listener;
        this.mediaLoop = mediaLoop;
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

    @Override
    public EventLoop home(Channel channel) {
        return mediaLoop;
    }

    @Override
    public void install(Channel channel) {
        listener.adopt(channel);
    }
}
