package io.edgeway.core.media.srtp;

/**
 * What happened to one packet handed to {@link SrtpContext}, {@link SrtcpContext} or
 * {@link SrtpSession}. Everything but {@link #OK} means the packet must be dropped and counted; the
 * buffer is then left exactly as it was given (same bytes, same indices). The constants are
 * low-cardinality metric tag values.
 */
public enum SrtpResult {

    /** Protected or unprotected in place; the buffer's readable bytes are the new packet. */
    OK,

    /** Shorter than the fixed header plus the trailer this profile needs. */
    TOO_SHORT,

    /**
     * Not RTP/RTCP version 2, a CSRC list or header extension that runs past the packet, or a packet
     * longer than any datagram can carry.
     */
    MALFORMED,

    /** The packet's SSRC is not the one of the context it was given to. */
    WRONG_SSRC,

    /** Protect only: fewer writable bytes after the packet than the trailer needs. Nothing is reallocated. */
    NO_TAILROOM,

    /** The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §8.2). */
    AUTH_FAILED,

    /**
     * The packet index was already seen or lies behind the replay window (RFC 3711 §3.3.2). On the
     * sending side: that index was already protected, which would reuse keystream.
     */
    REPLAYED,

    /**
     * The key's packet budget is spent: 2^48 SRTP or 2^31 SRTCP packets (RFC 3711 §9.2). The
     * session must be re-keyed.
     */
    INDEX_EXHAUSTED,

    /** {@link SrtpSession} already holds its maximum number of SSRC contexts. */
    SSRC_LIMIT,

    /**
     * Retransmission only: the index lies beyond the highest this context protected, so the packet was
     * never sent and is no retransmission.
     */
    NEVER_SENT
}
