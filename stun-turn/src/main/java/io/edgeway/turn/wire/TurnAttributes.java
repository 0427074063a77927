package io.edgeway.turn.wire;
import io.edgeway.stun.codec.*;
public final class TurnAttributes {
    public static final int UDP = 17, TCP = 6;
    public static int channelNumber(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 4) throw bad(); return m.buffer().getUnsignedShort(m.valueOffset(i)); }
    public static void addChannelNumber(StunMessageWriter w, int c) { w.putInt(StunAttributeType.CHANNEL_NUMBER, c << 16); }
    public static long lifetime(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 4) throw bad(); return m.buffer().getUnsignedInt(m.valueOffset(i)); }
    public static void addLifetime(StunMessageWriter w, long s) { w.putInt(StunAttributeType.LIFETIME, (int) s); }
    public static int requestedTransport(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 4) throw bad(); return m.buffer().getUnsignedByte(m.valueOffset(i)); }
    public static void addRequestedTransport(StunMessageWriter w, int p) { w.putInt(StunAttributeType.REQUESTED_TRANSPORT, p << 24); }
    public static boolean evenPortReserve(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 1) throw bad(); return (m.buffer().getByte(m.valueOffset(i)) & 0x80) != 0; }
    public static void addEvenPort(StunMessageWriter w, boolean r) { w.putBytes(StunAttributeType.EVEN_PORT, new byte[] {(byte) (r ? 0x80 : 0)}); }
    public static long reservationToken(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 8) throw bad(); return m.buffer().getLong(m.valueOffset(i)); }
    public static void addReservationToken(StunMessageWriter w, long t) { int s = w.beginAttribute(StunAttributeType.RESERVATION_TOKEN); w.buffer().writeLong(t); w.endAttribute(s); }
    public static int addressFamily(StunMessage m, int i) throws StunParseException { if (m.valueLength(i) != 4) throw bad(); int f = m.buffer().getUnsignedByte(m.valueOffset(i)); if (f != 1 && f != 2) throw bad(); return f; }
    public static void addRequestedAddressFamily(StunMessageWriter w, int f) { w.putInt(StunAttributeType.REQUESTED_ADDRESS_FAMILY, f << 24); }
    public static void addAdditionalAddressFamily(StunMessageWriter w, int f) { w.putInt(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, f << 24); }
    public static void addAddressErrorCode(StunMessageWriter w, int family, int code) { int s = w.beginAttribute(StunAttributeType.ADDRESS_ERROR_CODE); w.buffer().writeByte(family); w.buffer().writeByte(0); w.buffer().writeByte(code / 100); w.buffer().writeByte(code % 100); w.buffer().writeCharSequence(io.edgeway.stun.attr.ErrorCode.reason(code), java.nio.charset.StandardCharsets.UTF_8); w.endAttribute(s); }
    public static void addDontFragment(StunMessageWriter w) { w.putEmpty(StunAttributeType.DONT_FRAGMENT); }
    private static StunParseException bad() { return new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "bad"); }
}
