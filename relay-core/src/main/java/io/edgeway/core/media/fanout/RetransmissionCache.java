package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.rtp.SequenceNumbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * The last {@link #CAPACITY} unprotected RTP packets of one published SSRC, so that a subscriber's Generic
 * NACK (RFC 4585 §6.2.1) can be answered by the SFU instead of travelling to the publisher. Also remembers
 * when each missing packet was last asked of the publisher, so that the NACKs of many subscribers for one
 * packet lost upstream reach the publisher once per {@link #REQUEST_INTERVAL_NANOS}.
 *
 * <p>A ring indexed by the extended sequence number modulo {@link #CAPACITY}: slot {@code e & (CAPACITY-1)}
 * holds packet {@code e} until packet {@code e + CAPACITY} takes it. Sequence numbers are extended (cycles
 * counted) relative to the highest one stored ({@link SequenceNumbers#extend}), so a NACK for a sequence
 * number 65536 packets back never matches. Only packets within {@link #CAPACITY} of the highest are ever
 * returned.
 *
 * <p><b>Buffers.</b> Each slot owns one pooled buffer, allocated the first time the slot is used and
 * reused (cleared and rewritten) when a newer packet takes the slot; {@link #release()} frees them all,
 * when the publisher leaves or the room closes. {@link #get} lends the slot's buffer: valid until the next
 * {@link #put} or {@link #release()}; the caller copies what it sends. {@link #put} borrows its argument.
 *
 * <p>Memory: up to {@value #CAPACITY} packets per published SSRC (about 600 KB for 1,200-byte video),
 * plus three {@code long[]} of {@value #CAPACITY} entries (12 KB) of bookkeeping.
 *
 * <p>Confined to the room's event loop; allocation-free once every slot has its buffer (a larger packet
 * than a slot held grows that buffer inside the pool).
 */
final class RetransmissionCache {

    /** Packets kept per SSRC; a power of two. About half a second of 1,000-packet/s video. */
    static final int CAPACITY = 512;
    /** A packet lost upstream is asked of the publisher at most once in this interval. */
    static final long REQUEST_INTERVAL_NANOS = 50_000_000L;

    private static final int MASK = CAPACITY - 1;
    /** What {@link #put} returns for a packet too old to keep. */
    static final long NOT_CACHED = Long.MIN_VALUE;
    private static final long EMPTY = NOT_CACHED;

    private final ByteBuf[] packets = new ByteBuf[CAPACITY];
    private final long[] stored = new long[CAPACITY];
    private final long[] requested = new long[CAPACITY];
    private final long[] requestedAtNanos = new long[CAPACITY];
    private long highest = EMPTY;
    private boolean released;

    RetransmissionCache() {
        Arrays.fill(stored, EMPTY);
        Arrays.fill(requested, EMPTY);
    }

    /**
     * Keeps a copy of the unprotected RTP packet in {@code packet}'s readable bytes.
     *
     * @return its extended sequence number, or {@link #NOT_CACHED} when it is too old to keep
     */
    long put(ByteBuf packet, ByteBufAllocator alloc) {
        if (released) {
            return EMPTY;
        }
        int seq = packet.getUnsignedShort(packet.readerIndex() + 2);
        long extended = highest == EMPTY ? seq : SequenceNumbers.extend(highest, seq);
        if (highest != EMPTY && highest - extended >= CAPACITY) {
            return EMPTY;
        }
        int slot = (int) extended & MASK;
        ByteBuf buffer = packets[slot];
        if (buffer == null) {
            buffer = alloc.directBuffer(packet.readableBytes());
            packets[slot] = buffer;
        }
        ByteBufCopy.append(buffer.clear(), packet, packet.readerIndex(), packet.readableBytes());
        stored[slot] = extended;
        if (highest == EMPTY || extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** The extended form of {@code seq} relative to the newest packet kept, or {@link Long#MIN_VALUE}. */
    long extend(int seq) {
        return highest == EMPTY ? EMPTY : SequenceNumbers.extend(highest, seq);
    }

    /** Whether {@code extended} lies in the window this cache covers: sent by the publisher, recent. */
    boolean covers(long extended) {
        return highest != EMPTY && extended <= highest && highest - extended < CAPACITY;
    }

    /** The kept packet {@code extended}, lent until the next {@link #put}; null if it is not here. */
    ByteBuf get(long extended) {
        if (!covers(extended)) {
            return null;
        }
        int slot = (int) extended & MASK;
        return stored[slot] == extended ? packets[slot] : null;
    }

    /**
     * Whether packet {@code extended}, missing here, should be asked of the publisher now: it is in the
     * window (the publisher sent it) and was not asked for in the last {@link #REQUEST_INTERVAL_NANOS}.
     * Records the request when it answers true.
     */
    boolean shouldRequest(long extended, long nowNanos) {
        if (!covers(extended) || get(extended) != null) {
            return false;
        }
        int slot = (int) extended & MASK;
        if (requested[slot] == extended && nowNanos - requestedAtNanos[slot] < REQUEST_INTERVAL_NANOS) {
            return false;
        }
        requested[slot] = extended;
        requestedAtNanos[slot] = nowNanos;
        return true;
    }

    /** Packets held now. */
    int size() {
        int n = 0;
        for (long e : stored) {
            if (e != EMPTY && covers(e)) {
                n++;
            }
        }
        return n;
    }

    /** Frees every buffer; the cache keeps nothing afterwards. Idempotent. */
    void release() {
        released = true;
        for (int i = 0; i < CAPACITY; i++) {
            if (packets[i] != null) {
                packets[i].release();
                packets[i] = null;
            }
            stored[i] = EMPTY;
        }
        highest = EMPTY;
    }
}
