package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * ERROR-CODE (RFC 8489 §14.8) and the codes STUN, TURN and ICE agents answer with. The reason phrases are
 * the RFCs' own, kept short on purpose: an unauthenticated error must not be much larger than the
 * request that caused it.
 *
 * <pre>
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Reserved, should be 0         |Class|     Number    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Reason Phrase (variable)                                ..
 * </pre>
 */
public final class ErrorCode {

    public static final int TRY_ALTERNATE = 300;               // RFC 8489
    public static final int BAD_REQUEST = 400;                 // RFC 8489
    public static final int UNAUTHENTICATED = 401;             // RFC 8489
    public static final int FORBIDDEN = 403;                   // RFC 8656
    public static final int UNKNOWN_ATTRIBUTE = 420;           // RFC 8489
    public static final int ALLOCATION_MISMATCH = 437;         // RFC 8656
    public static final int STALE_NONCE = 438;                 // RFC 8489
    public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440; // RFC 8656
    public static final int WRONG_CREDENTIALS = 441;           // RFC 8656
    public static final int UNSUPPORTED_TRANSPORT = 442;       // RFC 8656
    public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443; // RFC 8656
    public static final int ALLOCATION_QUOTA_REACHED = 486;    // RFC 8656
    public static final int ROLE_CONFLICT = 487;               // RFC 8445
    public static final int SERVER_ERROR = 500;                // RFC 8489
    public static final int INSUFFICIENT_CAPACITY = 508;       // RFC 8656

    private ErrorCode() {
    }

    /** The RFC's reason phrase for a code. */
    public static String reason(int code) {
        switch (code) {
            case TRY_ALTERNATE: return "Try Alternate";
            case BAD_REQUEST: return "Bad Request";
            case UNAUTHENTICATED: return "Unauthenticated";
            case FORBIDDEN: return "Forbidden";
            case UNKNOWN_ATTRIBUTE: return "Unknown Attribute";
            case ALLOCATION_MISMATCH: return "Allocation Mismatch";
            case STALE_NONCE: return "Stale Nonce";
            case ADDRESS_FAMILY_NOT_SUPPORTED: return "Address Family not Supported";
            case WRONG_CREDENTIALS: return "Wrong Credentials";
            case UNSUPPORTED_TRANSPORT: return "Unsupported Transport Protocol";
            case PEER_ADDRESS_FAMILY_MISMATCH: return "Peer Address Family Mismatch";
            case ALLOCATION_QUOTA_REACHED: return "Allocation Quota Reached";
            case ROLE_CONFLICT: return "Role Conflict";
            case SERVER_ERROR: return "Server Error";
            case INSUFFICIENT_CAPACITY: return "Insufficient Capacity";
            default: return "Error";
        }
    }

    public static void addTo(StunMessageWriter writer, int code) {
        addTo(writer, StunAttributeType.ERROR_CODE, code, reason(code));
    }

    /**
     * Appends an attribute of {@code type} in the ERROR-CODE layout. (ADDRESS-ERROR-CODE puts its family in
     * the first byte of the same word, so it has its own writer in {@code TurnAttributes}.)
     */
    public static void addTo(StunMessageWriter writer, int type, int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code out of range: " + code);
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(type);
        out.writeShort(0);
        out.writeByte(code / 100);
        out.writeByte(code % 100);
        out.writeCharSequence(reason, StandardCharsets.UTF_8);
        writer.endAttribute(valueStart);
    }

    /** The numeric code of the ERROR-CODE attribute at {@code index}. */
    public static int code(StunMessage message, int index) throws StunParseException {
        if (message.valueLength(index) < 4) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "ERROR-CODE too short");
        }
        int value = message.valueOffset(index);
        int errorClass = message.buffer().getByte(value + 2) & 0x07;
        int number = message.buffer().getUnsignedByte(value + 3);
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "ERROR-CODE out of range");
        }
        return errorClass * 100 + number;
    }

    /** The reason phrase of the ERROR-CODE at {@code index}; empty when the value is too short to hold one. */
    public static String reasonPhrase(StunMessage message, int index) {
        int length = message.valueLength(index);
        if (length <= 4) {
            return "";
        }
        int value = message.valueOffset(index);
        return message.buffer().toString(value + 4, length - 4, StandardCharsets.UTF_8);
    }
}
