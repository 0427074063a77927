package io.edgeway.bench.sfu;

import java.nio.file.Path;
import java.util.List;

/**
 * The SFU under test as one run sees it: how a participant joins it, its process for the server-side
 * figures, and the rooms it must have before anyone joins. Implemented for Edgeway's {@code /ws} and
 * Janus's VideoRoom.
 */
public interface SfuTarget extends AutoCloseable {

    /** "edgeway" or "janus". */
    String name();

    /** The server's process id for /proc figures, 0 when unknown. */
    long pid();

    /** The server's GC log (a JVM started with -Xlog:gc), or null. */
    default Path gcLog() {
        return null;
    }

    /** The command line that started the server, for the record; null when started elsewhere. */
    default String commandLine() {
        return null;
    }

    /** Makes {@code rooms} fresh rooms (or meetings) for a run called {@code runLabel}; before any join. */
    void prepare(String runLabel, int rooms, List<Participant> participants) throws Exception;

    /** The signalling of {@code p}, which joins room {@code p.room}. */
    Signaling signaling(Participant p);

    /**
     * What the Chromium probes need to join room 0 next to the participants (sfu-probe.mjs's server
     * arguments: {@code server}, and {@code baseUrl} with {@code meeting} or tokens, or {@code wsUrl} and
     * {@code room}).
     */
    java.util.Map<String, Object> probeArguments();

    /** Removes what {@link #prepare} made, after everyone left. */
    default void finish() {
    }

    /** Stops a server this target started; a no-op for one started elsewhere. */
    @Override
    default void close() throws Exception {
    }
}
