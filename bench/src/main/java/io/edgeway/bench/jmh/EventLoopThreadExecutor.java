package io.edgeway.bench.jmh;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads as Netty's event-loop threads ({@code FastThreadLocalThread}s, which Netty's
 * {@code DefaultThreadFactory} makes): Netty's recyclers and the allocator's thread-local magazines only
 * work fully on such threads, so a benchmark of code that runs on an event loop in production measures
 * its real allocation only there. A benchmark asks for it with
 * {@code @Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=io.edgeway.bench.jmh.EventLoopThreadExecutor"})};
 * JMH 1.37 makes the executor through the {@code (int maxThreads, String prefix)} constructor.
 */
public final class EventLoopThreadExecutor extends ThreadPoolExecutor {

    public EventLoopThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
