package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;

/**
 * PASSWORD-ALGORITHMS (RFC 8489 §14.11): the list of password algorithms a server supports, sent in 401
 * and 438 responses and echoed back by the client, byte for byte, so that a downgrade by an attacker is
 * detected (RFC 8489 §9.2.4). Each entry is an algorithm number and its parameters, padded to 4 bytes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Algorithm 1           | Algorithm 1 Parameters Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Algorithm 1 Parameters (variable)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Algorithm 2           | Algorithm 2 Parameters Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Algorithm 2 Parameters (variable)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             ...
 * </pre>
 *
 * <p>Both registered algorithms (IANA "STUN Password Algorithms") take no parameters, so the writers here
 * emit empty ones; the readers accept and skip any. Stateless; reading allocates nothing.
 */
public final class PasswordAlgorithms {

    /** MD5 long-term key, {@code MD5(username ":" realm ":" password)} (RFC 8489 §18.5.1.1). */
    public static final int MD5 = 0x0001;
    /** SHA-256 long-term key, {@code SHA-256(username ":" realm ":" password)} (RFC 8489 §18.5.1.2). */
    public static final int SHA256 = 0x0002;

    static final int ENTRY_HEADER_LENGTH = 4;

    private PasswordAlgorithms() {
    }

    /** Appends the list of the first {@code count} algorithms of {@code algorithms}, each without parameters. */
    public static void addTo(StunMessageWriter writer, int[] algorithms, int count) {
        if (count < 0 || count > algorithms.length) {
            throw new IllegalArgumentException("count out of range: " + count);
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.PASSWORD_ALGORITHMS);
        for (int i = 0; i < count; i++) {
            out.writeShort(algorithms[i]);
            out.writeShort(0);
        }
        writer.endAttribute(valueStart);
    }

    /** Validates the whole list of the attribute at {@code index} and returns its number of entries. */
    public static int count(StunMessage message, int index) throws StunParseException {
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        int end = position + message.valueLength(index);
        int count = 0;
        while (position < end) {
            position = nextEntry(buf, position, end);
            count++;
        }
        return count;
    }

    /** The algorithm number of entry {@code entry} (0-based); the entry must exist (see {@link #count}). */
    public static int algorithm(StunMessage message, int index, int entry) throws StunParseException {
        return message.buffer().getUnsignedShort(entryOffset(message, index, entry));
    }

    /** The parameters length of entry {@code entry} (0-based); the entry must exist. */
    public static int paramsLength(StunMessage message, int index, int entry) throws StunParseException {
        return message.buffer().getUnsignedShort(entryOffset(message, index, entry) + 2);
    }

    /** Whether the list names {@code algorithm}. */
    public static boolean contains(StunMessage message, int index, int algorithm) throws StunParseException {
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        int end = position + message.valueLength(index);
        while (position < end) {
            int next = nextEntry(buf, position, end);
            if (buf.getUnsignedShort(position) == algorithm) {
                return true;
            }
            position = next;
        }
        return false;
    }

    /**
     * Copies the algorithm numbers into {@code algorithms} (as many as fit) and returns how many entries
     * the list has, which may exceed {@code algorithms.length}.
     */
    public static int read(StunMessage message, int index, int[] algorithms) throws StunParseException {
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        int end = position + message.valueLength(index);
        int count = 0;
        while (position < end) {
            int next = nextEntry(buf, position, end);
            if (count < algorithms.length) {
                algorithms[count] = buf.getUnsignedShort(position);
            }
            count++;
            position = next;
        }
        return count;
    }

    /**
     * Whether the attribute lists exactly the first {@code count} of {@code algorithms}, in order and
     * without parameters: the check of RFC 8489 §9.2.4 that a client echoed what this server sent.
     */
    public static boolean matches(StunMessage message, int index, int[] algorithms, int count) {
        if (message.valueLength(index) != count * ENTRY_HEADER_LENGTH) {
            return false;
        }
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        for (int i = 0; i < count; i++, position += ENTRY_HEADER_LENGTH) {
            if (buf.getUnsignedShort(position) != algorithms[i] || buf.getUnsignedShort(position + 2) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int entryOffset(StunMessage message, int index, int entry) throws StunParseException {
        ByteBuf buf = message.buffer();
        int position = message.valueOffset(index);
        int end = position + message.valueLength(index);
        for (int i = 0; i < entry; i++) {
            if (position >= end) {
                throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "no such PASSWORD-ALGORITHMS entry");
            }
            position = nextEntry(buf, position, end);
        }
        if (position >= end) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "no such PASSWORD-ALGORITHMS entry");
        }
        nextEntry(buf, position, end);
        return position;
    }

    /** Validates the entry at {@code position} and returns where the next one starts. */
    static int nextEntry(ByteBuf buf, int position, int end) throws StunParseException {
        if (end - position < ENTRY_HEADER_LENGTH) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "truncated password algorithm");
        }
        int paramsLength = buf.getUnsignedShort(position + 2);
        int next = position + ENTRY_HEADER_LENGTH + ((paramsLength + 3) & ~3);
        if (position + ENTRY_HEADER_LENGTH + paramsLength > end) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                    "password algorithm parameters overrun the attribute");
        }
        // The last entry's padding is the attribute's own padding, outside the value.
        return Math.min(next, end);
    }
}
