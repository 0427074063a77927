package io.edgeway.turn.policy;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, read through HotSpot's {@code com.sun.management.ThreadMXBean}:
 * the JVM version of pion's {@code ShouldNotAllocate}. Measures allocation, not time.
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
