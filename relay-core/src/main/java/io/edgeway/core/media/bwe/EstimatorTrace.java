package io.edgeway.core.media.bwe;

import io.edgeway.core.media.rtcp.TransportFeedbackFlyweight;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one {@link BandwidthEstimator} saw, kept for offline study: every packet it was told left (sequence
 * number, time, size) and every feedback packet it read (its bytes), in order, in memory, written out as
 * text when {@link #writeTo} is called. For capturing real traces (the estimator's tests replay Chromium's
 * feedback recorded this way) and for chasing an estimate in the field; off unless asked for, and then
 * bounded to {@link #MAX_EVENTS} events. Not for the hot path of a production server: it allocates a
 * string per feedback packet.
 *
 * <p>Format, one event per line: {@code S <nanos> <sequence> <bytes>} for a packet sent,
 * {@code F <nanos> <hex>} for a feedback packet (RTPFB FMT 15, as it arrived after SRTCP).
 */
public final class EstimatorTrace {

    /** Events kept at most (about a minute of a busy subscriber); later ones are dropped. */
    public static final int MAX_EVENTS = 500_000;

    private final long[] times = new long[MAX_EVENTS];
    private final int[] sequences = new int[MAX_EVENTS];
    private final int[] sizes = new int[MAX_EVENTS];
    private final String[] feedback = new String[MAX_EVENTS];
    private int count;

    void sent(long nowNanos, int sequence, int bytes) {
        if (count < MAX_EVENTS) {
            times[count] = nowNanos;
            sequences[count] = sequence;
            sizes[count] = bytes;
            feedback[count] = null;
            count++;
        }
    }

    void feedback(long nowNanos, TransportFeedbackFlyweight packet) {
        if (count < MAX_EVENTS) {
            times[count] = nowNanos;
            feedback[count] = ByteBufUtil.hexDump(packet.buffer(), packet.offset(), packet.packetLength());
            count++;
        }
    }

    /** Events recorded so far. */
    public int size() {
        return count;
    }

    /** Writes the trace to {@code file} (replacing it). */
    public void writeTo(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                if (feedback[i] == null) {
                    out.write("S " + times[i] + " " + sequences[i] + " " + sizes[i] + "\n");
                } else {
                    out.write("F " + times[i] + " " + feedback[i] + "\n");
                }
            }
        }
    }
}
