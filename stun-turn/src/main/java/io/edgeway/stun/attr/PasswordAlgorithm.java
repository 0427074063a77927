package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;

/**
 * PASSWORD-ALGORITHM (RFC 8489 §14.12): the one algorithm, chosen from the server's PASSWORD-ALGORITHMS,
 * that the client used to derive the long-term key. One entry in the format of {@link PasswordAlgorithms}:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Algorithm           |  Algorithm Parameters Length   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Algorithm Parameters (variable)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Stateless; reading allocates nothing.
 */
public final class PasswordAlgorithm {

    private PasswordAlgorithm() {
    }

    /** Appends PASSWORD-ALGORITHM naming {@code algorithm} ({@link PasswordAlgorithms#MD5} or SHA256), no parameters. */
    public static void addTo(StunMessageWriter writer, int algorithm) {
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.PASSWORD_ALGORITHM);
        out.writeShort(algorithm);
        out.writeShort(0);
        writer.endAttribute(valueStart);
    }

    /** The algorithm number of the attribute at {@code index}, after validating its layout. */
    public static int algorithm(StunMessage message, int index) throws StunParseException {
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        int end = position + message.valueLength(index);
        if (PasswordAlgorithms.nextEntry(buf, position, end) != end) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                    "PASSWORD-ALGORITHM carries more than one entry");
        }
        return buf.getUnsignedShort(position);
    }

    /** The parameters length of the attribute at {@code index}; call {@link #algorithm} first. */
    public static int paramsLength(StunMessage message, int index) {
        return message.buffer().getUnsignedShort(message.valueOffset(index) + 2);
    }
}
