package io.edgeway.core.media.bwe;

/**
 * The rate at which packets toward a subscriber are acknowledged as received, over the last
 * {@link #WINDOW_NANOS} of arrival time: R_hat of draft-ietf-rmcat-gcc-02 §5.5, which a decrease is taken
 * from and an increase is capped by. A ring of the last {@link #CAPACITY} acknowledgements; confined to the
 * media loop; allocation-free after construction.
 */
public final class AckedBitrate {

    static final long WINDOW_NANOS = 500_000_000L;
    /** A rate needs at least this much arrival time behind it. */
    static final long MIN_SPAN_NANOS = 100_000_000L;
    static final int CAPACITY = 4096;
    /** {@link #bitsPerSecond()} before there is enough to measure. */
    public static final long UNKNOWN = -1;

    private final long[] arrival = new long[CAPACITY];
    private final int[] size = new int[CAPACITY];
    private int head;
    private int count;
    private long bytes;
    private long latest = Long.MIN_VALUE;

    /** Adds one acknowledged packet (arrival times on the receiver's clock, in nanoseconds). */
    public void add(long arrivalNanos, int packetBytes) {
        if (count == CAPACITY) {
            evictOldest();
        }
        int tail = (head + count) % CAPACITY;
        arrival[tail] = arrivalNanos;
        size[tail] = packetBytes;
        count++;
        bytes += packetBytes;
        latest = Math.max(latest, arrivalNanos);
        while (count > 1 && latest - arrival[head] > WINDOW_NANOS) {
            evictOldest();
        }
    }

    /** The acknowledged rate, or {@link #UNKNOWN} with less than {@link #MIN_SPAN_NANOS} of arrivals. */
    public long bitsPerSecond() {
        if (count < 2) {
            return UNKNOWN;
        }
        long span = latest - arrival[head];
        if (span < MIN_SPAN_NANOS) {
            return UNKNOWN;
        }
        // The first packet opens the span; the bytes after it arrived over it.
        return (bytes - size[head]) * 8L * 1_000_000_000L / span;
    }

    private void evictOldest() {
        bytes -= size[head];
        head = (head + 1) % CAPACITY;
        count--;
    }
}
