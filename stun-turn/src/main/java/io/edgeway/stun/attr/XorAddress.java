package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The XOR-obfuscated address format shared by XOR-MAPPED-ADDRESS (RFC 8489 §14.2), XOR-PEER-ADDRESS and
 * XOR-RELAYED-ADDRESS (RFC 8656 §18.3, §18.5). The port is XORed with the top 16 bits of the magic
 * cookie; an IPv4 address with the cookie; an IPv6 address with the cookie followed by the transaction
 * id, which keeps NATs that rewrite addresses in payloads from "fixing" them.
 *
 * <pre>
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                X-Address (Variable: 32 or 128 bits)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class XorAddress {

    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    private XorAddress() {
    }

    /** Decodes the attribute at {@code index}. Allocates the returned address. */
    public static InetSocketAddress read(StunMessage message, int index) throws StunParseException {
        ByteBuf buf = message.buffer();
        int value = message.valueOffset(index);
        int family = family(message, index);
        int port = port(message, index);
        byte[] address = new byte[family == FAMILY_IPV4 ? 4 : 16];
        for (int i = 0; i < address.length; i++) {
            address[i] = (byte) (buf.getByte(value + 4 + i) ^ maskByte(message, i));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "bad address length");
        }
    }

    /** The address family of the attribute at {@code index}, validated against its length. */
    public static int family(StunMessage message, int index) throws StunParseException {
        int length = message.valueLength(index);
        // Check the length before reading the family byte: a short value may end the buffer.
        int family = length < 2 ? -1 : message.buffer().getUnsignedByte(message.valueOffset(index) + 1);
        if (family == FAMILY_IPV4 && length == 8 || family == FAMILY_IPV6 && length == 20) {
            return family;
        }
        throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "bad address family or length");
    }

    /** The port; call {@link #family} first, which validates the length. */
    public static int port(StunMessage message, int index) {
        return message.buffer().getUnsignedShort(message.valueOffset(index) + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
    }

    /** For IPv4: the address as a big-endian int, read without allocating. Call {@link #family} first. */
    public static int ipv4(StunMessage message, int index) {
        return message.buffer().getInt(message.valueOffset(index) + 4) ^ StunMessage.MAGIC_COOKIE;
    }

    private static int maskByte(StunMessage message, int i) {
        if (i < 4) {
            return (StunMessage.MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF;
        }
        return message.buffer().getByte(message.transactionIdOffset() + i - 4);
    }

    /** Appends the attribute; for IPv6 the transaction id must already be written (it is, after begin). */
    public static void addTo(StunMessageWriter writer, int type, InetSocketAddress address) {
        addTo(writer, type, address.getAddress(), address.getPort());
    }

    public static void addTo(StunMessageWriter writer, int type, InetAddress address, int port) {
        ByteBuf out = writer.buffer();
        int valueStart = writer.beginAttribute(type);
        byte[] raw = address.getAddress();
        out.writeByte(0);
        out.writeByte(address instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6);
        out.writeShort(port ^ (StunMessage.MAGIC_COOKIE >>> 16));
        int idOffset = writer.transactionIdOffset();
        for (int i = 0; i < raw.length; i++) {
            int mask = i < 4 ? (StunMessage.MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF : out.getByte(idOffset + i - 4);
            out.writeByte(raw[i] ^ mask);
        }
        writer.endAttribute(valueStart);
    }
}
