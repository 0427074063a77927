package io.edgeway.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The layout of the application data every load packet carries, so that the echo peer and the client
 * can tell a load packet from anything else and the client can measure the round trip without keeping
 * per-packet state:
 *
 * <pre>
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         MAGIC 0xED6E3A7B                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       sequence (per client)                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              send time, System.nanoTime() of the sender       |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 zero filler up to the payload size           ...
 * </pre>
 *
 * The send time is only compared within this process (client and peer share one clock).
 */
final class Payload {

    static final int MAGIC = 0xED6E3A7B;
    static final int MAGIC_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 4;
    static final int SEND_NANOS_OFFSET = 8;
    /** The smallest payload that holds the header. */
    static final int MIN_SIZE = 16;

    private Payload() {
    }

    /** Whether the {@code length} bytes at {@code offset} look like a load packet of {@code size} bytes. */
    static boolean isLoadPacket(ByteBuf buf, int offset, int length, int size) {
        return length == size && buf.getInt(offset + MAGIC_OFFSET) == MAGIC;
    }

    static long sendNanos(ByteBuf buf, int offset) {
        return buf.getLong(offset + SEND_NANOS_OFFSET);
    }
}
