package io.edgeway.core.media.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers (RFC 3550 §5.1), which wrap from 65535 to 0. Comparisons use
 * serial-number arithmetic (RFC 1982 with SERIAL_BITS = 16): {@code a} is newer than {@code b} when it is
 * less than half the number space ahead of it.
 *
 * <p>Stateless, allocation-free and thread-safe. Arguments are taken modulo 2^16, so callers may pass
 * the result of {@code getUnsignedShort} or any int.
 */
public final class SequenceNumbers {

    /** RFC 3550 Appendix A.1: RTP_SEQ_MOD. */
    public static final int MODULUS = 1 << 16;
    public static final int MASK = MODULUS - 1;

    private SequenceNumbers() {
    }

    /**
     * The signed distance from {@code from} to {@code to}, in -32768..32767: positive when {@code to} is
     * ahead. {@code delta(65535, 2) == 3}; {@code delta(2, 65535) == -3}.
     */
    public static int delta(int from, int to) {
        return (short) (to - from);
    }

    /** Whether {@code a} comes after {@code b} (RFC 1982 §3.2 "greater than" on 16 bits). */
    public static boolean isNewer(int a, int b) {
        return delta(b, a) > 0;
    }

    /** Whether {@code a} comes before {@code b}. */
    public static boolean isOlder(int a, int b) {
        return delta(b, a) < 0;
    }

    /** {@code seq + n} modulo 2^16; {@code n} may be negative. */
    public static int add(int seq, int n) {
        return (seq + n) & MASK;
    }

    /**
     * Extends {@code seq} to the extended (cycle-counting) sequence number nearest to
     * {@code referenceExtended}, the way a receiver places a packet relative to the highest one it has
     * seen: {@code extend(65_537, 65_535) == 65_535} (one behind), {@code extend(65_535, 1) == 65_537}
     * (just wrapped). A result before zero (a packet "older" than the first of the stream) is returned as
     * is, negative.
     */
    public static long extend(long referenceExtended, int seq) {
        return referenceExtended + delta((int) (referenceExtended & MASK), seq);
    }
}
