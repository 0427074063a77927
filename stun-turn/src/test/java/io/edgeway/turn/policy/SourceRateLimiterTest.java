package io.edgeway.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private static final int SEED = 0x5EED;

    private final ManualClock clock = new ManualClock();
    private final InetAddress client = PeerPolicyTest.ip("198.51.100.7");

    @Test
    void aBurstIsAcceptedThenRefusedThenRefilledAtTheRate() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 3, 1024, SEED);

        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).as("burst of 3 used up").isFalse();

        clock.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire(client, clock.nanos())).as("one permit takes 100 ms at 10/s").isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).isFalse();
    }

    @Test
    void idleCreditNeverExceedsTheBurst() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 3, 1024, SEED);
        limiter.tryAcquire(client, clock.nanos());

        clock.advance(Duration.ofMinutes(5));

        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire(client, clock.nanos())) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(3);
    }

    @Test
    void theSustainedRateIsThePermitsPerSecond() {
        SourceRateLimiter limiter = new SourceRateLimiter(20, 5, 1024, SEED);
        int accepted = 0;
        // 10 seconds of one attempt per millisecond.
        for (int ms = 0; ms < 10_000; ms++) {
            if (limiter.tryAcquire(client, clock.nanos())) {
                accepted++;
            }
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(accepted).isBetween(5 + 199, 5 + 200);
    }

    @Test
    void sourcesInDifferentSlotsHaveTheirOwnBuckets() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 1024, SEED);
        InetAddress neighbour = PeerPolicyTest.ip("198.51.100.8");
        assertThat(limiter.slot(client.hashCode())).isNotEqualTo(limiter.slot(neighbour.hashCode()));

        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).isFalse();
        assertThat(limiter.tryAcquire(neighbour, clock.nanos())).isTrue();
    }

    @Test
    void collidingSourcesShareABucketSoMemoryStaysBounded() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 2, 4, SEED);
        InetAddress collider = null;
        for (int i = 1; i < 255 && collider == null; i++) {
            InetAddress candidate = PeerPolicyTest.ip("203.0.113." + i);
            if (limiter.slot(candidate.hashCode()) == limiter.slot(client.hashCode())) {
                collider = candidate;
            }
        }
        assertThat(collider).as("4 slots: some address shares the client's").isNotNull();

        assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(collider, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(client, clock.nanos())).isFalse();
        assertThat(limiter.slots()).isEqualTo(4);
    }

    @Test
    void ipv6SourcesAreLimitedToo() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 1024, SEED);
        InetAddress v6 = PeerPolicyTest.ip("2001:db8::7");

        assertThat(limiter.tryAcquire(v6, clock.nanos())).isTrue();
        assertThat(limiter.tryAcquire(v6, clock.nanos())).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(v6, clock.nanos())).isTrue();
    }

    @Test
    void negativeAndWrappingNanoTimesWork() {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, 16, SEED);
        long now = Long.MAX_VALUE - 500_000_000L;

        assertThat(limiter.tryAcquire(client, now)).isTrue();
        assertThat(limiter.tryAcquire(client, now + 999_999_999L)).isFalse();
        assertThat(limiter.tryAcquire(client, now + 1_000_000_000L)).as("across the long overflow").isTrue();

        SourceRateLimiter negative = new SourceRateLimiter(1, 1, 16, SEED);
        assertThat(negative.tryAcquire(client, -5_000_000_000L)).isTrue();
        assertThat(negative.tryAcquire(client, -4_500_000_000L)).isFalse();
        assertThat(negative.tryAcquire(client, -4_000_000_000L)).isTrue();
    }

    @Test
    void aNonPositiveRateDisablesLimiting() {
        SourceRateLimiter limiter = new SourceRateLimiter(0, 0, 16);

        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire(client, clock.nanos())).isTrue();
        }
        assertThat(limiter.enabled()).isFalse();
        assertThat(new SourceRateLimiter(-1, 5, 16).tryAcquire(client, 0)).isTrue();
    }

    @Test
    void slotsAreRoundedUpToAPowerOfTwoAndArgumentsValidated() {
        assertThat(new SourceRateLimiter(10, 20, 100).slots()).isEqualTo(128);
        assertThat(new SourceRateLimiter(10, 20, 1).slots()).isEqualTo(1);
        assertThatThrownBy(() -> new SourceRateLimiter(10, 0, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceRateLimiter(10, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tryAcquireAllocatesNothing() {
        SourceRateLimiter limiter = new SourceRateLimiter(1000, 10, 4096);
        InetAddress[] sources = {client, PeerPolicyTest.ip("203.0.113.9"), PeerPolicyTest.ip("2001:db8::1")};
        long[] now = {clock.nanos()};
        int[] accepted = new int[1];

        long allocated = AllocationCounter.allocatedBy(() -> {
            for (int i = 0; i < 20_000; i++) {
                now[0] += 100_000L;
                if (limiter.tryAcquire(sources[i % sources.length], now[0])) {
                    accepted[0]++;
                }
            }
        });

        assertThat(allocated).as("bytes allocated by 20,000 calls").isLessThan(20_000);
        assertThat(accepted[0]).isPositive();
    }
}
