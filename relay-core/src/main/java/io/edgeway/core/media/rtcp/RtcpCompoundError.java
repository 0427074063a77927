package io.edgeway.core.media.rtcp;

/**
 * Why {@link RtcpCompoundIterator} stopped before the end of a compound packet (RFC 3550 §6.1 and the
 * header validity checks of Appendix A.2). Low-cardinality on purpose: usable as a metric tag.
 */
public enum RtcpCompoundError {
    /** Nothing wrong (yet). */
    NONE,
    /** Zero bytes: RFC 3550 §6.1 requires at least one packet. */
    EMPTY,
    /** Fewer than the 4 header bytes left where a packet should start. */
    TRUNCATED_HEADER,
    /** A version other than 2. */
    BAD_VERSION,
    /** A length field pointing past the end of the compound. */
    LENGTH_OVERRUN,
    /** A padding bit on a packet other than the last, or a padding count of 0 or larger than the body. */
    BAD_PADDING
}
