package io.edgeway.stun.codec;

/** STUN method numbers from the IANA "STUN Methods" registry. */
public final class StunMethod {
    public static final int BINDING = 0x001;            // RFC 8489
    public static final int ALLOCATE = 0x003;           // RFC 8656
    public static final int REFRESH = 0x004;            // RFC 8656
    public static final int SEND = 0x006;               // RFC 8656
    public static final int DATA = 0x007;               // RFC 8656
    public static final int CREATE_PERMISSION = 0x008;  // RFC 8656
    public static final int CHANNEL_BIND = 0x009;       // RFC 8656
    public static final int CONNECT = 0x00A;            // RFC 6062
    public static final int CONNECTION_BIND = 0x00B;    // RFC 6062
    public static final int CONNECTION_ATTEMPT = 0x00C; // RFC 6062

    private StunMethod() {
    }

    public static String name(int method) {
        switch (method) {
            case BINDING: return "Binding";
            case ALLOCATE: return "Allocate";
            case REFRESH: return "Refresh";
            case SEND: return "Send";
            case DATA: return "Data";
            case CREATE_PERMISSION: return "CreatePermission";
            case CHANNEL_BIND: return "ChannelBind";
            case CONNECT: return "Connect";
            case CONNECTION_BIND: return "ConnectionBind";
            case CONNECTION_ATTEMPT: return "ConnectionAttempt";
            default: return String.format("method-0x%03x", method);
        }
    }
}
