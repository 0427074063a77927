package io.edgeway.core.media.demux;

/**
 * What a datagram on the shared media port is, as decided by {@link PacketClassifier}. One constant per
 * protocol that RFC 7983 §7 (updated by RFC 9443) lets share a 5-tuple with RTP, plus {@link #UNKNOWN}
 * for everything the RFC tells the receiver to drop.
 */
public enum PacketKind {
    /** First byte 0-3: a STUN message (RFC 8489), handed to the ICE-lite responder. */
    STUN,
    /** First byte 16-19: ZRTP (RFC 6189). Edgeway does not speak ZRTP; the demultiplexer drops it. */
    ZRTP,
    /** First byte 20-63: a DTLS record (RFC 6347), handed to the DTLS endpoint. */
    DTLS,
    /** First byte 64-79: TURN ChannelData (RFC 8656 §12.4). */
    TURN_CHANNEL,
    /** First byte 128-191 and second byte outside 192-223: (S)RTP. */
    RTP,
    /** First byte 128-191 and second byte 192-223 (RFC 5761 §4): (S)RTCP. */
    RTCP,
    /** Any other first byte, or too short to be what its first byte says: RFC 7983 §7 says drop. */
    UNKNOWN
}
