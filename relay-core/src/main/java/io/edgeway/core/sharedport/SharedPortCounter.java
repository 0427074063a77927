package io.edgeway.core.sharedport;

/**
 * What happened to the connections of a {@link SharedPortListener} before a protocol took them. Which
 * protocol took how many is counted by protocol name ({@link SharedPortListener#handedOver}). Names are
 * metric tag values; nothing here names an address.
 */
public enum SharedPortCounter {
    /** A connection was accepted. */
    ACCEPTED,
    /** Closed at once: the listener already had its limit of connections whose protocol was not yet known. */
    REFUSED,
    /** Closed: no protocol was recognised within the timeout (a half-open or silent connection). */
    TIMED_OUT,
    /** Closed: the first bytes started no protocol the listener carries. */
    UNRECOGNISED,
    /** Closed: the TLS handshake failed (or timed out). */
    TLS_FAILED,
    /** Closed: the connection could not be moved to its protocol's event loop (shutting down). */
    HANDOVER_FAILED
}
