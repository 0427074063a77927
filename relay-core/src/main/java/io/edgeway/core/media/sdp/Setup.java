package io.edgeway.core.media.sdp;

/**
 * The {@code a=setup} attribute (RFC 4145 §4, used for DTLS by RFC 8842 §5): which side opens the
 * DTLS association. {@code active} is the DTLS client, {@code passive} the DTLS server, {@code actpass}
 * lets the answerer choose.
 */
public enum Setup {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String value;

    Setup(String value) {
        this.value = value;
    }

    /** The attribute value as written in SDP. */
    public String value() {
        return value;
    }

    /** The role named {@code value}, or null if it names none. */
    static Setup fromValue(String value) {
        for (Setup s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
