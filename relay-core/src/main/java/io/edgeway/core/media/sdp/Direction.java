package io.edgeway.core.media.sdp;

/**
 * The media direction attribute of an m= section (RFC 8866 §6.7), always seen from the side that wrote
 * the description: {@code sendonly} in a browser's offer means the browser sends.
 */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attributeName;

    Direction(String attributeName) {
        this.attributeName = attributeName;
    }

    /** The attribute as written in SDP, e.g. {@code "recvonly"}. */
    public String attributeName() {
        return attributeName;
    }

    /** Whether the side that wrote this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** Whether the side that wrote this direction receives media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The same flow seen from the other side: sendonly becomes recvonly and the reverse. */
    public Direction reversed() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** The direction that sends when {@code sends} and receives when {@code receives}. */
    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named {@code attributeName}, or null if it names none. */
    static Direction fromAttribute(String attributeName) {
        for (Direction d : values()) {
            if (d.attributeName.equals(attributeName)) {
                return d;
            }
        }
        return null;
    }
}
