package io.edgeway.core.time;

/**
 * The one source of time for protocol logic. Deadlines (allocation, permission and channel expiry,
 * nonce age) are stored as {@link #nanos()} values and compared lazily, so tests drive expiry by
 * advancing a {@code ManualClock} instead of sleeping.
 *
 * <p>{@link #nanos()} is monotonic and only meaningful as a difference; {@link #epochSeconds()} is
 * wall-clock time for values that leave the process (TURN REST usernames carry a Unix expiry).
 */
public interface Clock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanos();

    /** Wall-clock seconds since the Unix epoch. */
    long epochSeconds();

    /** The system clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long epochSeconds() {
            return System.currentTimeMillis() / 1000L;
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };
}
