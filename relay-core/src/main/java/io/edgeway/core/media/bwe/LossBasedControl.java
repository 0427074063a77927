package io.edgeway.core.media.bwe;

/**
 * The loss-based half of Google congestion control (draft-ietf-rmcat-gcc-02 §6): a limit on the sending
 * rate from the fraction of packets the subscriber reports lost, measured over windows of at least
 * {@link #WINDOW_NANOS} and {@link #MIN_PACKETS} packets.
 *
 * <ul>
 *   <li>more than 10% lost: the limit becomes the current target x (1 - 0.5 x loss);</li>
 *   <li>2% to 10%: the limit holds at no more than the current target;</li>
 *   <li>under 2%: the limit grows by {@link #INCREASE} per window, and is lifted altogether once it is
 *       above {@link #LIFT_FACTOR} x the delay-based estimate (no loss: the delay signal leads).</li>
 * </ul>
 *
 * <p>Confined to the media loop; allocation-free.
 */
public final class LossBasedControl {

    static final long WINDOW_NANOS = 500_000_000L;
    static final int MIN_PACKETS = 20;
    static final double HIGH_LOSS = 0.10;
    static final double LOW_LOSS = 0.02;
    static final double INCREASE = 1.08;
    static final double LIFT_FACTOR = 1.5;
    /** {@link #limitBps()} when loss limits nothing. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private long limitBps = UNLIMITED;
    private long windowStart = Long.MIN_VALUE;
    private int received;
    private int lost;
    private double lastLossRatio;

    /** Counts one packet the feedback reported on. */
    public void onReport(boolean wasReceived) {
        if (wasReceived) {
            received++;
        } else {
            lost++;
        }
    }

    /**
     * Closes the window if it is long and full enough and applies its loss to the limit.
     *
     * @param targetBps the target the sender uses now
     * @param delayBasedBps the delay-based estimate now
     */
    public long update(long nowNanos, long targetBps, long delayBasedBps) {
        if (windowStart == Long.MIN_VALUE) {
            windowStart = nowNanos;
        }
        int total = received + lost;
        if (nowNanos - windowStart < WINDOW_NANOS || total < MIN_PACKETS) {
            return limitBps;
        }
        double loss = (double) lost / total;
        lastLossRatio = loss;
        received = 0;
        lost = 0;
        windowStart = nowNanos;
        if (loss > HIGH_LOSS) {
            limitBps = (long) (targetBps * (1 - 0.5 * loss));
        } else if (loss >= LOW_LOSS) {
            limitBps = Math.min(limitBps, targetBps);
        } else if (limitBps != UNLIMITED) {
            limitBps = (long) (limitBps * INCREASE);
            if (limitBps > LIFT_FACTOR * delayBasedBps) {
                limitBps = UNLIMITED;
            }
        }
        return limitBps;
    }

    /**
     * A probe got {@code bps} through with at least 80% of its packets: the loss limit is at least that
     * (libwebrtc likewise sets its loss-based target to a probe's result).
     */
    public void raiseTo(long bps) {
        if (limitBps != UNLIMITED && bps > limitBps) {
            limitBps = bps;
        }
    }

    public long limitBps() {
        return limitBps;
    }

    /** The loss fraction of the last closed window. */
    public double lossRatio() {
        return lastLossRatio;
    }
}
