package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;

/**
 * UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the comprehension-required attribute types a server did not
 * understand, carried in a 420 (Unknown Attribute) error response. A list of 16-bit types; an odd count
 * leaves two bytes of padding.
 *
 * <pre>
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Attribute 1 Type         |       Attribute 2 Type        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Attribute 3 Type         |       Attribute 4 Type    ...
 * </pre>
 *
 * <p>Stateless; readers fill caller-supplied arrays so decoding allocates nothing.
 */
public final class UnknownAttributes {

    private UnknownAttributes() {
    }

    /** Appends the attribute listing the first {@code count} entries of {@code types}. */
    public static void addTo(StunMessageWriter writer, int[] types, int count) {
        if (count < 0 || count > types.length) {
            throw new IllegalArgumentException("count out of range: " + count);
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.UNKNOWN_ATTRIBUTES);
        for (int i = 0; i < count; i++) {
            out.writeShort(types[i]);
        }
        writer.endAttribute(valueStart);
    }

    /** The number of types listed by the attribute at {@code index}. */
    public static int count(StunMessage message, int index) throws StunParseException {
        int length = message.valueLength(index);
        if ((length & 1) != 0) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                    "UNKNOWN-ATTRIBUTES length is not a multiple of 2");
        }
        return length / 2;
    }

    /** The {@code i}-th listed type; {@code i} must be below {@link #count}. */
    public static int type(StunMessage message, int index, int i) {
        return message.buffer().getUnsignedShort(message.valueOffset(index) + 2 * i);
    }

    /**
     * Copies the listed types into {@code types} (as many as fit) and returns how many the attribute
     * lists, which may exceed {@code types.length}.
     */
    public static int read(StunMessage message, int index, int[] types) throws StunParseException {
        int count = count(message, index);
        int n = Math.min(count, types.length);
        for (int i = 0; i < n; i++) {
            types[i] = type(message, index, i);
        }
        return count;
    }
}
