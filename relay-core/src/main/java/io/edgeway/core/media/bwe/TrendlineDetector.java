package io.edgeway.core.media.bwe;

/**
 * The delay-based half of Google congestion control: from the delay variation between packet groups it
 * decides whether the path's queues are growing (over-use), draining (under-use) or steady.
 *
 * <p>Following draft-ietf-rmcat-gcc-02 §5.3-5.4 in the form libwebrtc ships (described in Carlucci et
 * al., "Analysis and Design of the Google Congestion Control for Web Real-time Communication", 2016): the
 * per-group delay variation d(i) = arrival delta - send delta is accumulated and exponentially smoothed
 * ({@link #SMOOTHING}), a least-squares line is fitted to the last {@link #WINDOW} smoothed values against
 * arrival time, and its slope, scaled by the number of samples (at most {@link #MAX_SAMPLES_GAIN}) and
 * {@link #THRESHOLD_GAIN}, is compared with an adaptive threshold gamma (§5.4: it moves toward |m(i)| at
 * rate {@link #K_UP} above and {@link #K_DOWN} below, per millisecond, clamped to 6-600, and ignores spikes
 * more than {@link #MAX_ADAPT_OFFSET_MS} past it, so that a sudden capacity drop is not learnt as normal).
 * Over-use is declared once the scaled slope has stayed above gamma for {@link #OVERUSE_TIME_MS} over at
 * least two groups and is not falling; under-use as soon as it is below -gamma.
 *
 * <p>Confined to the media loop; allocation-free after construction.
 */
public final class TrendlineDetector {

    static final int WINDOW = 20;
    static final double SMOOTHING = 0.9;
    static final double THRESHOLD_GAIN = 4.0;
    static final int MAX_SAMPLES_GAIN = 60;
    static final double INITIAL_THRESHOLD_MS = 12.5;
    static final double K_UP = 0.0087;
    static final double K_DOWN = 0.039;
    static final double MIN_THRESHOLD_MS = 6;
    static final double MAX_THRESHOLD_MS = 600;
    static final double MAX_ADAPT_OFFSET_MS = 15;
    static final double OVERUSE_TIME_MS = 10;
    /** The threshold adapts over at most this much time per sample. */
    private static final double MAX_ADAPT_STEP_MS = 100;
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final double[] arrivalMs = new double[WINDOW];
    private final double[] smoothedMs = new double[WINDOW];
    private int filled;
    private int next;
    private int samples;
    private double firstArrivalMs = Double.NaN;
    private double accumulated;
    private double smoothed;
    private double threshold = INITIAL_THRESHOLD_MS;
    private double lastThresholdUpdateMs = Double.NaN;
    private double previousTrend;
    private double overuseTimeMs = -1;
    private int overuseCount;
    private double modifiedTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    /** Takes one inter-group sample from {@link InterArrivalGroups} and returns the path's state. */
    public BandwidthUsage update(long sendDeltaNanos, long arrivalDeltaNanos, long arrivalNanos) {
        double sendDeltaMs = sendDeltaNanos / NANOS_PER_MS;
        double nowMs = arrivalNanos / NANOS_PER_MS;
        samples = Math.min(samples + 1, 1000);
        if (Double.isNaN(firstArrivalMs)) {
            firstArrivalMs = nowMs;
        }
        accumulated += (arrivalDeltaNanos - sendDeltaNanos) / NANOS_PER_MS;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        arrivalMs[next] = nowMs - firstArrivalMs;
        smoothedMs[next] = smoothed;
        next = (next + 1) % WINDOW;
        filled = Math.min(filled + 1, WINDOW);
        double trend = filled == WINDOW ? slope(previousTrend) : previousTrend;
        detect(trend, sendDeltaMs, nowMs);
        return state;
    }

    public BandwidthUsage state() {
        return state;
    }

    /** The scaled slope last compared with the threshold (for tests and diagnostics). */
    double modifiedTrend() {
        return modifiedTrend;
    }

    double threshold() {
        return threshold;
    }

    private double slope(double fallback) {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < WINDOW; i++) {
            sumX += arrivalMs[i];
            sumY += smoothedMs[i];
        }
        double meanX = sumX / WINDOW;
        double meanY = sumY / WINDOW;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WINDOW; i++) {
            double dx = arrivalMs[i] - meanX;
            numerator += dx * (smoothedMs[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? fallback : numerator / denominator;
    }

    private void detect(double trend, double sendDeltaMs, double nowMs) {
        if (samples < 2) {
            state = BandwidthUsage.NORMAL;
            return;
        }
        modifiedTrend = Math.min(samples, MAX_SAMPLES_GAIN) * trend * THRESHOLD_GAIN;
        if (modifiedTrend > threshold) {
            // Assume over-use began halfway since the previous sample.
            overuseTimeMs = overuseTimeMs < 0 ? sendDeltaMs / 2 : overuseTimeMs + sendDeltaMs;
            overuseCount++;
            if (overuseTimeMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                overuseTimeMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            overuseTimeMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            overuseTimeMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(nowMs);
    }

    private void adaptThreshold(double nowMs) {
        if (Double.isNaN(lastThresholdUpdateMs)) {
            lastThresholdUpdateMs = nowMs;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > threshold + MAX_ADAPT_OFFSET_MS) {
            lastThresholdUpdateMs = nowMs;
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double elapsed = Math.min(nowMs - lastThresholdUpdateMs, MAX_ADAPT_STEP_MS);
        threshold += k * (magnitude - threshold) * elapsed;
        threshold = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, threshold));
        lastThresholdUpdateMs = nowMs;
    }
}
