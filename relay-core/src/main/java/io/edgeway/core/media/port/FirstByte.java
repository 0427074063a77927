package io.edgeway.core.media.port;

/**
 * The first-byte ranges of RFC 7983 §7, by which one UDP port carries STUN, DTLS and SRTP/SRTCP.
 * Unlike {@code media.demux.PacketClassifier}, which also refuses a packet shorter than its protocol's
 * header, this looks at the first byte alone: the port hands a short packet to the handler of its
 * range, which counts it as that protocol's malformed input (STUN_MALFORMED, a DTLS record the endpoint
 * drops, an SRTP packet too short to authenticate). Folding the two together is left open: it changes
 * what the port's counters report for truncated packets.
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--> STUN
 *                  |     [16..19]  -+--> ZRTP (not used by WebRTC: dropped)
 *   packet -->     |     [20..63]  -+--> DTLS
 *                  |     [64..79]  -+--> TURN ChannelData (not on a media port: dropped)
 *                  |   [128..191]  -+--> RTP/RTCP
 *                  +----------------+
 * </pre>
 */
final class FirstByte {

    static final int STUN = 0;
    static final int DTLS = 1;
    static final int RTP_RTCP = 2;
    static final int OTHER = 3;

    private FirstByte() {
    }

    /** One of {@link #STUN}, {@link #DTLS}, {@link #RTP_RTCP} or {@link #OTHER} for an unsigned byte. */
    static int classify(int firstByte) {
        if (firstByte <= 3) {
            return STUN;
        }
        if (firstByte >= 20 && firstByte <= 63) {
            return DTLS;
        }
        if (firstByte >= 128 && firstByte <= 191) {
            return RTP_RTCP;
        }
        return OTHER;
    }
}
