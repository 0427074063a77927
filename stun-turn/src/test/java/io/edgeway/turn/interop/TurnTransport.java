package io.edgeway.turn.interop;

/** The client-to-server transport of a TURN allocation (RFC 8656 §3.1); the relay side is always UDP. */
public enum TurnTransport {
    UDP,
    TCP,
    /** TLS over TCP (RFC 8656 §3.1, {@code turns:} URIs). */
    TLS
}
