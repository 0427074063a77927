package io.edgeway.core.media.bwe;

import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtcp.TransportFeedbackFlyweight;

/**
 * Send-side bandwidth estimation toward one subscriber, from the transport-wide feedback it sends about
 * the SFU's packets: Google congestion control (draft-ietf-rmcat-gcc-02) as Jitsi Videobridge and LiveKit
 * run it toward their receivers.
 *
 * <h2>Theory of operation</h2>
 * Every packet that leaves toward the subscriber with a transport-wide sequence number is noted in the
 * {@link SendHistory} ({@link #onSent}). Each feedback packet ({@link #onFeedback}) is walked once, in
 * sequence order: a received packet's (send time, arrival time, size) goes to the {@link
 * InterArrivalGroups}, whose group deltas drive the {@link TrendlineDetector}, to the {@link AckedBitrate},
 * and to the current {@link ProbeCluster}; every reported packet counts for the {@link LossBasedControl}.
 * Then the {@link AimdRateControl} takes the detector's signal, a finished probe may raise the estimate,
 * and the target is the lower of the delay-based estimate and the loss-based limit, within [min, max].
 *
 * <p>Probing: the allocator says what it would send if it could ({@link #requestProbe}); when that is well
 * above the target, a probe cluster at up to twice the target runs for 100 ms (the sender tags every packet
 * with {@link #probeClusterId} and adds {@link ProbeCluster#paddingDue padding}), and a good result raises
 * the estimate at once instead of waiting for the additive climb. A probe that does not raise the estimate
 * doubles the wait before the next one, up to {@link #MAX_PROBE_INTERVAL_NANOS}.
 *
 * <p>Confined to the media loop of the subscriber's room; allocation-free after construction.
 */
public final class BandwidthEstimator {

    static final long MIN_PROBE_INTERVAL_NANOS = 1_000_000_000L;
    static final long MAX_PROBE_INTERVAL_NANOS = 8_000_000_000L;
    /** A probe starts only when the allocator wants this much more than the target. */
    static final double PROBE_WHEN_WANTED = 1.15;
    /** A probe result counts as success when it is this much above the target. */
    private static final double PROBE_SUCCESS = 1.05;
    private static final long TICK_NANOS = TransportFeedbackBuilder.DELTA_TICK_NANOS;
    /** The feedback's 24-bit reference time, in 250 µs ticks, wraps at this. */
    private static final long REFERENCE_WRAP_TICKS = (1L << 24) * 256;

    private final long minBps;
    private final long maxBps;
    private final SendHistory history = new SendHistory();
    private final InterArrivalGroups groups = new InterArrivalGroups();
    private final TrendlineDetector detector = new TrendlineDetector();
    private final AckedBitrate acked = new AckedBitrate();
    private final LossBasedControl loss = new LossBasedControl();
    private final AimdRateControl aimd;
    private final ProbeCluster probe = new ProbeCluster();
    private int nextProbeId;
    private long nextProbeNanos;
    private long probeInterval = MIN_PROBE_INTERVAL_NANOS;
    private long targetBps;
    private boolean referenceKnown;
    private long lastReferenceTicks;
    private long referenceEpochTicks;
    private long feedbackPackets;
    private long reportedLost;
    private long reportedReceived;
    private long probesSucceeded;
    private long probesFailed;
    /** What this estimator saw, when traced; null otherwise (the usual case). */
    private EstimatorTrace trace;

    public BandwidthEstimator(long initialBps, long minBps, long maxBps) {
        this.aimd = new AimdRateControl(initialBps, minBps, maxBps);
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.targetBps = initialBps;
    }

    /** A packet left toward the subscriber with transport-wide number {@code sequence}. */
    public void onSent(int sequence, long nowNanos, int bytes) {
        if (trace != null) {
            trace.sent(nowNanos, sequence, bytes);
        }
        int cluster = SendHistory.NO_CLUSTER;
        if (probe.sending(nowNanos)) {
            cluster = probe.id();
            probe.onSent(nowNanos, bytes);
        }
        history.onSent(sequence, nowNanos, bytes, cluster);
    }

    /**
     * The subscriber's transport-wide feedback, already checked with {@link TransportFeedbackFlyweight#isValid()}.
     * Returns the new target.
     */
    public long onFeedback(long nowNanos, TransportFeedbackFlyweight feedback) {
        feedbackPackets++;
        if (trace != null) {
            trace.feedback(nowNanos, feedback);
        }
        long epoch = unwrapReference(feedback.referenceTicks());
        feedback.rewind();
        while (feedback.next()) {
            if (!history.find(feedback.sequence())) {
                continue;
            }
            boolean received = feedback.received();
            loss.onReport(received);
            if (!received) {
                reportedLost++;
                continue;
            }
            reportedReceived++;
            long arrivalNanos = (feedback.arrivalTicks() + epoch) * TICK_NANOS;
            long sentNanos = history.sentNanos();
            int size = history.size();
            acked.add(arrivalNanos, size);
            if (history.probeCluster() == probe.id() && probe.pending()) {
                probe.onAcked(arrivalNanos, size);
            }
            if (groups.add(sentNanos, arrivalNanos)) {
                detector.update(groups.sendDeltaNanos(), groups.arrivalDeltaNanos(), groups.arrivalNanos());
            }
        }
        long delayBased = aimd.update(detector.state(), acked.bitsPerSecond(), nowNanos);
        long probed = probe.result(nowNanos);
        if (probed != ProbeCluster.NO_RESULT) {
            if (probed > PROBE_SUCCESS * targetBps && detector.state() != BandwidthUsage.OVERUSING) {
                aimd.raiseTo(probed);
                loss.raiseTo(probed);
                delayBased = aimd.rateBps();
                probesSucceeded++;
                probeInterval = MIN_PROBE_INTERVAL_NANOS;
            } else {
                probeFailed();
            }
        }
        long lossLimit = loss.update(nowNanos, targetBps, delayBased);
        targetBps = Math.max(minBps, Math.min(maxBps, Math.min(delayBased, lossLimit)));
        return targetBps;
    }

    /**
     * The allocator would send {@code wantedBps} if it could. Starts a probe when that is well above the
     * target and the last probe is long enough ago; returns true if one started.
     */
    public boolean requestProbe(long nowNanos, long wantedBps) {
        if (trace != null) {
            trace.probeRequested(nowNanos, wantedBps);
        }
        if (probe.expire(nowNanos)) {
            probeFailed();
        }
        if (probe.pending() || nowNanos - nextProbeNanos < 0 || wantedBps < PROBE_WHEN_WANTED * targetBps
                || targetBps >= maxBps) {
            return false;
        }
        long rate = Math.min(Math.min(wantedBps, 2 * targetBps), maxBps);
        probe.start(nextProbeId++ & 0x7FFF_FFFF, nowNanos, rate);
        nextProbeNanos = nowNanos + probeInterval;
        return true;
    }

    /** Records what this estimator sees from now on into {@code trace} (diagnostics; null stops). */
    public void trace(EstimatorTrace trace) {
        this.trace = trace;
    }

    /** The probe whose packets are being sent now, if any: {@link ProbeCluster#sending} says. */
    public ProbeCluster probe() {
        return probe;
    }

    public long targetBps() {
        return targetBps;
    }

    public BandwidthUsage usage() {
        return detector.state();
    }

    /** The loss fraction of the last loss window. */
    public double lossRatio() {
        return loss.lossRatio();
    }

    public long feedbackPackets() {
        return feedbackPackets;
    }

    public long reportedLost() {
        return reportedLost;
    }

    public long reportedReceived() {
        return reportedReceived;
    }

    public long probesSucceeded() {
        return probesSucceeded;
    }

    public long probesFailed() {
        return probesFailed;
    }

    private void probeFailed() {
        probesFailed++;
        probeInterval = Math.min(MAX_PROBE_INTERVAL_NANOS, probeInterval * 2);
    }

    /** Keeps arrival times increasing across the 24-bit reference time's wrap (every ~12 days). */
    private long unwrapReference(long referenceTicks) {
        if (referenceKnown) {
            long delta = referenceTicks - lastReferenceTicks;
            if (delta < -REFERENCE_WRAP_TICKS / 2) {
                referenceEpochTicks += REFERENCE_WRAP_TICKS;
            } else if (delta > REFERENCE_WRAP_TICKS / 2) {
                referenceEpochTicks -= REFERENCE_WRAP_TICKS;
            }
        }
        referenceKnown = true;
        lastReferenceTicks = referenceTicks;
        return referenceEpochTicks;
    }
}
