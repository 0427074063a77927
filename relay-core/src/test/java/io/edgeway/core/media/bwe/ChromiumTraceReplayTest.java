package io.edgeway.core.media.bwe;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.fanout.SubscriberSlots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The estimator on real Chromium transport-cc feedback: two traces recorded by the SFU ({@link EstimatorTrace},
 * {@code sfu-bwe-trace-dir}) in one run of {@code SimulcastShapedLinkChromiumIT} (Chromium 156, a 1280x720
 * three-layer publisher, this 2-core machine under load), replayed through the estimator as it is built for a
 * subscriber. Each trace holds every packet the SFU sent toward one viewer, every probe its allocator asked
 * for and every feedback packet the viewer's Chromium returned, so the replay reproduces the live estimates.
 *
 * <ul>
 *   <li>{@code chromium-shaped-400k-then-10m.bwe.gz}: a viewer in a network namespace behind a 400 kbit/s tc
 *       link for its first {@value #SHAPED_UNTIL_SECONDS} s or so, then 10 Mbit/s (the run's page climbed
 *       above 180p 4.6 s after the change);</li>
 *   <li>{@code chromium-unshaped.bwe.gz}: a viewer on loopback that received the 720p layer.</li>
 * </ul>
 */
class ChromiumTraceReplayTest {

    private static final long SECOND = 1_000_000_000L;
    /** The shaped link improved at about 47 s into the trace (its probes start succeeding above the link). */
    private static final int SHAPED_UNTIL_SECONDS = 46;
    private static final long SHAPED_BPS = 400_000;

    /**
     * Behind the 400 kbit/s link the estimate finds the bottleneck from delay alone (Chromium reported no loss)
     * and stays near it, never far above; when the link opens, probes take it past 1.2 Mbit/s within seconds.
     */
    @Test
    void aShapedViewerIsHeldNearItsLinkAndClimbsWhenItOpens() throws IOException {
        Replay replay = replay("chromium-shaped-400k-then-10m.bwe.gz", 8, SHAPED_UNTIL_SECONDS);

        assertThat(replay.windowMax).as("highest target while shaped").isLessThanOrEqualTo(SHAPED_BPS * 12 / 10);
        assertThat(replay.windowMean()).as("mean target while shaped").isBetween(SHAPED_BPS / 2, SHAPED_BPS);
        assertThat(replay.estimator.reportedLost()).as("packets Chromium reported lost").isZero();
        assertThat(replay.probesSucceededInWindow).as("probes that succeeded while shaped: the estimator tried")
                .isPositive();
        assertThat(replay.estimator.targetBps()).as("target at the end, after the link opened")
                .isGreaterThan(3 * SHAPED_BPS);
        assertThat(replay.estimator.probesSucceeded()).as("probes that succeeded in all")
                .isGreaterThan(replay.probesSucceededInWindow);
    }

    /**
     * On loopback the estimate recovers from the overuse a loaded machine's bunched arrivals show in the first
     * seconds and climbs past what the top layer needs (about 1.5 Mbit/s), holding there to the end.
     */
    @Test
    void anUnshapedViewerClimbsPastTheTopLayer() throws IOException {
        Replay replay = replay("chromium-unshaped.bwe.gz", 40, Integer.MAX_VALUE);

        assertThat(replay.windowMin).as("lowest target from 40 s on").isGreaterThan(2_000_000);
        assertThat(replay.estimator.targetBps()).as("target at the end").isGreaterThan(2_000_000);
        assertThat(replay.estimator.reportedLost()).as("packets Chromium reported lost").isZero();
        assertThat(replay.events).as("events replayed").isGreaterThan(5_000);
    }

    private static Replay replay(String resource, int windowFromSeconds, int windowToSeconds) throws IOException {
        Replay replay = new Replay(windowFromSeconds * SECOND,
                windowToSeconds == Integer.MAX_VALUE ? Long.MAX_VALUE : windowToSeconds * SECOND);
        try (InputStream in = ChromiumTraceReplayTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
            replay.events = EstimatorTrace.replay(reader, replay.estimator, replay::after);
        }
        return replay;
    }

    /** The estimator as a subscriber gets it, and what its target did inside a window of the trace. */
    private static final class Replay {
        final BandwidthEstimator estimator = new BandwidthEstimator(SubscriberSlots.INITIAL_BPS,
                SubscriberSlots.MIN_BPS, SubscriberSlots.MAX_BPS);
        final long windowFrom;
        final long windowTo;
        long start = Long.MIN_VALUE;
        long windowMax;
        long windowMin = Long.MAX_VALUE;
        double windowSum;
        long windowSamples;
        long probesSucceededInWindow;
        int events;

        Replay(long windowFrom, long windowTo) {
            this.windowFrom = windowFrom;
            this.windowTo = windowTo;
        }

        void after(long nowNanos, BandwidthEstimator estimator) {
            if (start == Long.MIN_VALUE) {
                start = nowNanos;
            }
            long since = nowNanos - start;
            if (since >= windowFrom && since < windowTo) {
                long target = estimator.targetBps();
                windowMax = Math.max(windowMax, target);
                windowMin = Math.min(windowMin, target);
                windowSum += target;
                windowSamples++;
                probesSucceededInWindow = estimator.probesSucceeded();
            }
        }

        long windowMean() {
            return (long) (windowSum / windowSamples);
        }
    }
}
