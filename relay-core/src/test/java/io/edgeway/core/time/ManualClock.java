package io.edgeway.core.time;

import java.time.Duration;

/**
 * A clock that moves only when told to. Shared through the relay-core test-jar so that every module's
 * state-machine tests prove expiry at exact instants without sleeping.
 */
public final class ManualClock implements Clock {

    private long nanos;
    private long epochNanos;

    public ManualClock() {
        this(1_000_000_000L, 1_800_000_000L);
    }

    public ManualClock(long startNanos, long startEpochSeconds) {
        this.nanos = startNanos;
        this.epochNanos = startEpochSeconds * 1_000_000_000L;
    }

    public ManualClock advance(Duration by) {
        long delta = by.toNanos();
        nanos += delta;
        epochNanos += delta;
        return this;
    }

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public long epochSeconds() {
        return epochNanos / 1_000_000_000L;
    }
}
