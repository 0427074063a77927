package io.edgeway.core.media.port;

/**
 * What happened to the connections of an {@link IceTcpListener}. Frames are counted separately, each
 * exactly once, in {@link MediaPortCounter}s of the listener. Names are metric tag values; nothing here
 * names a participant or an address.
 */
public enum IceTcpCounter {
    /** A connection was accepted. */
    CONNECTIONS_ACCEPTED,
    /** Of the accepted: closed at once because {@code maxConnections} were open. */
    CONNECTIONS_REFUSED,
    /** Closed by the sweep: no STUN message for the idle timeout. */
    CONNECTIONS_IDLE,
    /** A connection ended (either side closed it, or it broke); everything it held is released. */
    CONNECTIONS_CLOSED,
    /**
     * A connection was closed because its stream lost RFC 4571 framing: an empty or oversized frame, a
     * first frame that is not a STUN message, or a frame no RFC 7983 range claims.
     */
    FRAMING_ERRORS
}
