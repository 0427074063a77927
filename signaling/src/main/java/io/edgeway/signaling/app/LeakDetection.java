package io.edgeway.signaling.app;

import io.netty.util.ResourceLeakDetector;

/**
 * How much of Netty's buffer leak detection the server pays for; chosen by {@code leak-detection}.
 *
 * <p>Netty's own default samples one buffer in 128 and records a stack trace for it and for each of its
 * releases: on the relay path that was about 5% of the event loops' user time (async-profiler at 50k
 * relayed packets/s, bench/RESULTS.md). The test suite runs every test at {@code paranoid}, where a leak fails the build, so a
 * running server starts with detection off and an operator chasing a suspected leak turns it on (the
 * {@code edgeway_netty_direct_memory_used_bytes} gauge is what shows one growing).
 */
public enum LeakDetection {
    /** Netty's {@code -Dio.netty.leakDetection.level} when given on the command line, else off. */
    AUTO,
    DISABLED,
    SIMPLE,
    ADVANCED,
    PARANOID;

    static final String NETTY_PROPERTY = "io.netty.leakDetection.level";

    /** The level this setting means, given the JVM's value of Netty's property (null when unset). */
    ResourceLeakDetector.Level level(String nettyProperty) {
        if (this != AUTO) {
            return ResourceLeakDetector.Level.valueOf(name());
        }
        return nettyProperty == null ? ResourceLeakDetector.Level.DISABLED : ResourceLeakDetector.getLevel();
    }

    /** Applies the setting to every buffer allocated from now on. */
    void apply() {
        ResourceLeakDetector.setLevel(level(System.getProperty(NETTY_PROPERTY)));
    }
}
