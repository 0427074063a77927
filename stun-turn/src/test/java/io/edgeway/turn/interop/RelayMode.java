package io.edgeway.turn.interop;

/** How a client hands application data to the server for relaying. */
public enum RelayMode {
    /** ChannelBind then ChannelData messages (RFC 8656 §11-12). */
    CHANNEL_DATA,
    /** CreatePermission then Send/Data indications (RFC 8656 §9-10). */
    SEND_INDICATION
}
