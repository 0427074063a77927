package io.edgeway.core.metrics;

import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CPU time an event loop's thread has used, user and system together, from the JVM's thread CPU
 * clock (on Linux the thread's {@code /proc/self/task/<tid>/stat} figures): read at scrape time, so a
 * loop pays nothing for it.
 *
 * <p>Thread-safe.
 */
public final class LoopThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long threadId;

    private LoopThreadCpu(long threadId) {
        this.threadId = threadId;
    }

    /**
     * The CPU clock of the thread that runs {@code loop}, or null when the JVM has no thread CPU clock (or the
     * loop is not running). Asks the loop which thread it is, so call it before the loop is busy (at start).
     */
    @SuppressWarnings("deprecation") // Thread.getId: getThreadCpuTime takes it; threadId() is Java 19+
    public static LoopThreadCpu of(EventExecutor loop) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return null;
        }
        try {
            return new LoopThreadCpu(loop.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /** CPU seconds the thread used so far; 0 once it has ended. */
    public double seconds() {
        long nanos = THREADS.getThreadCpuTime(threadId);
        return nanos < 0 ? 0 : nanos / 1e9;
    }
}
