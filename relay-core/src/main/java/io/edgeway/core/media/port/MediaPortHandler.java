package io.edgeway.core.media.port;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.time.Clock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Supplier;

/**
 * The media port's only pipeline handler: hands each datagram to the shared {@link MediaDemultiplexer}
 * (RFC 7983 §7: STUN handler, the sender's transport or the media handler), counts it and releases it.
 * It holds no protocol logic. Reads the clock once per read batch and flushes once per read batch.
 *
 * <p>Confined to the port's event loop. Nothing escapes to the pipeline's tail: a handler that throws
 * costs one datagram, counted as {@link MediaPortCounter#HANDLER_FAILED}.
 */
final class MediaPortHandler extends ChannelInboundHandlerAdapter {

    private static final int HANDLER_FAILED = MediaDemultiplexer.HANDLER_FAILED;

    /** The port is created after the channel is registered, before it is bound. */
    private final Supplier<MediaPort> portSupplier;
    private final MediaDemultiplexer demultiplexer;
    private final Clock clock;
    private MediaPort port;
    /** The port's routing table, as the demultiplexer asks for it; made once, not per datagram. */
    private MediaDemultiplexer.Routes routes;
    private long batchNow;
    private boolean batchNowValid;

    MediaPortHandler(Supplier<MediaPort> portSupplier, StunPacketHandler stun, MediaPacketHandler media, Clock clock) {
        this.portSupplier = portSupplier;
        this.demultiplexer = new MediaDemultiplexer(stun, media);
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket datagram)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        MediaPort target = port;
        if (target == null) {
            target = port = portSupplier.get();
            routes = target::transportAt;
        }
        try {
            if (!batchNowValid) {
                batchNow = clock.nanos();
                batchNowValid = true;
            }
            target.count(demultiplexer.dispatch(batchNow, datagram.sender(), datagram.content(),
                    target.replySink(), routes));
        } catch (RuntimeException e) {
            target.count(HANDLER_FAILED);
        } finally {
            datagram.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchNowValid = false;
        // Through the port, which counts what it queued since its last flush.
        MediaPort target = port != null ? port : portSupplier.get();
        if (target != null) {
            target.flush();
        } else {
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed write (voidPromise) or a read error: counted, never propagated to the tail.
        MediaPort target = port != null ? port : portSupplier.get();
        if (target != null) {
            target.count(HANDLER_FAILED);
        }
    }
}
