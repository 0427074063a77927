package io.edgeway.core.media.bwe;

import static io.edgeway.core.media.bwe.SimulatedPath.MS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The estimator in closed loop with a {@link SimulatedPath} (virtual time, real feedback packets): it finds
 * a bottleneck without filling its queue, follows a capacity drop quickly, climbs back when capacity returns,
 * is held down by heavy loss, and, for a sender whose media alone would never show the path's room, reaches
 * it by probing.
 */
class BandwidthEstimatorTest {

    private static final long SECOND = 1_000 * MS;
    private static final int PACKET = 1200;
    private static final long PACING_NANOS = 5 * MS;

    @Test
    void aGreedySenderSettlesBelowTheBottleneckWithoutFillingItsQueue() {
        BandwidthEstimator estimator = new BandwidthEstimator(500_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 2_000_000);
        runGreedy(estimator, path, 20 * SECOND);
        path.takeMaxQueueDelayNanos();
        long low = Long.MAX_VALUE;
        long high = 0;
        for (int i = 0; i < 10; i++) {
            runGreedy(estimator, path, SECOND);
            low = Math.min(low, estimator.targetBps());
            high = Math.max(high, estimator.targetBps());
        }
        assertThat(low).as("lowest target in the last 10 s").isGreaterThan(1_200_000);
        assertThat(high).as("highest target in the last 10 s").isLessThan(2_400_000);
        assertThat(path.takeMaxQueueDelayNanos()).as("worst queueing delay").isLessThan(250 * MS);
    }

    @Test
    void aCapacityDropIsFollowedWithinTwoSeconds() {
        BandwidthEstimator estimator = new BandwidthEstimator(1_000_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 3_000_000);
        runGreedy(estimator, path, 15 * SECOND);
        assertThat(estimator.targetBps()).isGreaterThan(1_800_000);
        path.capacity(500_000);
        runGreedy(estimator, path, 2 * SECOND);
        assertThat(estimator.targetBps()).isLessThan(600_000);
    }

    /**
     * A subscriber on a 400 kbit/s link whose allocator would like 2.5 Mbit/s sends what the target allows;
     * when the link improves to 3 Mbit/s, probes take the target up within seconds (the additive and 8%/s
     * multiplicative climbs alone would take half a minute).
     */
    @Test
    void anImprovedLinkIsClimbedBackUp() {
        BandwidthEstimator estimator = new BandwidthEstimator(1_000_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 400_000);
        runAllocated(estimator, path, 2_500_000, 10 * SECOND);
        assertThat(estimator.targetBps()).isBetween(200_000L, 480_000L);
        path.capacity(3_000_000);
        runAllocated(estimator, path, 2_500_000, 10 * SECOND);
        assertThat(estimator.targetBps()).isGreaterThan(1_500_000);
    }

    @Test
    void heavyLossHoldsTheTargetDown() {
        BandwidthEstimator estimator = new BandwidthEstimator(2_000_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 50_000_000);
        path.lossRate(0.25);
        runGreedy(estimator, path, 10 * SECOND);
        assertThat(estimator.targetBps()).isLessThan(1_000_000);
        assertThat(estimator.lossRatio()).isGreaterThan(0.05);
    }

    /**
     * A subscriber receiving one 300 kbit/s layer while its allocator would like 2.5 Mbit/s: the media alone
     * keeps the estimate near 1.5 x what it sends, so only probes (padding at up to twice the target) show
     * that the 4 Mbit/s path has room.
     */
    @Test
    void anApplicationLimitedSenderFindsRoomByProbing() {
        BandwidthEstimator unprobed = new BandwidthEstimator(300_000, 30_000, 20_000_000);
        runLimited(unprobed, new SimulatedPath(unprobed, 4_000_000), 300_000, 0, 15 * SECOND);
        assertThat(unprobed.targetBps()).isLessThan(600_000);

        BandwidthEstimator probed = new BandwidthEstimator(300_000, 30_000, 20_000_000);
        runLimited(probed, new SimulatedPath(probed, 4_000_000), 300_000, 2_500_000, 15 * SECOND);
        assertThat(probed.targetBps()).isGreaterThan(2_000_000);
        assertThat(probed.probesSucceeded()).isPositive();
    }

    /** Probing into a path without room fails, backs off, and leaves the target where the path holds it. */
    @Test
    void probesIntoAFullPathBackOff() {
        BandwidthEstimator estimator = new BandwidthEstimator(300_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 500_000);
        runLimited(estimator, path, 300_000, 2_500_000, 20 * SECOND);
        assertThat(estimator.targetBps()).isLessThan(650_000);
        assertThat(estimator.probesFailed()).isPositive();
    }

    /**
     * A subscriber on a 400 kbit/s link receiving a 150 kbit/s thumbnail while its allocator would like 1.5
     * Mbit/s, whose browser reads its socket every 20 ms (a loaded machine): a probe's packets, spaced out
     * by the link, are reported as arriving in bunches. A short probe measured that way reads as the rate
     * it was sent at, and raised the target far above the link (a 360p layer then went to a 400 kbit/s
     * subscriber and froze it); a probe five times longer than a bunch is measured, near enough, at the
     * link's rate.
     */
    @Test
    void aProbeIsNotFooledByAReceiverThatReadsInBunches() {
        BandwidthEstimator estimator = new BandwidthEstimator(300_000, 30_000, 20_000_000);
        SimulatedPath path = new SimulatedPath(estimator, 400_000);
        path.receiverBatching(20 * MS);
        runLimited(estimator, path, 150_000, 1_500_000, 5 * SECOND);
        long highest = 0;
        for (int i = 0; i < 25; i++) {
            runLimited(estimator, path, 150_000, 1_500_000, SECOND);
            highest = Math.max(highest, estimator.targetBps());
        }
        assertThat(highest).as("highest target over 25 s on a 400 kbit/s link").isLessThan(480_000);
        assertThat(estimator.probesFailed()).as("probes into the full link").isPositive();
    }

    /** Sends at the target, paced every 5 ms. */
    private static void runGreedy(BandwidthEstimator estimator, SimulatedPath path, long duration) {
        long end = path.now() + duration;
        double credit = 0;
        for (long t = path.now(); t < end; t += PACING_NANOS) {
            path.advanceTo(t);
            credit += estimator.targetBps() / 8.0 * PACING_NANOS / 1e9;
            while (credit >= PACKET) {
                path.send(PACKET);
                credit -= PACKET;
            }
        }
        path.advanceTo(end);
    }

    /** Sends what the target allows up to {@code wantedBps}, and probes toward it. */
    private static void runAllocated(BandwidthEstimator estimator, SimulatedPath path, long wantedBps, long duration) {
        long end = path.now() + duration;
        double credit = 0;
        for (long t = path.now(); t < end; t += PACING_NANOS) {
            path.advanceTo(t);
            if (t % (100 * MS) == 0) {
                estimator.requestProbe(t, wantedBps);
            }
            credit += Math.min(estimator.targetBps(), wantedBps) / 8.0 * PACING_NANOS / 1e9;
            while (credit >= PACKET) {
                path.send(PACKET);
                credit -= PACKET;
            }
            sendPadding(estimator, path, t);
        }
        path.advanceTo(end);
    }

    /** Sends {@code mediaBps} of media whatever the target, and probes toward {@code wantedBps}. */
    private static void runLimited(BandwidthEstimator estimator, SimulatedPath path, long mediaBps, long wantedBps,
            long duration) {
        long end = path.now() + duration;
        double credit = 0;
        for (long t = path.now(); t < end; t += PACING_NANOS) {
            path.advanceTo(t);
            if (wantedBps > 0 && t % (100 * MS) == 0) {
                estimator.requestProbe(t, wantedBps);
            }
            credit += mediaBps / 8.0 * PACING_NANOS / 1e9;
            while (credit >= PACKET) {
                path.send(PACKET);
                credit -= PACKET;
            }
            sendPadding(estimator, path, t);
        }
        path.advanceTo(end);
    }

    private static void sendPadding(BandwidthEstimator estimator, SimulatedPath path, long now) {
        long padding = estimator.probe().paddingDue(now);
        while (padding > 0) {
            int size = (int) Math.min(PACKET, Math.max(padding, 200));
            path.send(size);
            padding -= size;
        }
    }
}
