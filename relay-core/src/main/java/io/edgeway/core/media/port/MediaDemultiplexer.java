package io.edgeway.core.media.port;

import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * The RFC 7983 §7 demultiplexing shared by the UDP media port and its ICE-TCP connections: classifies
 * one packet (a datagram, or one RFC 4571 frame) by first byte and hands it to the STUN handler, the
 * sender's {@link ParticipantTransport} or the {@link MediaPacketHandler}. Holds no protocol logic and no
 * state: the caller says where STUN answers go (its {@link StunReplySink}) and how a sender maps to a
 * transport (its {@link Routes}), and counts the returned outcome once.
 *
 * <p>Confined to the media port's event loop. Hot path: allocates nothing, takes no locks, logs nothing.
 * The packet is <em>borrowed</em>: the caller releases it after {@link #dispatch} returns.
 */
final class MediaDemultiplexer {

    static final int STUN_HANDLED = MediaPortCounter.STUN_HANDLED.ordinal();
    static final int STUN_MALFORMED = MediaPortCounter.STUN_MALFORMED.ordinal();
    static final int DTLS_DELIVERED = MediaPortCounter.DTLS_DELIVERED.ordinal();
    static final int DTLS_UNKNOWN_SOURCE = MediaPortCounter.DTLS_UNKNOWN_SOURCE.ordinal();
    static final int MEDIA_DELIVERED = MediaPortCounter.MEDIA_DELIVERED.ordinal();
    static final int MEDIA_NOT_HANDLED = MediaPortCounter.MEDIA_NOT_HANDLED.ordinal();
    static final int MEDIA_UNKNOWN_SOURCE = MediaPortCounter.MEDIA_UNKNOWN_SOURCE.ordinal();
    static final int UNCLASSIFIED = MediaPortCounter.UNCLASSIFIED.ordinal();
    static final int HANDLER_FAILED = MediaPortCounter.HANDLER_FAILED.ordinal();

    /** Which participant a sender's packets belong to: the UDP routing table, or an ICE-TCP connection. */
    @FunctionalInterface
    interface Routes {
        /** The transport whose validated or selected pair is {@code from} on this path, or null. */
        ParticipantTransport transportAt(InetSocketAddress from);
    }

    private final StunPacketHandler stun;
    private final MediaPacketHandler media;

    MediaDemultiplexer(StunPacketHandler stun, MediaPacketHandler media) {
        this.stun = stun;
        this.media = media;
    }

    /**
     * Dispatches one packet and returns the {@link MediaPortCounter} ordinal for its fate.
     *
     * @param nowNanos the read batch's clock reading
     * @param from     the sender (the remote end of the 5-tuple)
     * @param packet   borrowed; never released or retained here
     * @param sink     where STUN answers go: the socket's or the connection's sink
     * @param routes   finds the sender's transport for DTLS and RTP/RTCP
     */
    int dispatch(long nowNanos, InetSocketAddress from, ByteBuf packet, StunReplySink sink, Routes routes) {
        if (!packet.isReadable()) {
            return UNCLASSIFIED;
        }
        switch (FirstByte.classify(packet.getUnsignedByte(packet.readerIndex()))) {
            case FirstByte.STUN:
                return stun.onStun(nowNanos, from, packet, sink) ? STUN_HANDLED : STUN_MALFORMED;
            case FirstByte.DTLS: {
                ParticipantTransport transport = routes.transportAt(from);
                if (transport == null) {
                    return DTLS_UNKNOWN_SOURCE;
                }
                transport.onDtls(packet);
                return DTLS_DELIVERED;
            }
            case FirstByte.RTP_RTCP: {
                ParticipantTransport transport = routes.transportAt(from);
                if (transport == null) {
                    return MEDIA_UNKNOWN_SOURCE;
                }
                return media.onMediaPacket(nowNanos, transport, packet) ? MEDIA_DELIVERED : MEDIA_NOT_HANDLED;
            }
            default:
                return UNCLASSIFIED;
        }
    }
}
