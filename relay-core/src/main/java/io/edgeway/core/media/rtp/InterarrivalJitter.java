package io.edgeway.core.media.rtp;

/**
 * The interarrival jitter estimate of one RTP source (RFC 3550 §6.4.1 and Appendix A.8): the smoothed
 * mean deviation of the difference in relative transit time between consecutive packets, in RTP
 * timestamp units, as carried in a reception report block.
 *
 * <p>Kept as the RFC's integer variant (A.8, second form): the estimate is stored multiplied by 16 so
 * the 1/16 gain needs no floating point. Arrival times come from the caller's monotonic clock in
 * nanoseconds and are converted to the stream's clock rate; all transit arithmetic is done modulo 2^32
 * like the RFC's 32-bit ints, so timestamp wrap needs no special case.
 *
 * <p>Not thread-safe: one instance per received stream, confined to its event loop. Allocation-free.
 */
public final class InterarrivalJitter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int clockRate;
    private boolean started;
    private int lastTransit;
    private long jitterTimes16;

    /** @param clockRate the RTP clock rate of the stream in Hz (48000 for Opus, 90000 for video) */
    public InterarrivalJitter(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * Feeds one packet: its arrival time and its RTP timestamp. Feed only packets in sequence order
     * that advance the stream (not retransmissions), as RFC 3550 §6.4.1 intends.
     *
     * @param arrivalNanos monotonic arrival time, e.g. the clock reading taken once per read batch
     * @param rtpTimestamp the packet's RTP timestamp, 0 to 2^32-1
     */
    public void update(long arrivalNanos, long rtpTimestamp) {
        int arrival = (int) toTimestampUnits(arrivalNanos);
        int transit = arrival - (int) rtpTimestamp;
        if (!started) {
            started = true;
            lastTransit = transit;
            return;
        }
        int d = transit - lastTransit;
        lastTransit = transit;
        if (d < 0) {
            d = -d;
        }
        // RFC 3550 A.8: J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16, kept scaled by 16.
        jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
    }

    /** The current estimate in RTP timestamp units, as written into a report block. */
    public long jitter() {
        return jitterTimes16 >> 4;
    }

    private long toTimestampUnits(long nanos) {
        // Split so that the multiplication cannot overflow: the remainder is below 1e9 and the clock
        // rate below 2^31, so their product fits a long.
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long remainder = Math.floorMod(nanos, NANOS_PER_SECOND);
        return seconds * clockRate + remainder * clockRate / NANOS_PER_SECOND;
    }
}
