package io.edgeway.core.media.bwe;

import io.edgeway.core.media.rtcp.TransportFeedbackFlyweight;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
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
 * bounded to {@link #MAX_EVENTS} events; {@link #replay} reads one back into an estimator. Not for the hot
 * path of a production server: it allocates a string per feedback packet.
 *
 * <p>Format, one event per line: {@code S <nanos> <sequence> <bytes>} for a packet sent,
 * {@code F <nanos> <hex>} for a feedback packet (RTPFB FMT 15, as it arrived after SRTCP), and
 * {@code P <nanos> <wantedBps>} for the allocator asking for a probe ({@link BandwidthEstimator#requestProbe}),
 * so that a replay probes where the live estimator did.
 */
public final class EstimatorTrace {

    /** Events kept at most (about a minute of a busy subscriber); later ones are dropped. */
    public static final int MAX_EVENTS = 500_000;

    private static final byte SENT = 0;
    private static final byte FEEDBACK = 1;
    private static final byte PROBE_REQUESTED = 2;

    private final long[] times = new long[MAX_EVENTS];
    private final int[] sequences = new int[MAX_EVENTS];
    private final int[] sizes = new int[MAX_EVENTS];
    private final String[] feedback = new String[MAX_EVENTS];
    /** {@link #SENT}, {@link #FEEDBACK} or {@link #PROBE_REQUESTED} per event. */
    private final byte[] kinds = new byte[MAX_EVENTS];
    private final long[] wantedBps = new long[MAX_EVENTS];
    private int count;

    void sent(long nowNanos, int sequence, int bytes) {
        if (count < MAX_EVENTS) {
            times[count] = nowNanos;
            sequences[count] = sequence;
            sizes[count] = bytes;
            kinds[count] = SENT;
            count++;
        }
    }

    void probeRequested(long nowNanos, long wanted) {
        if (count < MAX_EVENTS) {
            times[count] = nowNanos;
            kinds[count] = PROBE_REQUESTED;
            wantedBps[count] = wanted;
            count++;
        }
    }

    void feedback(long nowNanos, TransportFeedbackFlyweight packet) {
        if (count < MAX_EVENTS) {
            times[count] = nowNanos;
            kinds[count] = FEEDBACK;
            feedback[count] = ByteBufUtil.hexDump(packet.buffer(), packet.offset(), packet.packetLength());
            count++;
        }
    }

    /** Events recorded so far. */
    public int size() {
        return count;
    }

    /** What a replay reports after each event: the time it happened and the estimator that took it. */
    @FunctionalInterface
    public interface ReplayListener {
        void after(long nowNanos, BandwidthEstimator estimator);
    }

    /**
     * Feeds a trace written by {@link #writeTo} to {@code estimator} event by event, at the recorded times,
     * and tells {@code listener} after each: the estimator sees what the live one saw (the packets sent, the
     * probes the allocator asked for, Chromium's feedback), so a replay through the same code reproduces its
     * estimates. Returns the number of events. A line it cannot read is an {@link IOException} naming it.
     */
    public static int replay(BufferedReader trace, BandwidthEstimator estimator, ReplayListener listener)
            throws IOException {
        TransportFeedbackFlyweight feedback = new TransportFeedbackFlyweight();
        int events = 0;
        String line;
        while ((line = trace.readLine()) != null) {
            String[] fields = line.split(" ");
            try {
                long now = Long.parseLong(fields[1]);
                switch (fields[0]) {
                    case "S" -> estimator.onSent(Integer.parseInt(fields[2]), now, Integer.parseInt(fields[3]));
                    case "P" -> estimator.requestProbe(now, Long.parseLong(fields[2]));
                    case "F" -> {
                        byte[] bytes = ByteBufUtil.decodeHexDump(fields[2]);
                        if (!feedback.wrap(Unpooled.wrappedBuffer(bytes), 0, bytes.length).isValid()) {
                            throw new IOException("invalid transport-cc feedback at event " + (events + 1));
                        }
                        estimator.onFeedback(now, feedback);
                    }
                    default -> throw new IOException("unknown event '" + fields[0] + "' at event " + (events + 1));
                }
                listener.after(now, estimator);
            } catch (RuntimeException e) {
                throw new IOException("unreadable trace line " + (events + 1) + ": " + line, e);
            }
            events++;
        }
        return events;
    }

    /** Writes the trace to {@code file} (replacing it). */
    public void writeTo(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                switch (kinds[i]) {
                    case SENT -> out.write("S " + times[i] + " " + sequences[i] + " " + sizes[i] + "\n");
                    case FEEDBACK -> out.write("F " + times[i] + " " + feedback[i] + "\n");
                    default -> out.write("P " + times[i] + " " + wantedBps[i] + "\n");
                }
            }
        }
    }
}
