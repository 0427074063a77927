package io.edgeway.core.media.bwe;

import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtcp.TransportFeedbackFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A test double for one network path and the receiver at its end, in virtual time: a FIFO bottleneck of a
 * given capacity with a drop-tail queue and a fixed propagation delay, optional random loss, and a receiver
 * that reports arrivals in real transport-wide feedback packets (written by {@link TransportFeedbackBuilder},
 * read back through {@link TransportFeedbackFlyweight}) every {@link #FEEDBACK_INTERVAL_NANOS}, as Chromium
 * does. The sender is the test: it calls {@link #send} and {@link #advanceTo}.
 */
final class SimulatedPath {

    static final long MS = 1_000_000L;
    static final long FEEDBACK_INTERVAL_NANOS = 100 * MS;
    private static final long PROPAGATION_NANOS = 20 * MS;
    /** The receiver's clock starts somewhere else than the sender's. */
    private static final long RECEIVER_CLOCK_OFFSET = 123_456_789_000L;

    private final BandwidthEstimator estimator;
    private final SplittableRandom random = new SplittableRandom(7);
    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder(1100);
    private final TransportFeedbackFlyweight feedback = new TransportFeedbackFlyweight();
    private final List<long[]> pending = new ArrayList<>();
    private long capacityBps;
    private long queueLimitBytes = 60_000;
    private double lossRate;
    private long queueFreeAt;
    private long queuedBytes;
    private long nextFeedback = FEEDBACK_INTERVAL_NANOS;
    private int sequence;
    private int feedbackCount;
    /** The receiver reports from the number after its last report on, as Chromium does: losses show. */
    private int nextBase = -1;
    private long now;
    /** The receiver reads its socket only at multiples of this (0: at once), and stamps what it reads then. */
    private long receiverBatchNanos;
    private long sentBytes;
    private long deliveredBytes;
    private long maxQueueDelayNanos;

    SimulatedPath(BandwidthEstimator estimator, long capacityBps) {
        this.estimator = estimator;
        this.capacityBps = capacityBps;
    }

    void capacity(long bps) {
        capacityBps = bps;
    }

    void lossRate(double rate) {
        lossRate = rate;
    }

    /**
     * A busy receiver, as a browser on a loaded machine is: it reads its socket every {@code nanos} and
     * stamps every packet it reads then with that moment, so packets that crossed the bottleneck spaced
     * out arrive, as far as its feedback says, together.
     */
    void receiverBatching(long nanos) {
        receiverBatchNanos = nanos;
    }

    long now() {
        return now;
    }

    /** Sends one packet of {@code bytes} now. */
    void send(int bytes) {
        int seq = sequence++ & 0xFFFF;
        estimator.onSent(seq, now, bytes);
        sentBytes += bytes;
        long start = Math.max(now, queueFreeAt);
        long backlog = queueFreeAt > now ? (queueFreeAt - now) * capacityBps / 8 / 1_000_000_000L : 0;
        if (backlog + bytes > queueLimitBytes || random.nextDouble() < lossRate) {
            return; // dropped: the receiver never sees it
        }
        long service = bytes * 8L * 1_000_000_000L / capacityBps;
        queueFreeAt = start + service;
        maxQueueDelayNanos = Math.max(maxQueueDelayNanos, queueFreeAt - now);
        long arrival = queueFreeAt + PROPAGATION_NANOS;
        if (receiverBatchNanos > 0) {
            arrival = (arrival + receiverBatchNanos - 1) / receiverBatchNanos * receiverBatchNanos;
        }
        pending.add(new long[] {seq, arrival + RECEIVER_CLOCK_OFFSET, bytes});
    }

    /** Moves virtual time on, delivering the receiver's feedback when due. */
    void advanceTo(long nanos) {
        while (nextFeedback <= nanos) {
            now = nextFeedback;
            deliverFeedback();
            nextFeedback += FEEDBACK_INTERVAL_NANOS;
        }
        now = nanos;
    }

    /** The largest queueing delay since the last call. */
    long takeMaxQueueDelayNanos() {
        long max = maxQueueDelayNanos;
        maxQueueDelayNanos = 0;
        return max;
    }

    private void deliverFeedback() {
        // What has arrived by now (arrival on the receiver's clock), reported 1 propagation delay later.
        List<long[]> arrived = new ArrayList<>();
        for (int i = 0; i < pending.size(); ) {
            long[] p = pending.get(i);
            if (p[1] - RECEIVER_CLOCK_OFFSET + PROPAGATION_NANOS <= now) {
                arrived.add(p);
                deliveredBytes += p[2];
                pending.remove(i);
            } else {
                i++;
            }
        }
        if (arrived.isEmpty()) {
            return;
        }
        // FIFO: arrivals are in sequence order already.
        int i = 0;
        while (i < arrived.size()) {
            int base = nextBase < 0 || ((int) arrived.get(i)[0] - nextBase & 0xFFFF) > 1000
                    ? (int) arrived.get(i)[0] : nextBase;
            builder.begin(1, 2, base, arrived.get(i)[1], feedbackCount++);
            int first = i;
            while (i < arrived.size() && builder.addReceived((int) arrived.get(i)[0], arrived.get(i)[1])) {
                i++;
            }
            if (i == first) {
                i++;
                continue;
            }
            nextBase = ((int) arrived.get(i - 1)[0] + 1) & 0xFFFF;
            ByteBuf packet = Unpooled.buffer();
            try {
                builder.write(packet);
                if (!feedback.wrap(packet, 0, packet.readableBytes()).isValid()) {
                    throw new AssertionError("the builder wrote feedback the reader refuses");
                }
                estimator.onFeedback(now, feedback);
            } finally {
                packet.release();
            }
        }
    }
}
