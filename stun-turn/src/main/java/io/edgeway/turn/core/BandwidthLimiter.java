package io.edgeway.turn.core;

/**
 * A token bucket in bytes for one direction of one allocation (coturn: max-bps). The bucket holds at
 * most one second of traffic, so a burst after silence is bounded too. Refilled from the batch clock
 * on use; no timers, no allocation. Confined to the allocation's event loop.
 */
final class BandwidthLimiter {

    private final long bytesPerSecond;
    private long tokens;
    private long lastRefillNanos;

    BandwidthLimiter(long bytesPerSecond, long nowNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
        this.lastRefillNanos = nowNanos;
    }

    boolean tryConsume(int bytes, long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            // Multiply before dividing for precision; elapsed is capped at a second so this cannot overflow.
            long refill = Math.min(elapsed, 1_000_000_000L) * bytesPerSecond / 1_000_000_000L;
            if (refill > 0) {
                tokens = Math.min(bytesPerSecond, tokens + refill);
                lastRefillNanos = nowNanos;
            }
        }
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
