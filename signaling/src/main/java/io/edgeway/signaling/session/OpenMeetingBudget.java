package io.edgeway.signaling.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live open-session meetings of a process, at most {@link #max()} at once (token sessions are bounded
 * by the control plane's live sessions: the same bound, so open sessions cannot make meetings without end).
 * One budget is shared by the {@link SignalingService} of every event loop, so the bound holds for the
 * process, wherever each meeting runs.
 *
 * <p>Thread-safe: a meeting takes its place when it is created and gives it back when it closes.
 */
public final class OpenMeetingBudget {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public OpenMeetingBudget(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max open meetings must not be negative, got " + max);
        }
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** Live open-session meetings now. */
    public int open() {
        return open.get();
    }

    /** Takes a place for a new meeting; false when all {@link #max()} are taken. */
    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A meeting that took a place closed. */
    void closed() {
        open.decrementAndGet();
    }
}
