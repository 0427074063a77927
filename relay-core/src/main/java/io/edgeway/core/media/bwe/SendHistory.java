package io.edgeway.core.media.bwe;

import io.edgeway.core.media.rtp.SequenceNumbers;

/**
 * What the SFU sent toward one subscriber, by transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): when each packet left, its size, and the probe
 * cluster it belonged to, so that the subscriber's feedback, which reports only numbers and arrival
 * times, can be turned into (send time, arrival time, size) triples for the estimator.
 *
 * <p>A ring of {@link #CAPACITY} entries keyed by the extended sequence number: feedback for a packet
 * older than that is ignored. Confined to the media loop; allocation-free after construction.
 */
public final class SendHistory {

    /** Packets remembered: at 5,000 packets/s toward one subscriber, about 0.8 s. */
    public static final int CAPACITY = 4096;
    /** {@link #probeCluster()} of a packet that was not a probe. */
    public static final int NO_CLUSTER = -1;

    private final long[] extended = new long[CAPACITY];
    private final long[] sentNanos = new long[CAPACITY];
    private final int[] size = new int[CAPACITY];
    private final int[] cluster = new int[CAPACITY];
    private long highest = -1;
    private int foundSize;
    private long foundSentNanos;
    private int foundCluster;

    public SendHistory() {
        java.util.Arrays.fill(extended, -1);
    }

    /**
     * Notes a packet that left with transport-wide number {@code sequence}.
     *
     * @param bytes its size on the wire as the estimator should count it (RTP header, payload, SRTP tag)
     * @param probeCluster its probe cluster, or {@link #NO_CLUSTER}
     */
    public void onSent(int sequence, long nowNanos, int bytes, int probeCluster) {
        long ext = highest < 0 ? sequence & SequenceNumbers.MASK : SequenceNumbers.extend(highest, sequence);
        if (ext < 0) {
            return;
        }
        if (ext > highest) {
            highest = ext;
        }
        int slot = (int) (ext & (CAPACITY - 1));
        extended[slot] = ext;
        sentNanos[slot] = nowNanos;
        size[slot] = bytes;
        cluster[slot] = probeCluster;
    }

    /**
     * Looks up the packet with transport-wide number {@code sequence}: true, with its fields readable
     * through {@link #sentNanos()}, {@link #size()} and {@link #probeCluster()}, if it is remembered.
     */
    public boolean find(int sequence) {
        if (highest < 0) {
            return false;
        }
        long ext = SequenceNumbers.extend(highest, sequence);
        if (ext < 0 || ext > highest) {
            return false;
        }
        int slot = (int) (ext & (CAPACITY - 1));
        if (extended[slot] != ext) {
            return false;
        }
        foundSentNanos = sentNanos[slot];
        foundSize = size[slot];
        foundCluster = cluster[slot];
        return true;
    }

    public long sentNanos() {
        return foundSentNanos;
    }

    public int size() {
        return foundSize;
    }

    public int probeCluster() {
        return foundCluster;
    }
}
