package io.edgeway.core.media.rtp;

/**
 * The receiver-side sequence state of one RTP source, as RFC 3550 Appendix A.1 and A.3 describe it: it
 * decides whether a packet is in sequence, counts wraps into an extended sequence number, and derives the
 * loss figures of a reception report block (RFC 3550 §6.4.1): fraction lost, cumulative number of packets
 * lost and extended highest sequence number received.
 *
 * <p>Theory of operation (RFC 3550 A.1). A new source is on probation until {@code minSequential}
 * packets arrive in sequence; packets seen during probation are not counted. Afterwards a packet up to
 * {@link #MAX_DROPOUT} ahead of the highest sequence number advances it (counting a wrap when it goes
 * past 65535); a packet up to {@link #MAX_MISORDER} behind is a duplicate or reordered one and is counted
 * without moving anything; any other jump is suspicious and is only believed when the next packet follows
 * it directly, in which case the source is assumed to have restarted and the counters are reset.
 *
 * <p>Not thread-safe: one instance per received stream, confined to the event loop that receives it.
 * Allocation-free.
 */
public final class RtpSequenceTracker {

    /** RFC 3550 A.1: a forward jump larger than this is not believed at once. */
    public static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: a packet at most this far behind is a late or duplicate one. */
    public static final int MAX_MISORDER = 100;
    /** RFC 3550 A.1: MIN_SEQUENTIAL, packets in sequence before a new source is believed. */
    public static final int DEFAULT_MIN_SEQUENTIAL = 2;

    /** RFC 3550 §6.4.1: cumulative lost is a signed 24-bit field; A.3 says clamp instead of wrapping. */
    public static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x800000;

    private static final int SEQ_MOD = SequenceNumbers.MODULUS;

    private final int minSequential;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long receivedPrior;
    private long expectedPrior;

    /** A tracker with RFC 3550's MIN_SEQUENTIAL of 2. */
    public RtpSequenceTracker() {
        this(DEFAULT_MIN_SEQUENTIAL);
    }

    /**
     * @param minSequential packets that must arrive in sequence before a new source counts; 0 or 1 turns
     *     probation off (useful when SRTP authentication already vouches for every packet)
     */
    public RtpSequenceTracker(int minSequential) {
        if (minSequential < 0) {
            throw new IllegalArgumentException("minSequential < 0: " + minSequential);
        }
        this.minSequential = minSequential;
    }

    /**
     * Feeds one received packet's sequence number (RFC 3550 A.1 {@code update_seq}).
     *
     * @return true when the packet is valid and was counted; false while on probation or for a large jump
     *     not yet confirmed
     */
    public boolean update(int seq) {
        seq &= SequenceNumbers.MASK;
        if (!started) {
            started = true;
            // RFC 3550 A.1: init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL.
            initSeq(seq);
            maxSeq = (seq - 1) & SequenceNumbers.MASK;
            probation = minSequential;
            if (probation <= 1) {
                probation = 0;
                initSeq(seq);
                received++;
                return true;
            }
        }
        int udelta = (seq - maxSeq) & SequenceNumbers.MASK;
        if (probation > 0) {
            // RFC 3550 A.1: the packet is in sequence only when it follows the previous one directly.
            if (seq == ((maxSeq + 1) & SequenceNumbers.MASK)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            return false;
        }
        if (udelta < MAX_DROPOUT) {
            // In order, with a permissible gap.
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            // A very large jump: believe it only if the next packet follows it (the source restarted).
            if (seq == badSeq) {
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & SequenceNumbers.MASK;
                return false;
            }
        }
        // Otherwise a duplicate or reordered packet: counted, nothing moves.
        received++;
        return true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // so that seq == badSeq is never true
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** Whether the source has left probation and its figures mean something. */
    public boolean isValid() {
        return started && probation == 0;
    }

    /** The highest sequence number seen, 0-65535. */
    public int highestSequence() {
        return maxSeq;
    }

    /** RFC 3550 §6.4.1: the extended highest sequence number received (wrap count in the top bits). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** The extended sequence number of {@code seq}, placed relative to the highest one seen. */
    public long extend(int seq) {
        return SequenceNumbers.extend(extendedHighestSequence(), seq);
    }

    /** Packets counted as received since the source was (re)initialised, duplicates included. */
    public long received() {
        return received;
    }

    /** RFC 3550 A.3: expected = extended_max - base_seq + 1. */
    public long expected() {
        return isValid() ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /**
     * RFC 3550 A.3: cumulative number of packets lost, expected minus received, clamped to the signed
     * 24-bit field. Negative when duplicates outnumber losses.
     */
    public int cumulativeLost() {
        long lost = expected() - received;
        if (lost > MAX_CUMULATIVE_LOST) {
            return MAX_CUMULATIVE_LOST;
        }
        if (lost < MIN_CUMULATIVE_LOST) {
            return MIN_CUMULATIVE_LOST;
        }
        return (int) lost;
    }

    /**
     * RFC 3550 A.3: the fraction of packets lost since the previous call, as the 8-bit fixed-point value
     * of the report block (lost * 256 / expected), 0 when nothing was lost or duplicates made up for it.
     * Each call starts a new reporting interval, so call it exactly once per report block built.
     */
    public int fractionLostAndStartInterval() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) ((lostInterval << 8) / expectedInterval);
    }
}
