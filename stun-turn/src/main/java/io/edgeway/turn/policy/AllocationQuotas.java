package io.edgeway.turn.policy;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits on concurrent allocations, per user and in total (coturn: user-quota, total-quota). The TURN
 * core calls {@link #tryAcquire} before creating an allocation (refusing with 486 Allocation Quota
 * Reached, RFC 8656 §7.2) and {@link #release} exactly once when the allocation ends. RFC 8656 §7.2
 * says the quota SHOULD count the authenticated username, not the client's transport address: pass
 * {@code UserCredentials.quotaKey()}.
 *
 * <p>Thread-safe: allocations are created and deleted on several event loops. Both limits are checked
 * and taken in one atomic step (inside the map's per-key compute, with a compare-and-set on the total),
 * so neither limit is ever exceeded and no rollback is needed. A user's entry is removed when its count
 * returns to zero, so churn of short-lived TURN REST user ids leaves nothing behind.
 *
 * <p>Not on the relay hot path; a call may allocate.
 */
public final class AllocationQuotas {

    // Volatile so a hot reload can change the limits; existing allocations are never revoked.
    private volatile int perUser;
    private volatile int total;
    private final ConcurrentHashMap<String, Integer> perUserCounts = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();

    /**
     * @param perUser concurrent allocations per quota key; 0 is unlimited
     * @param total   concurrent allocations in total; 0 is unlimited
     */
    public AllocationQuotas(int perUser, int total) {
        if (perUser < 0 || total < 0) {
            throw new IllegalArgumentException("quotas must be 0 (unlimited) or positive");
        }
        this.perUser = perUser;
        this.total = total;
    }

    /** Hot reload: new limits apply to the next Allocate; allocations above them are left alone. */
    public void limits(int perUser, int total) {
        if (perUser < 0 || total < 0) {
            throw new IllegalArgumentException("quotas must be 0 (unlimited) or positive");
        }
        this.perUser = perUser;
        this.total = total;
    }

    /**
     * Takes one allocation for {@code quotaKey} ({@code UserCredentials.quotaKey()}).
     *
     * @return false, taking nothing, when the user's or the total limit is reached
     */
    public boolean tryAcquire(String quotaKey) {
        Objects.requireNonNull(quotaKey, "quotaKey");
        boolean[] taken = new boolean[1];
        perUserCounts.compute(quotaKey, (key, count) -> {
            int current = count == null ? 0 : count;
            if (perUser > 0 && current >= perUser || !takeTotal()) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    private boolean takeTotal() {
        while (true) {
            int now = active.get();
            if (total > 0 && now >= total) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Gives back one allocation of {@code quotaKey}. A release without a matching acquire is ignored,
     * so a double release cannot push the counts below zero and open room beyond the limits.
     */
    public void release(String quotaKey) {
        Objects.requireNonNull(quotaKey, "quotaKey");
        boolean[] released = new boolean[1];
        perUserCounts.computeIfPresent(quotaKey, (key, count) -> {
            released[0] = true;
            return count <= 1 ? null : count - 1;
        });
        if (released[0]) {
            active.decrementAndGet();
        }
    }

    /** Allocations held in total. */
    public int active() {
        return active.get();
    }

    /** Allocations held by {@code quotaKey}. */
    public int active(String quotaKey) {
        Integer count = perUserCounts.get(quotaKey);
        return count == null ? 0 : count;
    }

    /** How many users hold at least one allocation (the map's size; proves entries do not leak). */
    public int users() {
        return perUserCounts.size();
    }

    @Override
    public String toString() {
        return "AllocationQuotas{perUser=" + perUser + ", total=" + total + ", active=" + active.get() + "}";
    }
}
