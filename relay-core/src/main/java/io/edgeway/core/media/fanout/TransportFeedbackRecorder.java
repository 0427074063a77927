package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.SequenceNumbers;

/**
 * The transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) that
 * arrived from one publisher since the last feedback, with their arrival times, in a bounded
 * preallocated ring; and what the next feedback packet needs to continue the previous one.
 *
 * <p>Theory of operation. {@link #record} appends (sequence number, arrival time) in arrival order. At
 * each feedback, {@link #drainSorted} extends the numbers (cycles counted, relative to the highest seen so
 * far), sorts them (insertion sort: the input is nearly sorted) and drops repeats; the room then feeds
 * them to the {@link io.edgeway.core.media.rtcp.TransportFeedbackBuilder} in that order, starting at
 * {@link #firstBase()}: the number after the last one reported, so that packets lost since show as "not
 * received", unless the gap is implausibly large (the sender restarted) or a late packet lies before it
 * (draft §3.1: the base may go back). {@link #reported()} then empties the ring.
 *
 * <p>Confined to the room's event loop; allocation-free. About 20 KB per publisher that negotiated the
 * extension, created on its first such packet.
 */
final class TransportFeedbackRecorder {

    /** Packets recorded between two feedbacks; a full ring is reported at once. */
    static final int CAPACITY = 1024;
    /** A gap after the last reported number up to this is reported as lost; a larger one is skipped. */
    static final int MAX_REPORTED_GAP = 1024;

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final int[] sequences = new int[CAPACITY];
    private final long[] arrivals = new long[CAPACITY];
    private final long[] extended = new long[CAPACITY];
    private int count;
    private long highestExtended = UNKNOWN;
    private long nextExpected = UNKNOWN;
    private int feedbackPacketCount;

    /** Appends one arrival; false (nothing recorded) when the ring is full and must be reported first. */
    boolean record(int sequence, long arrivalNanos) {
        if (count == CAPACITY) {
            return false;
        }
        sequences[count] = sequence & SequenceNumbers.MASK;
        arrivals[count] = arrivalNanos;
        count++;
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Extends, sorts and de-duplicates what was recorded; returns how many arrivals remain, readable with
     * {@link #sequence(int)} and {@link #arrival(int)} in ascending sequence order.
     */
    int drainSorted() {
        for (int i = 0; i < count; i++) {
            long e = highestExtended == UNKNOWN ? sequences[i] : SequenceNumbers.extend(highestExtended, sequences[i]);
            if (highestExtended == UNKNOWN || e > highestExtended) {
                highestExtended = e;
            }
            // Insertion sort by extended number; arrival order breaks ties, so the first arrival stays first.
            int sequence = sequences[i];
            long arrival = arrivals[i];
            int j = i - 1;
            while (j >= 0 && extended[j] > e) {
                extended[j + 1] = extended[j];
                sequences[j + 1] = sequences[j];
                arrivals[j + 1] = arrivals[j];
                j--;
            }
            extended[j + 1] = e;
            sequences[j + 1] = sequence;
            arrivals[j + 1] = arrival;
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (kept > 0 && extended[i] == extended[kept - 1]) {
                continue; // a repeat: the first arrival is the one reported
            }
            extended[kept] = extended[i];
            sequences[kept] = sequences[i];
            arrivals[kept] = arrivals[i];
            kept++;
        }
        count = kept;
        return kept;
    }

    /** The {@code i}-th sorted sequence number, 0-65535. */
    int sequence(int i) {
        return sequences[i];
    }

    /** The arrival time of the {@code i}-th sorted packet. */
    long arrival(int i) {
        return arrivals[i];
    }

    /** The base sequence number of the first feedback packet of this report (after {@link #drainSorted}). */
    int firstBase() {
        long first = extended[0];
        if (nextExpected != UNKNOWN && first > nextExpected && first - nextExpected <= MAX_REPORTED_GAP) {
            return (int) nextExpected & SequenceNumbers.MASK;
        }
        return sequences[0];
    }

    /** The feedback packet count for the next packet (draft §3.1: one more per packet sent), 0-255. */
    int nextFeedbackPacketCount() {
        int n = feedbackPacketCount;
        feedbackPacketCount = (feedbackPacketCount + 1) & 0xFF;
        return n;
    }

    /** Everything drained was reported: empties the ring; the next report continues after the highest. */
    void reported() {
        if (count > 0 && (nextExpected == UNKNOWN || extended[count - 1] + 1 > nextExpected)) {
            nextExpected = extended[count - 1] + 1;
        }
        count = 0;
    }
}
