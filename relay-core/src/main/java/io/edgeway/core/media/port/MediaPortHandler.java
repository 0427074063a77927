package io.edgeway.core.media.port;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The media port's only pipeline handler: classifies each datagram by first byte (RFC 7983 §7), hands
 * it to the STUN handler, the sender's transport or the media handler, and releases it. It holds no
 * protocol logic. Reads the clock once per read batch and flushes once per read batch.
 *
 * <p>Confined to the port's event loop. Nothing escapes to the pipeline's tail: a handler that throws
 * costs one datagram, counted as {@link MediaPortCounter#HANDLER_FAILED}.
 */
final class MediaPortHandler extends ChannelInboundHandlerAdapter {

    private static final int STUN_HANDLED = MediaPortCounter.STUN_HANDLED.ordinal();
    private static final int STUN_MALFORMED = MediaPortCounter.STUN_MALFORMED.ordinal();
    private static final int DTLS_DELIVERED = MediaPortCounter.DTLS_DELIVERED.ordinal();
    private static final int DTLS_UNKNOWN_SOURCE = MediaPortCounter.DTLS_UNKNOWN_SOURCE.ordinal();
    private static final int MEDIA_DELIVERED = MediaPortCounter.MEDIA_DELIVERED.ordinal();
    private static final int MEDIA_NOT_HANDLED = MediaPortCounter.MEDIA_NOT_HANDLED.ordinal();
    private static final int MEDIA_UNKNOWN_SOURCE = MediaPortCounter.MEDIA_UNKNOWN_SOURCE.ordinal();
    private static final int UNCLASSIFIED = MediaPortCounter.UNCLASSIFIED.ordinal();
    private static final int HANDLER_FAILED = MediaPortCounter.HANDLER_FAILED.ordinal();

    /** The port is created after the channel is registered, before it is bound. */
    private final Supplier<MediaPort> portSupplier;
    private final StunPacketHandler stun;
    private final MediaPacketHandler media;
    private final Clock clock;
    private MediaPort port;
    private long batchNow;
    private boolean batchNowValid;

    MediaPortHandler(Supplier<MediaPort> portSupplier, StunPacketHandler stun, MediaPacketHandler media, Clock clock) {
        this.portSupplier = portSupplier;
        this.stun = stun;
        this.media = media;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket datagram)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        MediaPort target = port != null ? port : (port = portSupplier.get());
        try {
            if (!batchNowValid) {
                batchNow = clock.nanos();
                batchNowValid = true;
            }
            target.count(dispatch(target, datagram.sender(), datagram.content()));
        } catch (RuntimeException e) {
            target.count(HANDLER_FAILED);
        } finally {
            datagram.release();
        }
    }

    /** Returns the counter ordinal for the datagram's fate. {@code packet} borrowed. */
    private int dispatch(MediaPort target, InetSocketAddress from, ByteBuf packet) {
        if (!packet.isReadable()) {
            return UNCLASSIFIED;
        }
        switch (FirstByte.classify(packet.getUnsignedByte(packet.readerIndex()))) {
            case FirstByte.STUN:
                return stun.onStun(batchNow, from, packet, target.replySink()) ? STUN_HANDLED : STUN_MALFORMED;
            case FirstByte.DTLS: {
                ParticipantTransport transport = target.transportAt(from);
                if (transport == null) {
                    return DTLS_UNKNOWN_SOURCE;
                }
                transport.onDtls(packet);
                return DTLS_DELIVERED;
            }
            case FirstByte.RTP_RTCP: {
                ParticipantTransport transport = target.transportAt(from);
                if (transport == null) {
                    return MEDIA_UNKNOWN_SOURCE;
                }
                return media.onMediaPacket(batchNow, transport, packet) ? MEDIA_DELIVERED : MEDIA_NOT_HANDLED;
            }
            default:
                return UNCLASSIFIED;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchNowValid = false;
        ctx.flush();
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
