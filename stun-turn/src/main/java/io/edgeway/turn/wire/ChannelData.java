package io.edgeway.turn.wire;
import io.netty.buffer.ByteBuf;
public final class ChannelData {
    public static final int HEADER_LENGTH = 4, MIN_CHANNEL = 0x4000, MAX_CHANNEL = 0x4FFF;
    public static boolean isChannelNumber(int c) { return c >= MIN_CHANNEL && c <= MAX_CHANNEL; }
    public static boolean looksLikeChannelData(ByteBuf b, int o) { int f = b.getUnsignedByte(o); return f >= 0x40 && f <= 0x4F; }
    public static int channelNumber(ByteBuf b, int o) { return b.getUnsignedShort(o); }
    public static int dataLength(ByteBuf b, int o) { return b.getUnsignedShort(o + 2); }
    public static void writeHeader(ByteBuf b, int o, int c, int l) { b.setShort(o, c); b.setShort(o + 2, l); }
    public static int paddedLength(int l) { return (l + 3) & ~3; }
    public static int frameLength(ByteBuf b, int o, boolean stream) { int l = dataLength(b, o); return 4 + (stream ? paddedLength(l) : l); }
}
