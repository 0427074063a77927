package io.edgeway.core.metrics;

import io.edgeway.core.transport.EventLoops;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Health of the event loops and of Netty's direct memory:
 * {@code edgeway_event_loop_pending_tasks{loop}}, {@code edgeway_event_loop_lag_seconds{loop}} (how late
 * a probe task scheduled every second actually ran: a loop busy for 200 ms shows 0.2),
 * {@code edgeway_event_loop_cpu_seconds_total{loop}} (the loop thread's CPU time, user and system: its rate
 * is the share of a core the loop uses, the load the SFU's media loops are compared by) and
 * {@code edgeway_netty_direct_memory_used_bytes}. The loop label is the loop's index
 * ({@link EventLoops#loops()}), so its values are bounded by the thread count.
 */
public final class EventLoopMetrics implements AutoCloseable {

    private static final long PROBE_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<ScheduledFuture<?>> probes = new ArrayList<>();

    private EventLoopMetrics() {
    }

    public static EventLoopMetrics bind(EventLoops loops, MeterRegistry registry) {
        EventLoopMetrics metrics = new EventLoopMetrics();
        int index = 0;
        for (EventExecutor executor : loops.group()) {
            String loop = Integer.toString(index++);
            if (executor instanceof SingleThreadEventLoop) {
                SingleThreadEventLoop single = (SingleThreadEventLoop) executor;
                Gauge.builder("edgeway.event.loop.pending.tasks", single, SingleThreadEventLoop::pendingTasks)
                        .tag("loop", loop).description("Tasks queued on the event loop").register(registry);
            }
            LoopThreadCpu cpu = LoopThreadCpu.of(executor);
            if (cpu != null) {
                FunctionCounter.builder("edgeway.event.loop.cpu", cpu, LoopThreadCpu::seconds)
                        .tag("loop", loop).baseUnit("seconds")
                        .description("CPU time of the event loop's thread (user and system)").register(registry);
            }
            LagProbe probe = new LagProbe();
            Gauge.builder("edgeway.event.loop.lag", probe, p -> p.lagSeconds)
                    .tag("loop", loop).baseUnit("seconds")
                    .description("How late a probe task scheduled every second ran on the event loop")
                    .register(registry);
            probe.expectedAt = System.nanoTime() + PROBE_PERIOD_NANOS;
            metrics.probes.add(executor.scheduleAtFixedRate(probe, PROBE_PERIOD_NANOS, PROBE_PERIOD_NANOS,
                    TimeUnit.NANOSECONDS));
        }
        Gauge.builder("edgeway.netty.direct.memory.used", PlatformDependent::usedDirectMemory)
                .baseUnit("bytes").description("Direct memory held by Netty (pooled arenas and unpooled buffers)")
                .register(registry);
        return metrics;
    }

    @Override
    public void close() {
        for (ScheduledFuture<?> probe : probes) {
            probe.cancel(false);
        }
    }

    /** Runs on its loop; the gauge reads the last value from the scrape thread. */
    private static final class LagProbe implements Runnable {
        volatile double lagSeconds;
        long expectedAt;

        @Override
        public void run() {
            long now = System.nanoTime();
            lagSeconds = Math.max(0, now - expectedAt) / 1e9;
            expectedAt += PROBE_PERIOD_NANOS;
            if (now - expectedAt > PROBE_PERIOD_NANOS) {
                // Fixed-rate runs were skipped under load; measure from the next slot.
                expectedAt = now + PROBE_PERIOD_NANOS;
            }
        }
    }
}
