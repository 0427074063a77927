package io.edgeway.stun.codec;

/** The four STUN message classes (RFC 8489 §5), as the two class bits C1 C0. */
public final class StunClass {
    public static final int REQUEST = 0b00;
    public static final int INDICATION = 0b01;
    public static final int SUCCESS_RESPONSE = 0b10;
    public static final int ERROR_RESPONSE = 0b11;

    private StunClass() {
    }

    public static String name(int stunClass) {
        switch (stunClass) {
            case REQUEST: return "request";
            case INDICATION: return "indication";
            case SUCCESS_RESPONSE: return "success";
            case ERROR_RESPONSE: return "error";
            default: return "class-" + stunClass;
        }
    }
}
