package io.edgeway.turn.wire;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Readers and writers for the attributes RFC 8656 §18 adds to STUN, other than the XOR address ones
 * (XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS), which use {@link io.edgeway.stun.attr.XorAddress}.
 *
 * <p>Every reader takes a parsed message and the index of the attribute, validates the value's length
 * (and, where the RFC fixes it, its range) and returns a primitive read in place, so nothing is allocated
 * or copied. A malformed value throws {@link StunParseException} with reason {@code BAD_ATTRIBUTE}; the
 * server answers such a request with 400 (Bad Request). Writers append one attribute through a
 * {@link StunMessageWriter}. Reserved-for-future-use (RFFU) bits are written as zero and ignored on read.
 *
 * <p>Stateless and thread-safe; borrows the message or writer it is given.
 */
public final class TurnAttributes {

    /** REQUESTED-TRANSPORT protocol numbers (IANA "Assigned Internet Protocol Numbers"). */
    public static final int UDP = 17;
    public static final int TCP = 6;

    /** Address family values of REQUESTED-ADDRESS-FAMILY, ADDITIONAL-ADDRESS-FAMILY and ADDRESS-ERROR-CODE. */
    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    public static final int RESERVATION_TOKEN_LENGTH = 8;
    public static final int ICMP_LENGTH = 8;

    private TurnAttributes() {
    }

    private static void expectLength(StunMessage message, int index, int length) throws StunParseException {
        if (message.valueLength(index) != length) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                    StunAttributeType.name(message.attributeType(index)) + " has a bad length");
        }
    }

    // ---------------------------------------------------------------- CHANNEL-NUMBER (RFC 8656 §18.1)
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |        Channel Number         |         RFFU = 0              |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

    /**
     * The channel number of the CHANNEL-NUMBER attribute at {@code index}, as sent. The range is not
     * checked here: a ChannelBind with a number outside 0x4000-0x4FFF is answered with 400 by the server
     * (RFC 8656 §11.2), see {@link ChannelData#isChannelNumber(int)}.
     */
    public static int channelNumber(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 4);
        return message.buffer().getUnsignedShort(message.valueOffset(index));
    }

    public static void addChannelNumber(StunMessageWriter writer, int channel) {
        if (channel < 0 || channel > 0xFFFF) {
            throw new IllegalArgumentException("channel number out of range: " + channel);
        }
        writer.putInt(StunAttributeType.CHANNEL_NUMBER, channel << 16);
    }

    // ---------------------------------------------------------------- LIFETIME (RFC 8656 §18.2)

    /** The LIFETIME at {@code index} in seconds, an unsigned 32-bit value. */
    public static long lifetime(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 4);
        return message.buffer().getUnsignedInt(message.valueOffset(index));
    }

    public static void addLifetime(StunMessageWriter writer, long seconds) {
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("lifetime out of range: " + seconds);
        }
        writer.putInt(StunAttributeType.LIFETIME, (int) seconds);
    }

    // ---------------------------------------------------------------- REQUESTED-TRANSPORT (RFC 8656 §18.7)
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |    Protocol   |                    RFFU                       |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

    /** The protocol number of the REQUESTED-TRANSPORT at {@code index} ({@link #UDP}, {@link #TCP}, ...). */
    public static int requestedTransport(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 4);
        return message.buffer().getUnsignedByte(message.valueOffset(index));
    }

    public static void addRequestedTransport(StunMessageWriter writer, int protocol) {
        if (protocol < 0 || protocol > 0xFF) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        writer.putInt(StunAttributeType.REQUESTED_TRANSPORT, protocol << 24);
    }

    // ---------------------------------------------------------------- EVEN-PORT (RFC 8656 §18.6)
    //  +-+-+-+-+-+-+-+-+
    //  |R|    RFFU     |   one byte, then three bytes of attribute padding
    //  +-+-+-+-+-+-+-+-+

    /** The R bit of the EVEN-PORT at {@code index}: whether the client asks to reserve the next port too. */
    public static boolean evenPortReserve(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 1);
        return (message.buffer().getByte(message.valueOffset(index)) & 0x80) != 0;
    }

    public static void addEvenPort(StunMessageWriter writer, boolean reserve) {
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.EVEN_PORT);
        out.writeByte(reserve ? 0x80 : 0);
        writer.endAttribute(valueStart);
    }

    // ---------------------------------------------------------------- RESERVATION-TOKEN (RFC 8656 §18.9)

    /** The 8-byte RESERVATION-TOKEN at {@code index}, as a long. */
    public static long reservationToken(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, RESERVATION_TOKEN_LENGTH);
        return message.buffer().getLong(message.valueOffset(index));
    }

    public static void addReservationToken(StunMessageWriter writer, long token) {
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.RESERVATION_TOKEN);
        out.writeLong(token);
        writer.endAttribute(valueStart);
    }

    // ------------------------------------- REQUESTED-ADDRESS-FAMILY (§18.10), ADDITIONAL-ADDRESS-FAMILY (§18.11)
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |     Family    |            Reserved                           |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

    /**
     * The family ({@link #FAMILY_IPV4} or {@link #FAMILY_IPV6}) of the REQUESTED-ADDRESS-FAMILY or
     * ADDITIONAL-ADDRESS-FAMILY at {@code index}. Any other value is malformed. (That
     * ADDITIONAL-ADDRESS-FAMILY may only name IPv6, RFC 8656 §7.2 step 6, is the server's check: it answers 400.)
     */
    public static int addressFamily(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 4);
        int family = message.buffer().getUnsignedByte(message.valueOffset(index));
        if (family != FAMILY_IPV4 && family != FAMILY_IPV6) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "unknown address family");
        }
        return family;
    }

    public static void addRequestedAddressFamily(StunMessageWriter writer, int family) {
        writer.putInt(StunAttributeType.REQUESTED_ADDRESS_FAMILY, checkFamily(family) << 24);
    }

    public static void addAdditionalAddressFamily(StunMessageWriter writer, int family) {
        writer.putInt(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, checkFamily(family) << 24);
    }

    private static int checkFamily(int family) {
        if (family != FAMILY_IPV4 && family != FAMILY_IPV6) {
            throw new IllegalArgumentException("address family must be 1 (IPv4) or 2 (IPv6): " + family);
        }
        return family;
    }

    // ---------------------------------------------------------------- ADDRESS-ERROR-CODE (RFC 8656 §18.12)
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |  Family       |    Reserved             |Class|     Number    |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |      Reason Phrase (variable)                                ..
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

    /** Appends ADDRESS-ERROR-CODE with the RFC's reason phrase for {@code code}. */
    public static void addAddressErrorCode(StunMessageWriter writer, int family, int code) {
        addAddressErrorCode(writer, family, code, ErrorCode.reason(code));
    }

    public static void addAddressErrorCode(StunMessageWriter writer, int family, int code, String reason) {
        checkFamily(family);
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code out of range: " + code);
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.ADDRESS_ERROR_CODE);
        out.writeByte(family);
        out.writeByte(0);
        out.writeByte(code / 100);
        out.writeByte(code % 100);
        out.writeCharSequence(reason, StandardCharsets.UTF_8);
        writer.endAttribute(valueStart);
    }

    /** The family ({@link #FAMILY_IPV4} or {@link #FAMILY_IPV6}) the ADDRESS-ERROR-CODE at {@code index} is about. */
    public static int addressErrorFamily(StunMessage message, int index) throws StunParseException {
        expectAddressErrorCode(message, index);
        int family = message.buffer().getUnsignedByte(message.valueOffset(index));
        if (family != FAMILY_IPV4 && family != FAMILY_IPV6) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "unknown address family");
        }
        return family;
    }

    /** The numeric error code (300-699) of the ADDRESS-ERROR-CODE at {@code index}. */
    public static int addressErrorCode(StunMessage message, int index) throws StunParseException {
        expectAddressErrorCode(message, index);
        ByteBuf buf = message.buffer();
        int value = message.valueOffset(index);
        int errorClass = buf.getByte(value + 2) & 0x07;
        int number = buf.getUnsignedByte(value + 3);
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "ADDRESS-ERROR-CODE out of range");
        }
        return errorClass * 100 + number;
    }

    /** The reason phrase of the ADDRESS-ERROR-CODE at {@code index}. Allocates the string. */
    public static String addressErrorReason(StunMessage message, int index) throws StunParseException {
        expectAddressErrorCode(message, index);
        return message.buffer().toString(message.valueOffset(index) + 4, message.valueLength(index) - 4,
                StandardCharsets.UTF_8);
    }

    private static void expectAddressErrorCode(StunMessage message, int index) throws StunParseException {
        // RFC 8489 §14.8 bounds the reason phrase (shared layout) to 763 bytes.
        int length = message.valueLength(index);
        if (length < 4 || length > 4 + 763) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "ADDRESS-ERROR-CODE has a bad length");
        }
    }

    // ---------------------------------------------------------------- ICMP (RFC 8656 §18.13)
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |           Reserved            |   ICMP Type   |   ICMP Code   |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //  |                          Error Data                           |
    //  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // The RFC's drawing gives Type and Code 7 and 9 bits, but its text says they carry the ICMP type and
    // code, which are one byte each in ICMPv4 and ICMPv6; this codec uses whole bytes.

    /** The ICMP type of the ICMP attribute at {@code index}. */
    public static int icmpType(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, ICMP_LENGTH);
        return message.buffer().getUnsignedByte(message.valueOffset(index) + 2);
    }

    /** The ICMP code of the ICMP attribute at {@code index}. */
    public static int icmpCode(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, ICMP_LENGTH);
        return message.buffer().getUnsignedByte(message.valueOffset(index) + 3);
    }

    /**
     * The Error Data of the ICMP attribute at {@code index}: the next-hop MTU for "packet too big" /
     * "fragmentation needed", zero otherwise (RFC 8656 §18.13).
     */
    public static int icmpErrorData(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, ICMP_LENGTH);
        return message.buffer().getInt(message.valueOffset(index) + 4);
    }

    public static void addIcmp(StunMessageWriter writer, int icmpType, int icmpCode, int errorData) {
        if ((icmpType & ~0xFF) != 0 || (icmpCode & ~0xFF) != 0) {
            throw new IllegalArgumentException("ICMP type and code are one byte each");
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(StunAttributeType.ICMP);
        out.writeShort(0);
        out.writeByte(icmpType);
        out.writeByte(icmpCode);
        out.writeInt(errorData);
        writer.endAttribute(valueStart);
    }

    // ---------------------------------------------------------------- DONT-FRAGMENT (RFC 8656 §18.8)

    /** Validates the DONT-FRAGMENT at {@code index}, which has no value. */
    public static void dontFragment(StunMessage message, int index) throws StunParseException {
        expectLength(message, index, 0);
    }

    public static void addDontFragment(StunMessageWriter writer) {
        writer.putEmpty(StunAttributeType.DONT_FRAGMENT);
    }

    // ---------------------------------------------------------------- DATA (RFC 8656 §18.4)

    /** Absolute offset of the DATA value at {@code index} in {@code message.buffer()}; relay it by slicing there. */
    public static int dataOffset(StunMessage message, int index) {
        return message.valueOffset(index);
    }

    /** Length of the DATA value at {@code index}. */
    public static int dataLength(StunMessage message, int index) {
        return message.valueLength(index);
    }

    /** Appends DATA copying {@code length} bytes of {@code source} from {@code from}; borrows {@code source}. */
    public static void addData(StunMessageWriter writer, ByteBuf source, int from, int length) {
        writer.putBytes(StunAttributeType.DATA, source, from, length);
    }
}
