package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The plain (not XORed) address format of MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489 clients,
 * and of ALTERNATE-SERVER (§14.15), which reuses it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0 0 0 0 0 0 0|    Family     |           Port                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Address (32 bits or 128 bits)                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Stateless; every method borrows the message or writer it is given.
 */
public final class MappedAddress {

    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;
    public static final int IPV4_LENGTH = 8;
    public static final int IPV6_LENGTH = 20;

    private MappedAddress() {
    }

    /** The address family of the attribute at {@code index}, validated against its length. */
    public static int family(StunMessage message, int index) throws StunParseException {
        int length = message.valueLength(index);
        int family = length < 2 ? -1 : message.buffer().getUnsignedByte(message.valueOffset(index) + 1);
        // RFC 8489 §14.1: IPv4 values are 8 bytes, IPv6 values 20; any other family is invalid.
        if (family == FAMILY_IPV4 && length == IPV4_LENGTH || family == FAMILY_IPV6 && length == IPV6_LENGTH) {
            return family;
        }
        throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "bad address family or length");
    }

    /** The port; call {@link #family} first, which validates the length. */
    public static int port(StunMessage message, int index) {
        return message.buffer().getUnsignedShort(message.valueOffset(index) + 2);
    }

    /** For IPv4: the address as a big-endian int, read without allocating. Call {@link #family} first. */
    public static int ipv4(StunMessage message, int index) {
        return message.buffer().getInt(message.valueOffset(index) + 4);
    }

    /** Decodes the attribute at {@code index}. Allocates the returned address. */
    public static InetSocketAddress read(StunMessage message, int index) throws StunParseException {
        int family = family(message, index);
        byte[] raw = new byte[family == FAMILY_IPV4 ? 4 : 16];
        message.buffer().getBytes(message.valueOffset(index) + 4, raw);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(raw), port(message, index));
        } catch (UnknownHostException e) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "bad address length");
        }
    }

    /** Appends a MAPPED-ADDRESS. */
    public static void addTo(StunMessageWriter writer, InetSocketAddress address) {
        addTo(writer, StunAttributeType.MAPPED_ADDRESS, address.getAddress(), address.getPort());
    }

    /** Appends an attribute of {@code type} in this format (MAPPED-ADDRESS, ALTERNATE-SERVER). */
    public static void addTo(StunMessageWriter writer, int type, InetAddress address, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(type);
        out.writeByte(0);
        out.writeByte(address instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6);
        out.writeShort(port);
        out.writeBytes(address.getAddress());
        writer.endAttribute(valueStart);
    }
}
