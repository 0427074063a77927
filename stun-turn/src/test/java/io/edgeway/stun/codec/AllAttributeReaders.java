package io.edgeway.stun.codec;

import io.edgeway.stun.attr.AlternateServer;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.MappedAddress;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UnknownAttributes;
import io.edgeway.stun.attr.UserHash;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.turn.wire.TurnAttributes;

/**
 * Test helper for the decoder property and fuzz tests: reads every attribute of a parsed message through
 * the reader class for its type. Each reader may refuse a malformed value with {@link StunParseException}
 * (caught per attribute); anything else escapes and fails the calling test.
 */
public final class AllAttributeReaders {

    private static final byte[] KEY = new byte[16];

    private AllAttributeReaders() {
    }

    /** Reads every attribute; returns how many were refused by their reader. */
    public static int readAll(StunMessage message) {
        int refused = 0;
        int[] scratch = new int[8];
        for (int i = 0; i < message.attributeCount(); i++) {
            try {
                read(message, i, scratch);
            } catch (StunParseException e) {
                refused++;
            }
        }
        MessageIntegrity.verify(message, KEY);
        MessageIntegritySha256.verify(message, KEY);
        message.toString();
        return refused;
    }

    private static void read(StunMessage m, int i, int[] scratch) throws StunParseException {
        switch (m.attributeType(i)) {
            case StunAttributeType.MAPPED_ADDRESS:
                MappedAddress.read(m, i);
                MappedAddress.port(m, i);
                break;
            case StunAttributeType.ALTERNATE_SERVER:
                AlternateServer.read(m, i);
                break;
            case StunAttributeType.XOR_MAPPED_ADDRESS:
            case StunAttributeType.XOR_PEER_ADDRESS:
            case StunAttributeType.XOR_RELAYED_ADDRESS:
                XorAddress.read(m, i);
                if (XorAddress.family(m, i) == XorAddress.FAMILY_IPV4) {
                    XorAddress.ipv4(m, i);
                }
                XorAddress.port(m, i);
                break;
            case StunAttributeType.USERNAME:
            case StunAttributeType.REALM:
            case StunAttributeType.NONCE:
            case StunAttributeType.SOFTWARE:
            case StunAttributeType.ALTERNATE_DOMAIN:
                TextAttribute.read(m, i);
                break;
            case StunAttributeType.ERROR_CODE:
                ErrorCode.reasonPhrase(m, i);
                ErrorCode.code(m, i);
                break;
            case StunAttributeType.UNKNOWN_ATTRIBUTES:
                UnknownAttributes.read(m, i, scratch);
                break;
            case StunAttributeType.PASSWORD_ALGORITHMS:
                int count = PasswordAlgorithms.read(m, i, scratch);
                PasswordAlgorithms.contains(m, i, PasswordAlgorithms.SHA256);
                PasswordAlgorithms.matches(m, i, scratch, Math.min(count, scratch.length));
                if (count > 0) {
                    PasswordAlgorithms.algorithm(m, i, count - 1);
                    PasswordAlgorithms.paramsLength(m, i, count - 1);
                }
                break;
            case StunAttributeType.PASSWORD_ALGORITHM:
                PasswordAlgorithm.algorithm(m, i);
                PasswordAlgorithm.paramsLength(m, i);
                break;
            case StunAttributeType.USERHASH:
                UserHash.matches(m, i, UserHash.read(m, i));
                break;
            case StunAttributeType.CHANNEL_NUMBER:
                TurnAttributes.channelNumber(m, i);
                break;
            case StunAttributeType.LIFETIME:
                TurnAttributes.lifetime(m, i);
                break;
            case StunAttributeType.REQUESTED_TRANSPORT:
                TurnAttributes.requestedTransport(m, i);
                break;
            case StunAttributeType.EVEN_PORT:
                TurnAttributes.evenPortReserve(m, i);
                break;
            case StunAttributeType.RESERVATION_TOKEN:
                TurnAttributes.reservationToken(m, i);
                break;
            case StunAttributeType.REQUESTED_ADDRESS_FAMILY:
            case StunAttributeType.ADDITIONAL_ADDRESS_FAMILY:
                TurnAttributes.addressFamily(m, i);
                break;
            case StunAttributeType.ADDRESS_ERROR_CODE:
                TurnAttributes.addressErrorReason(m, i);
                TurnAttributes.addressErrorFamily(m, i);
                TurnAttributes.addressErrorCode(m, i);
                break;
            case StunAttributeType.ICMP:
                TurnAttributes.icmpType(m, i);
                TurnAttributes.icmpCode(m, i);
                TurnAttributes.icmpErrorData(m, i);
                break;
            case StunAttributeType.DONT_FRAGMENT:
                TurnAttributes.dontFragment(m, i);
                break;
            case StunAttributeType.DATA:
                if (TurnAttributes.dataLength(m, i) > 0) {
                    m.buffer().getByte(TurnAttributes.dataOffset(m, i) + TurnAttributes.dataLength(m, i) - 1);
                }
                break;
            default:
                break;
        }
    }
}
