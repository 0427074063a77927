package io.edgeway.turn.netty;

import io.edgeway.core.time.Clock;
import io.edgeway.turn.core.TurnServerCore;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * What one event loop's handlers share: its {@link TurnServerCore}, the clock reading of the current
 * read batch, and the channels written during the batch, flushed once when the batch ends.
 *
 * <p>Confined to its event loop. The clock is read once per batch (Aeron's cached clock): every packet
 * of a recvmmsg batch sees the same "now", and no packet pays for {@code System.nanoTime()}.
 */
final class LoopContext {

    private final EventLoop loop;
    private final Clock clock;
    private final ArrayList<Channel> dirty = new ArrayList<>(64);
    private TurnServerCore core;
    private long batchNanos;
    private boolean batchClockValid;

    LoopContext(EventLoop loop, Clock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    EventLoop loop() {
        return loop;
    }

    TurnServerCore core() {
        return core;
    }

    void core(TurnServerCore core) {
        this.core = core;
    }

    /** The current batch's clock reading. */
    long now() {
        if (!batchClockValid) {
            batchNanos = clock.nanos();
            batchClockValid = true;
        }
        return batchNanos;
    }

    /** Remembers that {@code channel} has unflushed writes. */
    void written(Channel channel) {
        // Batches touch few channels; a linear check is cheaper than a set and allocates nothing.
        ArrayList<Channel> list = dirty;
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i) == channel) {
                return;
            }
        }
        list.add(channel);
    }

    /** Ends the batch: flushes every channel written to and forgets the clock reading. */
    void endBatch() {
        batchClockValid = false;
        ArrayList<Channel> list = dirty;
        for (int i = 0, n = list.size(); i < n; i++) {
            list.get(i).flush();
        }
        list.clear();
    }
}
