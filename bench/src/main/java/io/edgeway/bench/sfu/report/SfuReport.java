package io.edgeway.bench.sfu.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of one SFU load run (one scenario against one server): what was asked, how the joins went,
 * the traffic in the measurement window as the receivers counted it, what the server and the generator
 * spent, whether the run is void and why, and what the Chromium probes saw. JSON for tools (the field
 * names are the record components), a table for people.
 *
 * <p>Units: packets per second; Mbit/s of RTP as received (headers, payload and SRTP tag; no UDP/IP);
 * latencies in microseconds unless the name says milliseconds; CPU as percent of one core; memory in
 * bytes. "Forwarded" is what the server sent to the subscribers, counted by the subscribers.
 */
public record SfuReport(
        String label,
        String server,
        String startedAt,
        Config config,
        Setup setup,
        Traffic traffic,
        Server serverFigures,
        Generator generator,
        List<String> voidReasons,
        Map<String, Object> probes) {

    public record Config(String scenario, int participants, int rooms, int audioPublishers, int speakers,
            String idleAudio, int videoPublishers, int simulcast, int videoBitrate, double warmupSeconds,
            double durationSeconds, int sampleEvery, int constrainedSubscribers, String join) {
    }

    /** Joining: counts, why some failed, and how long it took from the join message. */
    public record Setup(int participants, int joined, int connected, int audioPublishing, int videoPublishing,
            int videoRefused, Map<String, Integer> failures, Latency joinToConnectedMillis,
            Latency joinToFirstMediaMillis, double seconds) {
    }

    /** The measurement window, from the receivers' counts (RTP sequence numbers in the clear headers). */
    public record Traffic(double windowSeconds, double sentPps, double forwardedPps, double forwardedMbps,
            long expectedPackets, long receivedPackets, double lossRatio, Spread perSubscriberLossRatio,
            int subscribersOverHalfPercentLoss, int streamsPerSubscriberMin, int streamsPerSubscriberMax,
            Latency latencyMicros, long checkedPackets, long authFailures, long wrongSender, long noMarker,
            long unsignalledPackets, long duplicates, long nacksSent, long retransmissionsSent, long plisSent,
            long keyframeRequestsReceived, long constrainedDrops, long replayed, long paddingPackets) {
    }

    /** The server process over the window, from /proc and its GC log. */
    public record Server(Long pid, Double cpuPercent, Double kernelCpuPercent, Double cpuMicrosPerForwarded,
            Double kernelMicrosPerForwarded, Long rssBytes, Map<String, Double> threadCpuPercent,
            GcLog.Pauses gc, Long udpDrops) {
    }

    /** The load generator itself. */
    public record Generator(double cpuPercent, long sendEvents, double lateFraction, long latenessP99Micros,
            long tickGapP99Micros, long tickGapMaxMicros, Long udpDrops, long gcCount, long gcMillis, long writeFailures) {
    }

    /** A distribution of a ratio over participants. */
    public record Spread(double p50, double p95, double max) {
        public static Spread of(double[] values) {
            if (values.length == 0) {
                return new Spread(0, 0, 0);
            }
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            return new Spread(v[(int) Math.floor(0.5 * (v.length - 1))], v[(int) Math.floor(0.95 * (v.length - 1))],
                    v[v.length - 1]);
        }
    }

    /** A latency distribution. */
    public record Latency(long count, long p50, long p95, long p99, long max) {
        public static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static SfuReport readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SfuReport.class);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVoid() {
        return !voidReasons.isEmpty();
    }

    /** The human-readable summary printed at the end of a run. */
    public String table() {
        StringBuilder s = new StringBuilder();
        row(s, "run", label + " against " + server + "  (" + startedAt + ")" + (isVoid() ? "  VOID: " + voidReasons : ""));
        row(s, "scenario", config.scenario());
        row(s, "joined", String.format(Locale.ROOT, "%d of %d, connected %d, audio publishing %d, video publishing %d%s%s",
                setup.joined(), setup.participants(), setup.connected(), setup.audioPublishing(), setup.videoPublishing(),
                setup.videoRefused() > 0 ? ", video refused " + setup.videoRefused() : "",
                setup.failures().isEmpty() ? "" : ", failures " + setup.failures()));
        row(s, "join to media", String.format(Locale.ROOT, "connected p50 %d ms p95 %d ms, first media p50 %d ms p95 %d ms",
                setup.joinToConnectedMillis().p50(), setup.joinToConnectedMillis().p95(),
                setup.joinToFirstMediaMillis().p50(), setup.joinToFirstMediaMillis().p95()));
        if (traffic != null) {
            row(s, "sent", number(traffic.sentPps()) + " pkt/s");
            row(s, "forwarded", String.format(Locale.ROOT, "%s pkt/s, %s Mbit/s", number(traffic.forwardedPps()),
                    decimal(traffic.forwardedMbps())));
            row(s, "loss", String.format(Locale.ROOT, "%s overall; per subscriber p50 %s p95 %s max %s; %d over 0.5%%",
                    percent(traffic.lossRatio()), percent(traffic.perSubscriberLossRatio().p50()),
                    percent(traffic.perSubscriberLossRatio().p95()), percent(traffic.perSubscriberLossRatio().max()),
                    traffic.subscribersOverHalfPercentLoss()));
            row(s, "latency us", String.format(Locale.ROOT, "p50 %s p99 %s max %s (%s packets checked: %d failed auth, %d replayed, %d wrong sender, %d unsignalled; %d padding)",
                    number(traffic.latencyMicros().p50()), number(traffic.latencyMicros().p99()),
                    number(traffic.latencyMicros().max()), number(traffic.checkedPackets()), traffic.authFailures(),
                    traffic.replayed(), traffic.wrongSender(), traffic.unsignalledPackets(), traffic.paddingPackets()));
            row(s, "feedback", String.format(Locale.ROOT, "NACK sent %d, retransmitted %d, PLI sent %d, keyframe requests received %d",
                    traffic.nacksSent(), traffic.retransmissionsSent(), traffic.plisSent(), traffic.keyframeRequestsReceived()));
        }
        if (serverFigures.pid() != null) {
            row(s, "server cpu", String.format(Locale.ROOT, "%s of a core (kernel %s), %s us per forwarded packet (kernel %s)",
                    pct(serverFigures.cpuPercent()), pct(serverFigures.kernelCpuPercent()),
                    dec(serverFigures.cpuMicrosPerForwarded()), dec(serverFigures.kernelMicrosPerForwarded())));
            row(s, "server threads", String.valueOf(serverFigures.threadCpuPercent()));
            row(s, "server memory", String.format(Locale.ROOT, "RSS %s, GC %d pauses %s ms (max %s ms), UDP drops %s",
                    mib(serverFigures.rssBytes()), serverFigures.gc().count(), decimal(serverFigures.gc().totalMillis()),
                    decimal(serverFigures.gc().maxMillis()), serverFigures.udpDrops()));
        }
        row(s, "generator", String.format(Locale.ROOT, "cpu %.0f%%, %s of %s sends over 5 ms late, lateness p99 %d us, "
                        + "1 ms tick gaps p99 %d us max %d us, UDP drops %s, GC %d (%d ms)",
                generator.cpuPercent(), percent(generator.lateFraction()), number(generator.sendEvents()),
                generator.latenessP99Micros(), generator.tickGapP99Micros(), generator.tickGapMaxMicros(),
                generator.udpDrops(), generator.gcCount(), generator.gcMillis()));
        if (probes != null && !probes.isEmpty()) {
            row(s, "chromium probe", probeSummary());
        }
        return s.toString();
    }

    /** The Chromium subscriber's last getStats of the probe publisher's video, in one line. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String probeSummary() {
        if (probes == null || probes.isEmpty()) {
            return "";
        }
        Object failed = probes.get("failed") == null ? null : oneLine(String.valueOf(probes.get("failed")));
        Object subscriber = probes.get("subscriber");
        Object last = subscriber instanceof Map<?, ?> m ? m.get("last") : null;
        if (!(last instanceof Map<?, ?> l)) {
            return "no video stats" + (failed == null ? "" : " (" + failed + ")");
        }
        double delay = number(l.get("jitterBufferDelay"));
        double emitted = number(l.get("jitterBufferEmittedCount"));
        return String.format(Locale.ROOT, "%.0f frames decoded at %.0fx%.0f, %.0f freezes (%.2f s), jitter buffer %.0f ms%s",
                number(l.get("framesDecoded")), number(l.get("frameWidth")), number(l.get("frameHeight")),
                number(l.get("freezeCount")), number(l.get("totalFreezesDuration")),
                emitted > 0 ? 1000 * delay / emitted : 0, failed == null ? "" : " (" + failed + ")");
    }

    /** A message's first line, without control characters, at most 120 characters: it goes into a table cell. */
    static String oneLine(String text) {
        String first = text.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}\\[[0-9;]*m|\\p{Cntrl}|\\|", " ").trim();
        return first.length() > 120 ? first.substring(0, 117) + "..." : first;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "  %-15s %s%n", key, value));
    }

    public static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    public static String decimal(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.3f%%", ratio * 100);
    }

    static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", v);
    }

    static String dec(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    public static String mib(Long bytes) {
        return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
