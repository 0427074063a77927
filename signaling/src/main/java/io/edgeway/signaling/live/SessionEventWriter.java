package io.edgeway.signaling.live;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;

/**
 * Where the listeners of {@link SessionEvents} do their blocking work: one thread that runs one task at a time in
 * the order handed over, so database rows follow the order the events happened, never on the thread that
 * reported them (a leave may come from a media event loop, under {@link LiveSessions}' lock). A task that
 * throws is logged and dropped; one handed over after shutdown is logged. Thread-safe.
 */
public final class SessionEventWriter {

    private final Executor thread;

    /** @param thread runs one task at a time, in order (a single-thread executor) */
    public SessionEventWriter(Executor thread) {
        this.thread = thread;
    }

    /** Runs {@code work} after everything handed over before it; {@code what} names it in {@code log}'s lines. */
    public void write(Logger log, String what, Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("recording a {} failed: {}", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("shutting down, a {} was not recorded", what);
        }
    }
}
