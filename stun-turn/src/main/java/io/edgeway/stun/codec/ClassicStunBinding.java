package io.edgeway.stun.codec;

import io.netty.buffer.ByteBuf;

/**
 * RFC 3489 ("classic STUN") Binding requests, which carry no magic cookie: their transaction id is the
 * 128 bits after the length field. RFC 8489 §12 (and RFC 5389 §12 before it) asks a server to answer
 * them with a MAPPED-ADDRESS, without XOR-MAPPED-ADDRESS or FINGERPRINT, which such clients cannot
 * read. Old phones, NAT testers and Debian's {@code stun} client still send them.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Message Type 0x0001      |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Transaction ID (128 bits)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Only a Binding request is recognised: every other classic method (Shared Secret) is obsolete.
 * A request asking for an answer from another address or port (CHANGE-REQUEST with a flag set, RFC 3489
 * §11.2.4) is not one this server can honour from a single address; answering it from the same address
 * would tell a NAT tester it sits behind no filtering at all, so it is refused here and left unanswered
 * (the client then reads the test as blocked, which is the truth for this server).
 *
 * <p>Stateless; every method borrows the buffer it is given.
 */
public final class ClassicStunBinding {

    /** RFC 3489 §11.1: the transaction id is 128 bits, where RFC 8489 has cookie plus 96 bits. */
    public static final int TRANSACTION_ID_LENGTH = 16;
    /** Offset of the transaction id from the message's first byte. */
    public static final int TRANSACTION_ID_OFFSET = 4;
    /** RFC 3489 §11.2.4: the "change IP" and "change port" flags of CHANGE-REQUEST. */
    static final int CHANGE_FLAGS = 0x06;

    private ClassicStunBinding() {
    }

    /**
     * Is this one well-framed RFC 3489 Binding request that this server can answer: type 0x0001, no
     * magic cookie, a length field that matches the datagram, attributes that fit, and no change of
     * address or port requested?
     */
    public static boolean isAnswerableRequest(ByteBuf buf, int offset, int length) {
        if (length < StunMessage.HEADER_LENGTH
                || buf.getUnsignedShort(offset) != StunMessageType.BINDING_REQUEST
                || buf.getInt(offset + 4) == StunMessage.MAGIC_COOKIE) {
            return false;
        }
        int bodyLength = buf.getUnsignedShort(offset + 2);
        if ((bodyLength & 0x3) != 0 || StunMessage.HEADER_LENGTH + bodyLength != length) {
            return false;
        }
        int position = offset + StunMessage.HEADER_LENGTH;
        int end = offset + length;
        while (position < end) {
            if (end - position < 4) {
                return false;
            }
            int type = buf.getUnsignedShort(position);
            int valueLength = buf.getUnsignedShort(position + 2);
            int valueOffset = position + 4;
            // RFC 3489 attributes are already multiples of four long; pad as RFC 8489 does anyway.
            int padded = (valueLength + 3) & ~3;
            if (padded > end - valueOffset) {
                return false;
            }
            if (type == StunAttributeType.CHANGE_REQUEST
                    && (valueLength != 4 || (buf.getInt(valueOffset) & CHANGE_FLAGS) != 0)) {
                return false;
            }
            position = valueOffset + padded;
        }
        return true;
    }
}
