package io.edgeway.bench.sfu;

/**
 * How a synthetic participant talks to one SFU's signalling: joining, negotiating its links, learning
 * who publishes what, leaving. One instance per participant; {@link #join()} from the coordinator,
 * everything else on the participant's event loop.
 */
interface Signaling {

    /** Connects and joins; the rest happens as messages arrive. */
    void join();

    /** Leaves the meeting and closes the connection. */
    void leave();
}
