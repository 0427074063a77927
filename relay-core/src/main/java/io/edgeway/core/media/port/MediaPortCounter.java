package io.edgeway.core.media.port;

/**
 * What became of each datagram the media port received: every datagram is counted exactly once. The
 * names are the metric's {@code result} tag values; nothing here names a participant or an address.
 */
public enum MediaPortCounter {
    /** First byte 0-3 and the STUN handler took it as STUN (answered or deliberately ignored). */
    STUN_HANDLED,
    /** First byte 0-3 but not well-formed STUN: dropped. */
    STUN_MALFORMED,
    /** First byte 20-63 from a participant's validated or selected pair: queued to its DTLS endpoint. */
    DTLS_DELIVERED,
    /** First byte 20-63 from an address that is no participant's validated or selected pair: dropped. */
    DTLS_UNKNOWN_SOURCE,
    /** First byte 128-191 from a participant's pair, taken by the {@link MediaPacketHandler}. */
    MEDIA_DELIVERED,
    /** First byte 128-191 from a participant's pair, refused by the {@link MediaPacketHandler}: dropped. */
    MEDIA_NOT_HANDLED,
    /** First byte 128-191 from an address that is no participant's pair: dropped before any crypto. */
    MEDIA_UNKNOWN_SOURCE,
    /** Empty, or a first byte outside every RFC 7983 range this port serves (ZRTP, ChannelData, ...): dropped. */
    UNCLASSIFIED,
    /** A handler threw while processing the datagram (or a write failed): dropped, the port serves on. */
    HANDLER_FAILED
}
