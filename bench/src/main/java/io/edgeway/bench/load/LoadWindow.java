package io.edgeway.bench.load;

/**
 * The measurement window shared by every worker: packets count when their send time falls in
 * [{@link #start}, {@link #end}). One window for all event loops, so that a packet sent by a client of
 * one loop and echoed by a peer socket of another is judged by the same bounds on both legs.
 *
 * <p>Written by the coordinating thread, read on every packet by the loops (volatile: a plain load on
 * x86).
 */
final class LoadWindow {

    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    void open(long nanos) {
        end = Long.MAX_VALUE;
        start = nanos;
    }

    void close(long nanos) {
        end = nanos;
    }

    boolean contains(long nanos) {
        return nanos >= start && nanos < end;
    }
}
