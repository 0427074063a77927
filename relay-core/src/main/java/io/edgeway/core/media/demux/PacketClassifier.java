package io.edgeway.core.media.demux;

import io.netty.buffer.ByteBuf;

/**
 * Tells the protocols that share one media port apart by their first bytes, as RFC 7983 §7 (updated by
 * RFC 9443) describes, and RTP from RTCP by the second byte, as RFC 5761 §4 describes:
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; STUN          (RFC 8489)
 *                  |      [16..19] -+--&gt; ZRTP          (RFC 6189)
 *      packet --&gt;  |      [20..63] -+--&gt; DTLS          (RFC 6347)
 *                  |      [64..79] -+--&gt; TURN Channel  (RFC 8656)
 *                  |    [128..191] -+--&gt; RTP/RTCP      (RFC 3550); second byte 192..223 = RTCP
 *                  +----------------+
 * </pre>
 *
 * <p>RFC 7983 §7: a first byte outside these ranges means the packet MUST be dropped; so does a packet
 * shorter than the fixed header of the protocol its first byte names, which no parser downstream could
 * read anyway. RFC 9443 lets QUIC share 64-79 and 128-191; Edgeway negotiates no QUIC, so those ranges
 * mean TURN and RTP here.
 *
 * <p>Stateless, allocation-free and thread-safe. The buffer is borrowed; its indices are not moved. Run
 * once per received datagram by {@code MediaDemuxHandler}.
 */
public final class PacketClassifier {

    /** RFC 8489 §5: the STUN header is 20 bytes. */
    public static final int STUN_HEADER_LENGTH = 20;
    /** RFC 6347 §4.1: the DTLS record header is 13 bytes. */
    public static final int DTLS_RECORD_HEADER_LENGTH = 13;
    /** RFC 8656 §12.4: the ChannelData header is 4 bytes. */
    public static final int CHANNEL_DATA_HEADER_LENGTH = 4;
    /** RFC 3550 §5.1: the fixed RTP header is 12 bytes. */
    public static final int RTP_FIXED_HEADER_LENGTH = 12;
    /**
     * RFC 3550 §6.4 and RFC 3711 §3.4: every (S)RTCP packet the port can receive starts with the 4-byte
     * common header and the sender's SSRC, which SRTCP needs in the clear to find its context.
     */
    public static final int RTCP_MIN_LENGTH = 8;

    /** RFC 5761 §4: an RTP/RTCP second byte in 192..223 is an RTCP packet type. */
    public static final int RTCP_PACKET_TYPE_MIN = 192;
    public static final int RTCP_PACKET_TYPE_MAX = 223;

    private PacketClassifier() {
    }

    /** Classifies the readable bytes of {@code datagram}. */
    public static PacketKind classify(ByteBuf datagram) {
        return classify(datagram, datagram.readerIndex(), datagram.readableBytes());
    }

    /** Classifies the {@code length} bytes at absolute {@code offset} of {@code buf}. */
    public static PacketKind classify(ByteBuf buf, int offset, int length) {
        if (length <= 0) {
            return PacketKind.UNKNOWN;
        }
        int first = buf.getUnsignedByte(offset);
        if (first <= 3) {
            return length >= STUN_HEADER_LENGTH ? PacketKind.STUN : PacketKind.UNKNOWN;
        }
        if (first >= 16 && first <= 19) {
            return PacketKind.ZRTP;
        }
        if (first >= 20 && first <= 63) {
            return length >= DTLS_RECORD_HEADER_LENGTH ? PacketKind.DTLS : PacketKind.UNKNOWN;
        }
        if (first >= 64 && first <= 79) {
            return length >= CHANNEL_DATA_HEADER_LENGTH ? PacketKind.TURN_CHANNEL : PacketKind.UNKNOWN;
        }
        if (first >= 128 && first <= 191) {
            if (length < 2) {
                return PacketKind.UNKNOWN;
            }
            if (isRtcpPacketType(buf.getUnsignedByte(offset + 1))) {
                return length >= RTCP_MIN_LENGTH ? PacketKind.RTCP : PacketKind.UNKNOWN;
            }
            return length >= RTP_FIXED_HEADER_LENGTH ? PacketKind.RTP : PacketKind.UNKNOWN;
        }
        // RFC 7983 §7: no range matched, the packet MUST be dropped.
        return PacketKind.UNKNOWN;
    }

    /**
     * RFC 5761 §4: whether the second byte of an RTP/RTCP packet (marker bit and payload type for RTP,
     * packet type for RTCP) names an RTCP packet type. RTP payload types 64-95 with the marker set would
     * collide, which is why RFC 5761 §4 keeps them out of use when RTP and RTCP share a port.
     */
    public static boolean isRtcpPacketType(int secondByte) {
        return secondByte >= RTCP_PACKET_TYPE_MIN && secondByte <= RTCP_PACKET_TYPE_MAX;
    }
}
