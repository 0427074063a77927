package io.edgeway.core.media.bwe;

/**
 * One bandwidth probe toward a subscriber: for {@link #DURATION_NANOS} every packet sent to it belongs to
 * the cluster and padding fills the gap up to the probe's rate; the subscriber's feedback then shows what
 * rate actually got through.
 *
 * <p>The result (in the manner libwebrtc's probe estimator works, described with the GCC analysis cited on
 * {@link TrendlineDetector}): once at least {@link #MIN_ACKED_SHARE} of the cluster's packets (and
 * {@link #MIN_PACKETS}) are acknowledged, the send rate is the bytes sent after the first packet over the
 * sending interval, the receive rate the bytes received after the first arrival over the receiving
 * interval; the path carries at least the lower of the two, and when the receiver got them measurably
 * slower (below 90% of the send rate) a little less than the receive rate. A cluster that has no result
 * {@link #RESULT_TIMEOUT_NANOS} after it began has failed.
 *
 * <p>Confined to the media loop; reused for the next probe; allocation-free.
 */
public final class ProbeCluster {

    /**
     * Long against how a receiver stamps arrivals: a browser on a busy machine reads its socket in bunches
     * tens of milliseconds apart, and over a 30 ms cluster one such bunch made a 400 kbit/s link read as
     * twice that (BandwidthEstimatorTest#aProbeIsNotFooledByAReceiverThatReadsInBunches); over 100 ms the
     * link's own spacing dominates. libwebrtc's clusters are shorter because its sender paces padding every
     * few milliseconds from a full send queue; the SFU's padding goes out with the media it forwards.
     */
    static final long DURATION_NANOS = 100_000_000L;
    static final int MIN_PACKETS = 5;
    static final double MIN_ACKED_SHARE = 0.8;
    static final long RESULT_TIMEOUT_NANOS = 1_000_000_000L;
    /** {@link #result()} without one. */
    public static final long NO_RESULT = -1;

    private int id = -1;
    private boolean active;
    private long targetBps;
    private long startNanos;
    private int sentPackets;
    private long sentBytes;
    private long firstSend;
    private long lastSend;
    private int lastSendSize;
    private int ackedPackets;
    private long ackedBytes;
    private long firstArrival;
    private int firstArrivalSize;
    private long lastArrival;

    /** Starts the next probe with number {@code id} at {@code bps}. */
    void start(int id, long nowNanos, long bps) {
        this.id = id;
        this.active = true;
        this.targetBps = bps;
        this.startNanos = nowNanos;
        sentPackets = 0;
        sentBytes = 0;
        ackedPackets = 0;
        ackedBytes = 0;
    }

    public int id() {
        return id;
    }

    /** Whether packets sent now belong to the cluster. */
    public boolean sending(long nowNanos) {
        return active && nowNanos - startNanos < DURATION_NANOS;
    }

    /** Whether the cluster is still waiting for its result. */
    boolean pending() {
        return active;
    }

    long targetBps() {
        return targetBps;
    }

    /** Bytes of padding due now to keep the cluster at its rate (0 when ahead or no longer sending). */
    public long paddingDue(long nowNanos) {
        if (!sending(nowNanos)) {
            return 0;
        }
        long elapsed = nowNanos - startNanos + 5_000_000L; // sending for the next 5 ms too
        long due = targetBps * Math.min(elapsed, DURATION_NANOS) / 8 / 1_000_000_000L - sentBytes;
        return Math.max(0, due);
    }

    /** A packet of the cluster left. */
    void onSent(long nowNanos, int bytes) {
        if (sentPackets == 0) {
            firstSend = nowNanos;
        }
        sentPackets++;
        sentBytes += bytes;
        lastSend = nowNanos;
        lastSendSize = bytes;
    }

    /** A packet of the cluster was acknowledged. */
    void onAcked(long arrivalNanos, int bytes) {
        if (ackedPackets == 0 || arrivalNanos < firstArrival) {
            firstArrival = arrivalNanos;
            firstArrivalSize = bytes;
        }
        if (ackedPackets == 0 || arrivalNanos > lastArrival) {
            lastArrival = arrivalNanos;
        }
        ackedPackets++;
        ackedBytes += bytes;
    }

    /** True when the cluster timed out without a result (then it is no longer pending). */
    boolean expire(long nowNanos) {
        if (active && nowNanos - startNanos > RESULT_TIMEOUT_NANOS) {
            active = false;
            return true;
        }
        return false;
    }

    /**
     * The rate the path carried, once the cluster stopped sending and enough of it is acknowledged (then the
     * cluster is no longer pending), else {@link #NO_RESULT}.
     */
    long result(long nowNanos) {
        if (!active || sending(nowNanos)) {
            return NO_RESULT;
        }
        if (sentPackets < MIN_PACKETS || ackedPackets < MIN_PACKETS
                || ackedPackets < MIN_ACKED_SHARE * sentPackets) {
            return NO_RESULT;
        }
        long sendInterval = lastSend - firstSend;
        long receiveInterval = lastArrival - firstArrival;
        active = false;
        if (sendInterval <= 0 || receiveInterval <= 0) {
            return NO_RESULT;
        }
        double sendRate = (sentBytes - lastSendSize) * 8e9 / sendInterval;
        double receiveRate = (ackedBytes - firstArrivalSize) * 8e9 / receiveInterval;
        double result = Math.min(sendRate, receiveRate);
        if (receiveRate < 0.9 * sendRate) {
            result = 0.95 * receiveRate;
        }
        return (long) result;
    }
}
