package io.edgeway.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of counters owned by one thread (one event loop) and read by any thread at scrape
 * time. Increments are a plain read plus an opaque write: no lock, no CAS, no allocation, so the
 * per-packet path can count every packet and every drop. Readers see each counter's latest value
 * eventually (opaque mode), which is all a monotonic counter needs. Totals across event loops are
 * summed when scraped.
 */
public final class StripedCounters {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    // Padding keeps one loop's hot counters off another loop's cache lines.
    private static final int PAD = 8;
    private final long[] slots;
    private final int size;

    public StripedCounters(int size) {
        this.size = size;
        this.slots = new long[size + 2 * PAD];
    }

    public int size() {
        return size;
    }

    /** Owner thread only. */
    public void increment(int index) {
        int i = index + PAD;
        SLOTS.setOpaque(slots, i, (long) SLOTS.getOpaque(slots, i) + 1L);
    }

    /** Owner thread only. */
    public void add(int index, long delta) {
        int i = index + PAD;
        SLOTS.setOpaque(slots, i, (long) SLOTS.getOpaque(slots, i) + delta);
    }

    /** Any thread. */
    public long get(int index) {
        return (long) SLOTS.getOpaque(slots, index + PAD);
    }
}
