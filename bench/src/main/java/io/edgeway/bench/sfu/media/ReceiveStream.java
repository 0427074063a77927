package io.edgeway.bench.sfu.media;

/**
 * What one receiver knows of one SSRC it receives, from the clear RTP header alone (SRTP leaves the
 * header in the clear, RFC 3711 §3.1): extended sequence numbers (RFC 3550 A.1), packets received
 * without duplicates (a 64-packet window), expected and lost (RFC 3550 A.3), and for video the numbers
 * missing since the last NACK (RFC 4585 §6.2.1). Confined to its link's event loop; allocation-free.
 */
public final class ReceiveStream {

    /** The owner of a stream published by someone who is not a synthetic participant (a browser probe). */
    public static final int NOT_SYNTHETIC = -2;
    /** The most sequence numbers a NACK may name at once. */
    static final int MAX_MISSING = 32;

    final int ssrc;
    final boolean video;
    /** The harness index of the publishing participant per signalling, -1 until known. */
    int owner = -1;
    /**
     * A sender the marker showed that signalling did not (yet) name, and since when: a slot's media switches
     * before its {@code slotsUpdate} arrives, so a mismatch counts only if signalling does not catch up
     * within {@link #SWITCH_GRACE_NANOS}. -1 when none.
     */
    int pendingSender = -1;
    long pendingSinceNanos;
    /** How long signalling may lag behind a slot's media switch before a sender counts as wrong. */
    public static final long SWITCH_GRACE_NANOS = 1_000_000_000L;
    long firstArrivalNanos;
    private long base = -1;
    private long highest = -1;
    private long window;
    long received;
    long duplicates;
    long recovered;
    final int[] missing = new int[MAX_MISSING];
    int missingCount;
    long lastNackNanos;
    int nackRounds;
    // snapshot at the start of the measurement window
    long expectedAtMark;
    long receivedAtMark;

    ReceiveStream(int ssrc, boolean video) {
        this.ssrc = ssrc;
        this.video = video;
    }

    /** Counts the packet with 16-bit number {@code seq}; returns false for a duplicate. */
    boolean onPacket(int seq, long now) {
        if (highest < 0) {
            highest = seq;
            base = seq;
            window = 1;
            received = 1;
            firstArrivalNanos = now;
            return true;
        }
        long ext = extend(seq);
        if (ext > highest) {
            long gap = ext - highest;
            if (video && gap > 1) {
                for (long s = highest + 1; s < ext && missingCount < MAX_MISSING; s++) {
                    missing[missingCount++] = (int) (s & 0xFFFF);
                }
            }
            window = gap >= 64 ? 1 : (window << gap) | 1;
            highest = ext;
            received++;
            return true;
        }
        long back = highest - ext;
        if (back >= 64) {
            // Older than the window: cannot tell a duplicate; count it as a late arrival.
            if (ext >= base) {
                received++;
            }
            return true;
        }
        long bit = 1L << back;
        if ((window & bit) != 0) {
            duplicates++;
            return false;
        }
        window |= bit;
        received++;
        if (removeMissing((int) (ext & 0xFFFF))) {
            recovered++;
        }
        return true;
    }

    private boolean removeMissing(int seq) {
        for (int i = 0; i < missingCount; i++) {
            if (missing[i] == seq) {
                missing[i] = missing[--missingCount];
                return true;
            }
        }
        return false;
    }

    /** The extended number nearest the highest so far (RFC 3550 A.1). */
    private long extend(int seq) {
        long cycle = highest & ~0xFFFFL;
        long candidate = cycle | seq;
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    long expected() {
        return highest < 0 ? 0 : highest - base + 1;
    }

    long lost() {
        return Math.max(0, expected() - received);
    }

    long highest() {
        return highest;
    }

    void mark() {
        expectedAtMark = expected();
        receivedAtMark = received;
    }

    long expectedSinceMark() {
        return expected() - expectedAtMark;
    }

    long receivedSinceMark() {
        return received - receivedAtMark;
    }
}
