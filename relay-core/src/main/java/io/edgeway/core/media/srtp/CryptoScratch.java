package io.edgeway.core.media.srtp;

/**
 * Reusable work arrays for one thread's SRTP work: a copy of the packet when the {@code ByteBuf} is
 * not heap-backed (javax.crypto works on arrays), and the counter blocks and keystream of AES-CM.
 * One instance is shared by all contexts of an {@link SrtpSession}, which is confined to one thread,
 * so a call never sees another call's data. Arrays grow only for a packet larger than any seen
 * before (at most once per size class), so steady-state use allocates nothing.
 */
final class CryptoScratch {

    /** AES-CM keystream is produced in chunks of this many octets, whatever the packet size. */
    static final int KEYSTREAM_CHUNK = 2048;
    private static final int INITIAL_PACKET = 2048;

    private byte[] packet = new byte[INITIAL_PACKET];
    private byte[] counterBlocks;
    private byte[] keystream;

    /** A packet copy area of at least {@code length} octets. */
    byte[] packet(int length) {
        if (packet.length < length) {
            packet = new byte[Math.max(length, packet.length * 2)];
        }
        return packet;
    }

    byte[] counterBlocks() {
        if (counterBlocks == null) {
            counterBlocks = new byte[KEYSTREAM_CHUNK];
        }
        return counterBlocks;
    }

    byte[] keystream() {
        if (keystream == null) {
            keystream = new byte[KEYSTREAM_CHUNK];
        }
        return keystream;
    }
}
