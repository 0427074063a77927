package io.edgeway.turn.netty;

import io.edgeway.core.time.Clock;
import io.edgeway.turn.core.TurnServerCore;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * What one event loop's handlers share: its {@link TurnServerCore}, the clock reading of the current
 * read batch, and the channels written during the batch, flushed once after every channel that was ready
 * in the same event-loop iteration has been read.
 *
 * <p>Why the flush waits for the iteration rather than each channel's read batch: every allocation has its
 * own relay socket, so one wake-up typically reads one datagram from each of many relay sockets, and all
 * of them go out through the same listening socket toward their clients. Flushing per relay socket would
 * cost one {@code sendmsg} per packet; flushing from a task queued on the loop, which Netty runs after the
 * iteration's I/O, hands the listening socket all of them at once and Netty's epoll transport sends them
 * with one {@code sendmmsg}. The task is one preallocated {@code Runnable} queued at most once per
 * iteration.
 *
 * <p>Confined to its event loop. The clock is read once per batch (Aeron's cached clock): every packet
 * of a recvmmsg batch sees the same "now", and no packet pays for {@code System.nanoTime()}.
 */
final class LoopContext {

    private final EventLoop loop;
    private final Clock clock;
    private final ArrayList<Channel> dirty = new ArrayList<>(64);
    private final Runnable flushDirty = this::flushDirty;
    private boolean flushQueued;
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

    /**
     * Ends a channel's read batch: forgets the clock reading and makes sure the channels written to are
     * flushed once the loop has read every ready channel of this iteration.
     */
    void endBatch() {
        batchClockValid = false;
        if (!flushQueued && !dirty.isEmpty()) {
            flushQueued = true;
            loop.execute(flushDirty);
        }
    }

    private void flushDirty() {
        flushQueued = false;
        ArrayList<Channel> list = dirty;
        for (int i = 0, n = list.size(); i < n; i++) {
            list.get(i).flush();
        }
        list.clear();
    }
}
