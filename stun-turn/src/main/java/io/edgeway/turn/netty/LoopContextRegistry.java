package io.edgeway.turn.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;

/** Finds the {@link LoopContext} of an event loop. Built once at start, read-only afterwards. */
final class LoopContextRegistry {

    private final Map<EventExecutor, LoopContext> byLoop = new IdentityHashMap<>();

    void add(LoopContext context) {
        byLoop.put(context.loop(), context);
    }

    LoopContext of(EventLoop loop) {
        LoopContext context = byLoop.get(loop);
        if (context == null) {
            throw new IllegalStateException("no TURN core for event loop " + loop);
        }
        return context;
    }

    Iterable<LoopContext> all() {
        return byLoop.values();
    }
}
