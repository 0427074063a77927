package io.edgeway.turn.core;

/** The transport of a client's leg to the server (the relay leg is always UDP here). */
public enum TransportProtocol {
    UDP(false), TCP(true), TLS(true);

    private final boolean stream;

    TransportProtocol(boolean stream) {
        this.stream = stream;
    }

    /** Stream transports frame STUN and ChannelData themselves and pad ChannelData to 4 bytes (RFC 8656 §12.5). */
    public boolean isStream() {
        return stream;
    }
}
