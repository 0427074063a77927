package io.edgeway.turn.netty;

/** Classification of the first byte of a packet on a TURN listener. */
final class ChannelFrames {

    private ChannelFrames() {
    }

    /**
     * ChannelData starts with 0b01 (channel numbers 0x4000-0x7FFF, RFC 5766's range, a superset of RFC
     * 8656's 0x4000-0x4FFF). Framing accepts the wider range; whether a number can be bound is the
     * core's decision, and an unbound number is dropped as such.
     */
    static boolean isChannelDataFirstByte(int first) {
        return (first & 0xC0) == 0x40;
    }
}
