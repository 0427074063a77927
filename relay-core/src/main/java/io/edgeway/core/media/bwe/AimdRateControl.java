package io.edgeway.core.media.bwe;

/**
 * The rate controller of Google congestion control (draft-ietf-rmcat-gcc-02 §5.5): from the detector's
 * signal and the acknowledged rate it moves the delay-based estimate A_hat through three states.
 *
 * <pre>
 *   signal \ state   Hold       Increase   Decrease
 *   over-use         Decrease   Decrease   Decrease
 *   normal           Increase   Increase   Hold
 *   under-use        Hold       Hold       Hold
 * </pre>
 *
 * <ul>
 *   <li><b>Decrease</b>: A_hat = {@link #BETA} x the acknowledged rate R_hat (never upward), then Hold. Each
 *       decrease also updates an estimate of the link's capacity: the running mean and variance of R_hat at
 *       decreases.</li>
 *   <li><b>Increase</b>: multiplicative ({@link #MULTIPLICATIVE_INCREASE_PER_SECOND} per second) while the
 *       capacity is unknown or R_hat has left it (three standard deviations), additive near it (about half
 *       a packet per response time, at least 1 kbit/s), so that the rate probes gently where it last
 *       failed. An increase never takes A_hat above 1.5 R_hat + 10 kbit/s: a sender limited by what it has
 *       to send must not talk the estimate up (probing does that, {@link #raiseTo}).</li>
 * </ul>
 *
 * <p>Confined to the media loop; allocation-free.
 */
public final class AimdRateControl {

    static final double BETA = 0.85;
    static final double MULTIPLICATIVE_INCREASE_PER_SECOND = 1.08;
    static final long MIN_ADDITIVE_INCREASE_BPS = 1_000;
    /** RTT plus the 100 ms the draft adds; the SFU assumes 100 ms of RTT. */
    static final long RESPONSE_TIME_NANOS = 200_000_000L;
    private static final double FRAMES_PER_SECOND = 30;
    private static final double MAX_PACKET_BITS = 1200 * 8;
    private static final double CAPACITY_SMOOTHING = 0.05;
    private static final double MIN_CAPACITY_VARIANCE = 0.4;
    private static final double MAX_CAPACITY_VARIANCE = 2.5;

    enum State { HOLD, INCREASE, DECREASE }

    private final long minBps;
    private final long maxBps;
    private long rateBps;
    private State state = State.HOLD;
    private long lastUpdateNanos = Long.MIN_VALUE;
    /** Mean and normalised variance of the acknowledged rate at decreases, in kbit/s; NaN while unknown. */
    private double capacityKbps = Double.NaN;
    private double capacityVariance = MIN_CAPACITY_VARIANCE;

    public AimdRateControl(long initialBps, long minBps, long maxBps) {
        if (minBps <= 0 || maxBps < minBps || initialBps < minBps || initialBps > maxBps) {
            throw new IllegalArgumentException("need 0 < min <= initial <= max: " + minBps + " " + initialBps + " " + maxBps);
        }
        this.rateBps = initialBps;
        this.minBps = minBps;
        this.maxBps = maxBps;
    }

    public long rateBps() {
        return rateBps;
    }

    State state() {
        return state;
    }

    /**
     * One step with the detector's signal and the acknowledged rate (or {@link AckedBitrate#UNKNOWN}).
     * Returns the new estimate.
     */
    public long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
        long elapsed = lastUpdateNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastUpdateNanos);
        lastUpdateNanos = nowNanos;
        switch (usage) {
            case OVERUSING -> state = State.DECREASE;
            case NORMAL -> state = state == State.DECREASE ? State.HOLD : State.INCREASE;
            case UNDERUSING -> state = State.HOLD;
            default -> throw new IllegalStateException();
        }
        if (ackedBps != AckedBitrate.UNKNOWN && !Double.isNaN(capacityKbps)
                && ackedBps / 1000.0 > capacityKbps + 3 * capacityDeviationKbps()) {
            // The path carries more than it did at the last decreases: what was learnt no longer holds.
            capacityKbps = Double.NaN;
        }
        if (state == State.INCREASE) {
            increase(ackedBps, elapsed);
        } else if (state == State.DECREASE) {
            decrease(ackedBps);
        }
        return rateBps;
    }

    /** A probe showed the path carries {@code bps}: the estimate jumps there if that is higher. */
    public void raiseTo(long bps) {
        if (bps > rateBps) {
            rateBps = Math.min(maxBps, bps);
            // The capacity learnt at older decreases is below what just went through.
            capacityKbps = Double.NaN;
        }
    }

    private void increase(long ackedBps, long elapsedNanos) {
        long increased;
        if (Double.isNaN(capacityKbps)) {
            double seconds = Math.min(elapsedNanos / 1e9, 1.0);
            increased = (long) (rateBps * Math.pow(MULTIPLICATIVE_INCREASE_PER_SECOND, seconds)) + 1;
        } else {
            double bitsPerFrame = rateBps / FRAMES_PER_SECOND;
            double packetsPerFrame = Math.ceil(bitsPerFrame / MAX_PACKET_BITS);
            double packetBits = bitsPerFrame / packetsPerFrame;
            double alpha = 0.5 * Math.min((double) elapsedNanos / RESPONSE_TIME_NANOS, 1.0);
            increased = rateBps + Math.max(MIN_ADDITIVE_INCREASE_BPS, (long) (alpha * packetBits));
        }
        if (ackedBps != AckedBitrate.UNKNOWN) {
            long ceiling = (long) (1.5 * ackedBps) + 10_000;
            if (rateBps >= ceiling) {
                return;
            }
            increased = Math.min(increased, ceiling);
        }
        rateBps = clamp(increased);
    }

    private void decrease(long ackedBps) {
        if (ackedBps == AckedBitrate.UNKNOWN) {
            state = State.HOLD;
            return;
        }
        long decreased = (long) (BETA * ackedBps);
        if (decreased > rateBps && !Double.isNaN(capacityKbps)) {
            decreased = (long) (BETA * capacityKbps * 1000);
        }
        if (decreased < rateBps) {
            rateBps = clamp(decreased);
        }
        learnCapacity(ackedBps / 1000.0);
        state = State.HOLD;
    }

    private void learnCapacity(double ackedKbps) {
        if (Double.isNaN(capacityKbps)) {
            capacityKbps = ackedKbps;
        } else {
            capacityKbps = (1 - CAPACITY_SMOOTHING) * capacityKbps + CAPACITY_SMOOTHING * ackedKbps;
        }
        double normaliser = Math.max(capacityKbps, 1.0);
        double error = capacityKbps - ackedKbps;
        capacityVariance = (1 - CAPACITY_SMOOTHING) * capacityVariance
                + CAPACITY_SMOOTHING * error * error / normaliser;
        capacityVariance = Math.max(MIN_CAPACITY_VARIANCE, Math.min(MAX_CAPACITY_VARIANCE, capacityVariance));
    }

    private double capacityDeviationKbps() {
        return Math.sqrt(capacityVariance * capacityKbps);
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
