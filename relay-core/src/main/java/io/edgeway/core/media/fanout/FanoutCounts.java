package io.edgeway.core.media.fanout;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The {@link FanoutCounter}s one unit of a {@link MediaRoom} has counted. Each unit owns one instance and
 * is its only writer (the room's event loop); {@link MediaRoom#count} sums them for metrics from any thread.
 */
final class FanoutCounts {

    private final AtomicLongArray counts = new AtomicLongArray(FanoutCounter.values().length);

    /** Single writer (the loop): a plain increment published with release semantics, as MediaPort does. */
    void increment(FanoutCounter counter) {
        int i = counter.ordinal();
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** Any thread. */
    long get(FanoutCounter counter) {
        return counts.get(counter.ordinal());
    }
}
