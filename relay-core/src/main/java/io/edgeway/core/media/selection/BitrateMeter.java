package io.edgeway.core.media.selection;

/**
 * The bitrate of one received stream over the last second, from the packets' sizes, and its average over
 * the last {@link #LONG_BUCKETS} / 10 seconds: 100 ms buckets in a ring, so that reading and adding are
 * O(1) and allocation-free. A layer's measured bitrate is what the {@link VideoAllocator} weighs against a
 * subscriber's bandwidth, since what a sender actually emits (not what its SDP or encoder settings promise)
 * is what the subscriber's path must carry.
 *
 * <p>Confined to the media loop.
 */
public final class BitrateMeter {

    static final long BUCKET_NANOS = 100_000_000L;
    static final int BUCKETS = 10;
    static final long WINDOW_NANOS = BUCKET_NANOS * BUCKETS;
    /** The longer window: five seconds. */
    static final int LONG_BUCKETS = 50;

    private final long[] bytes = new long[LONG_BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private long total;
    private long longTotal;
    private long lastPacketNanos = Long.MIN_VALUE;
    /** When the stream began, or began again after a silence that emptied the window. */
    private long flowingSinceNanos;

    /** One packet of {@code size} bytes arrived. */
    public void add(long nowNanos, int size) {
        if (!activeWithin(nowNanos, WINDOW_NANOS)) {
            flowingSinceNanos = nowNanos;
        }
        advance(nowNanos);
        bytes[(int) Math.floorMod(currentBucket, LONG_BUCKETS)] += size;
        total += size;
        longTotal += size;
        lastPacketNanos = nowNanos;
    }

    /** Bits per second over the last second (the current, partial bucket included). */
    public long bitsPerSecond(long nowNanos) {
        advance(nowNanos);
        return total * 8;
    }

    /**
     * What to count the stream at when deciding what fits: the higher of its last second and its average
     * over the longer window, once a whole second of it has been seen since it began (or began again after
     * a silence), and before that at least {@code assumedBps}. A stream's first second measures low (the
     * window is mostly empty), and an encoder's new layer starts below the rate it settles at; a video
     * encoder's rate also dips for a second or two and comes back. Taken at such a word, a layer would be
     * sent to a subscriber whose link cannot carry it a moment later.
     */
    public long settledBitsPerSecond(long nowNanos, long assumedBps) {
        long measured = bitsPerSecond(nowNanos);
        long flowing = nowNanos - flowingSinceNanos;
        if (!activeWithin(nowNanos, WINDOW_NANOS) || flowing < WINDOW_NANOS) {
            return Math.max(measured, assumedBps);
        }
        // The average over the part of the longer window the stream has been flowing.
        long span = Math.min(flowing, LONG_BUCKETS * BUCKET_NANOS);
        long average = longTotal * 8 * 1_000_000_000L / span;
        return Math.max(measured, average);
    }

    /** Whether any packet arrived yet. */
    public boolean started() {
        return lastPacketNanos != Long.MIN_VALUE;
    }

    /** Whether a packet arrived within {@code windowNanos} before {@code nowNanos}. */
    public boolean activeWithin(long nowNanos, long windowNanos) {
        return started() && nowNanos - lastPacketNanos <= windowNanos;
    }

    private void advance(long nowNanos) {
        long bucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
        if (currentBucket == Long.MIN_VALUE) {
            currentBucket = bucket;
            return;
        }
        long steps = bucket - currentBucket;
        if (steps <= 0) {
            return;
        }
        for (long i = 1; i <= Math.min(steps, LONG_BUCKETS); i++) {
            long next = currentBucket + i;
            // The bucket BUCKETS back leaves the last second; the one LONG_BUCKETS back, the longer window.
            total -= bytes[(int) Math.floorMod(next - BUCKETS, LONG_BUCKETS)];
            int slot = (int) Math.floorMod(next, LONG_BUCKETS);
            longTotal -= bytes[slot];
            bytes[slot] = 0;
        }
        if (steps > LONG_BUCKETS) {
            total = 0;
            longTotal = 0;
        }
        currentBucket = bucket;
    }
}
