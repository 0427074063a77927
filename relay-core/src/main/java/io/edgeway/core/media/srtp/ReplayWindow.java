package io.edgeway.core.media.srtp;

/**
 * The highest packet index seen on one stream plus a sliding bitmap of the indices just below it,
 * as RFC 3711 §3.3.2 describes the replay list. For SRTP the highest index also is the receiver's
 * rollover counter and s_l (RFC 3711 §3.3.1: ROC = highest / 2^16, s_l = highest mod 2^16).
 *
 * <p>Bit {@code k} of the bitmap stands for index {@code highest - k}; bit 0 is the highest itself.
 * {@link #check} is side-effect free so a packet is judged before it is authenticated, and
 * {@link #accept} is called only after authentication succeeded (RFC 3711 §3.3 step 6), so forged
 * packets never move the window.
 *
 * <p>Confined to the thread of its context; allocation-free.
 */
final class ReplayWindow {

    static final int CHECK_NEW = 0;
    static final int CHECK_DUPLICATE = 1;
    static final int CHECK_TOO_OLD = 2;

    private final int size;
    private boolean started;
    private long highest = -1;
    // bits 0..63 and 64..127 behind the highest index
    private long recent;
    private long older;

    ReplayWindow(int size) {
        this.size = checkSize(size);
    }

    /** RFC 3711 §3.3.2 asks for at least 64; the bitmap holds 64 or 128. */
    static int checkSize(int size) {
        if (size != 64 && size != 128) {
            throw new IllegalArgumentException("replay window must be 64 or 128 packets, got " + size);
        }
        return size;
    }

    int size() {
        return size;
    }

    boolean started() {
        return started;
    }

    /** Highest accepted index, or -1 before the first packet. */
    long highest() {
        return highest;
    }

    /** Whether {@code index} may be accepted: {@link #CHECK_NEW}, {@link #CHECK_DUPLICATE} or {@link #CHECK_TOO_OLD}. */
    int check(long index) {
        if (!started) {
            return CHECK_NEW;
        }
        long delta = index - highest;
        if (delta > 0) {
            return CHECK_NEW;
        }
        long behind = -delta;
        if (behind >= size) {
            return CHECK_TOO_OLD;
        }
        return bit(behind) ? CHECK_DUPLICATE : CHECK_NEW;
    }

    /** Records an authenticated index; moves the window forward when it is the new highest. */
    void accept(long index) {
        if (!started) {
            started = true;
            highest = index;
            recent = 1L;
            older = 0L;
            return;
        }
        long delta = index - highest;
        if (delta > 0) {
            if (delta >= 128) {
                older = 0L;
                recent = 0L;
            } else if (delta >= 64) {
                older = recent << (delta - 64);
                recent = 0L;
            } else {
                older = (older << delta) | (recent >>> (64 - delta));
                recent <<= delta;
            }
            recent |= 1L;
            highest = index;
        } else {
            long behind = -delta;
            if (behind < 64) {
                recent |= 1L << behind;
            } else if (behind < 128) {
                older |= 1L << (behind - 64);
            }
        }
    }

    /** Forgets every index, as for a new stream. */
    void reset() {
        started = false;
        highest = -1;
        recent = 0L;
        older = 0L;
    }

    private boolean bit(long behind) {
        return behind < 64
                ? (recent & (1L << behind)) != 0
                : (older & (1L << (behind - 64))) != 0;
    }
}
