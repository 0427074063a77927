package io.edgeway.turn.policy;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A per-source limit on unauthenticated requests, so the server cannot be used to reflect traffic at a
 * spoofed victim (every unauthenticated Allocate earns a 401 carrying REALM and NONCE) and a flood of
 * them costs little.
 *
 * <p>Each source address maps to one of a fixed number of token buckets: {@code burst} requests at once,
 * refilled at {@code permitsPerSecond}. The buckets are kept as the generic cell rate algorithm: one
 * long per bucket holding the "theoretical arrival time" of the next request, so a check is two
 * comparisons and one store.
 *
 * <p>Bounded memory under spoofed floods: the table never grows. Sources whose hashes collide share a
 * bucket, so under a flood from many addresses an innocent source may be refused as well; the hash is
 * seeded per instance from a secret random value ({@link SecureRandom} by default; the TURN core passes
 * one from its injected random source), so an attacker cannot aim collisions at a chosen victim. A
 * source rotating through IPv6 addresses spreads over all buckets, which then act together as a global
 * limit of about {@code slots * permitsPerSecond}.
 *
 * <p>Confined to one thread (one instance per event loop): no locks, no atomics, and no allocation
 * per call. The address is hashed through {@link InetAddress#hashCode()} (the address itself for IPv4,
 * a hash of the 16 bytes for IPv6).
 */
public final class SourceRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long UNUSED = Long.MIN_VALUE;

    private final boolean enabled;
    /** Nanoseconds between two requests at the sustained rate. */
    private final long interval;
    /** How far ahead of now the theoretical arrival time may run: burst intervals. */
    private final long tolerance;
    private final long[] arrival;
    private final int mask;
    private final int seed;

    /**
     * @param permitsPerSecond sustained requests per second per source; {@code <= 0} disables limiting
     * @param burst            requests accepted at once from a fresh source, at least 1 when enabled
     * @param slots            number of buckets, rounded up to a power of two
     */
    public SourceRateLimiter(int permitsPerSecond, int burst, int slots) {
        this(permitsPerSecond, burst, slots, new SecureRandom().nextInt());
    }

    /**
     * As above with the hash seed given: from the server's injected random source (secure in production,
     * seeded in tests, so which sources share a bucket is reproducible there).
     */
    public SourceRateLimiter(int permitsPerSecond, int burst, int slots, int seed) {
        this.enabled = permitsPerSecond > 0;
        if (enabled && burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        if (slots < 1 || slots > 1 << 24) {
            throw new IllegalArgumentException("slots must be 1 to 16777216, got " + slots);
        }
        int size = Integer.highestOneBit(slots);
        if (size < slots) {
            size <<= 1;
        }
        this.interval = enabled ? Math.max(1, NANOS_PER_SECOND / permitsPerSecond) : 0;
        this.tolerance = enabled ? interval * burst : 0;
        this.arrival = new long[enabled ? size : 0];
        Arrays.fill(arrival, UNUSED);
        this.mask = size - 1;
        this.seed = seed;
    }

    /**
     * Takes one permit for {@code source} at {@code nowNanos} (monotonic, as {@code Clock.nanos()}).
     *
     * @return true when the request may be answered, false when it should be dropped silently
     */
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        if (!enabled) {
            return true;
        }
        int slot = slot(source.hashCode());
        long tat = arrival[slot];
        // A bucket idle long enough is full again: never let credit accumulate beyond the burst.
        if (tat == UNUSED || tat - nowNanos < 0) {
            tat = nowNanos;
        }
        long next = tat + interval;
        if (next - nowNanos > tolerance) {
            return false;
        }
        arrival[slot] = next;
        return true;
    }

    /** Whether {@link #tryAcquire} would succeed now, without taking the permit. */
    public boolean wouldAdmit(InetAddress source, long nowNanos) {
        if (!enabled) {
            return true;
        }
        long tat = arrival[slot(source.hashCode())];
        if (tat == UNUSED || tat - nowNanos < 0) {
            tat = nowNanos;
        }
        return tat + interval - nowNanos <= tolerance;
    }

    /** The bucket of an address hash: seeded, then mixed (murmur3's finaliser) so neighbours spread out. */
    int slot(int addressHash) {
        int h = addressHash ^ seed;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & mask;
    }

    /** Number of buckets (0 when limiting is disabled). */
    public int slots() {
        return arrival.length;
    }

    public boolean enabled() {
        return enabled;
    }
}
