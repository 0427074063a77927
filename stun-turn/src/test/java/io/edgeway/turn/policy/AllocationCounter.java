package io.edgeway.turn.policy;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, read through HotSpot's {@code com.sun.management.ThreadMXBean}:
 * the JVM version of pion's {@code ShouldNotAllocate}. Measures allocation, not time.
 *
 * <p>The JVM itself occasionally charges a few dozen bytes to the thread (seen: 64 or 312 bytes once in
 * a 20,000-call run, from code installation or deoptimisation), so tests assert fewer bytes than
 * calls: any real per-call allocation costs at least 16 bytes per call and fails by orders of magnitude.
 */
final class AllocationCounter {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationCounter() {
    }

    static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes {@code body} allocates on this thread, after one warm-up run (class loading, lazy init). */
    static long allocatedBy(Runnable body) {
        body.run();
        allocatedBytes();
        long before = allocatedBytes();
        body.run();
        return allocatedBytes() - before;
    }
}
