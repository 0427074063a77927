package io.edgeway.core.media.selection;

/**
 * The bitrate of one received stream over the last second, from the packets' sizes: ten 100 ms buckets
 * in a ring, so that reading and adding are O(1) and allocation-free. A layer's measured bitrate is what
 * the {@link VideoAllocator} weighs against a subscriber's bandwidth, since what a sender actually emits
 * (not what its SDP or encoder settings promise) is what the subscriber's path must carry.
 *
 * <p>Confined to the media loop.
 */
public final class BitrateMeter {

    static final long BUCKET_NANOS = 100_000_000L;
    static final int BUCKETS = 10;

    private final long[] bytes = new long[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private long total;
    private long lastPacketNanos = Long.MIN_VALUE;

    /** One packet of {@code size} bytes arrived. */
    public void add(long nowNanos, int size) {
        advance(nowNanos);
        bytes[(int) Math.floorMod(currentBucket, BUCKETS)] += size;
        total += size;
        lastPacketNanos = nowNanos;
    }

    /** Bits per second over the last second (the current, partial bucket included). */
    public long bitsPerSecond(long nowNanos) {
        advance(nowNanos);
        return total * 8;
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
        for (long i = 1; i <= Math.min(steps, BUCKETS); i++) {
            int slot = (int) Math.floorMod(currentBucket + i, BUCKETS);
            total -= bytes[slot];
            bytes[slot] = 0;
        }
        currentBucket = bucket;
    }
}
