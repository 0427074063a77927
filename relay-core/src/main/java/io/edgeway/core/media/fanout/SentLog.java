package io.edgeway.core.media.fanout;

import java.util.Arrays;

/**
 * What one subscriber was sent of one published SSRC: for each of the last
 * {@link RetransmissionCache#CAPACITY} packets, whether its copy left protected and with which
 * transport-wide sequence number. A retransmission must be the very bytes first sent
 * ({@link io.edgeway.core.media.srtp.SrtpContext#protectRetransmission}): under AES-GCM the same IV over
 * a header with another transport-wide number would reveal the hash key. This log is what lets the room
 * rebuild those bytes: same cached packet, same extension table, same number.
 *
 * <p>One {@code int} per slot, slot = extended sequence number modulo the cache capacity, as in
 * {@link RetransmissionCache}:
 *
 * <pre>
 *   31  30            16 15                             0
 *  +---+----------------+--------------------------------+
 *  | V |  tag (15 bits) | transport-wide sequence number |
 *  +---+----------------+--------------------------------+
 * </pre>
 *
 * V marks a written slot; the tag is the extended sequence number divided by the capacity, modulo 2^15,
 * so an entry left from 2^24 packets ago cannot pass for the packet now in the cache slot.
 *
 * <p>2 KB per (subscriber, published SSRC), created on the first copy forwarded. Confined to the room's
 * event loop; allocation-free.
 */
final class SentLog {

    private static final int MASK = RetransmissionCache.CAPACITY - 1;
    private static final int SHIFT = Integer.numberOfTrailingZeros(RetransmissionCache.CAPACITY);
    private static final int VALID = 1 << 31;
    private static final int TAG_MASK = 0x7FFF;
    /** Returned by {@link #transportSequence} for a packet not sent (or not recorded). */
    static final int NOT_SENT = -1;

    private final int[] slots = new int[RetransmissionCache.CAPACITY];
    private final long startedNanos;

    /** @param startedNanos when the subscriber was first sent a copy of this stream */
    SentLog(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** When the subscriber began to receive this stream (the first copy forwarded, or after a reset). */
    long startedNanos() {
        return startedNanos;
    }

    /** Records that packet {@code extended} left with transport-wide number {@code transportSequence}. */
    void record(long extended, int transportSequence) {
        slots[(int) extended & MASK] = VALID | (tag(extended) << 16) | (transportSequence & 0xFFFF);
    }

    /** The transport-wide number packet {@code extended} left with, or {@link #NOT_SENT}. */
    int transportSequence(long extended) {
        int entry = slots[(int) extended & MASK];
        if ((entry & VALID) == 0 || ((entry >>> 16) & TAG_MASK) != tag(extended)) {
            return NOT_SENT;
        }
        return entry & 0xFFFF;
    }

    /** Forgets everything, e.g. when the extension table that shaped the copies changed. */
    void clear() {
        Arrays.fill(slots, 0);
    }

    private static int tag(long extended) {
        return (int) (extended >> SHIFT) & TAG_MASK;
    }
}
