package io.edgeway.stun.codec;

/**
 * Packs and unpacks the 14-bit STUN message type, which interleaves the method and class bits
 * (RFC 8489 §5):
 *
 * <pre>
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunMessageType {

    public static final int BINDING_REQUEST = of(StunMethod.BINDING, StunClass.REQUEST);
    public static final int BINDING_SUCCESS = of(StunMethod.BINDING, StunClass.SUCCESS_RESPONSE);
    public static final int BINDING_ERROR = of(StunMethod.BINDING, StunClass.ERROR_RESPONSE);
    public static final int ALLOCATE_REQUEST = of(StunMethod.ALLOCATE, StunClass.REQUEST);
    public static final int REFRESH_REQUEST = of(StunMethod.REFRESH, StunClass.REQUEST);
    public static final int SEND_INDICATION = of(StunMethod.SEND, StunClass.INDICATION);
    public static final int DATA_INDICATION = of(StunMethod.DATA, StunClass.INDICATION);
    public static final int CREATE_PERMISSION_REQUEST = of(StunMethod.CREATE_PERMISSION, StunClass.REQUEST);
    public static final int CHANNEL_BIND_REQUEST = of(StunMethod.CHANNEL_BIND, StunClass.REQUEST);

    private StunMessageType() {
    }

    public static int of(int method, int stunClass) {
        return (method & 0x000F)
                | ((method & 0x0070) << 1)
                | ((method & 0x0F80) << 2)
                | ((stunClass & 0b01) << 4)
                | ((stunClass & 0b10) << 7);
    }

    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    public static int stunClass(int type) {
        return ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
    }

    /** The type of a success (or error) response to a request of the given type. */
    public static int response(int requestType, boolean success) {
        return of(method(requestType), success ? StunClass.SUCCESS_RESPONSE : StunClass.ERROR_RESPONSE);
    }

    public static String toString(int type) {
        return StunMethod.name(method(type)) + " " + StunClass.name(stunClass(type));
    }
}
