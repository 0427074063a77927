package io.edgeway.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of one load run: what was asked, what the setup achieved, the traffic (relay scenario)
 * or the hold (hold scenario), and what the server and the harness spent. Written as a table for
 * people and as JSON for tools ({@link #writeJson}); the JSON field names are the record components.
 *
 * <p>Units: packets per second; megabits per second of application payload (the bytes the peer
 * receives, TURN headers excluded); latencies in microseconds; CPU as percent of one core; memory in
 * bytes. "Relayed" counts both legs the server forwards: client to peer and peer back to client.
 * Absent measurements are null.
 */
public record LoadReport(
        String label,
        String startedAt,
        Config config,
        Setup setup,
        Traffic traffic,
        Hold hold,
        Server server,
        Harness harness) {

    /** The run's settings, as given. */
    public record Config(String server, String transport, String mode, String credentials, int clients,
            int payloadBytes, int ratePerClient, int window, double warmupSeconds, double durationSeconds,
            int allocationRate, int sourceAddresses, int threads, String ioTransport) {
    }

    /** Allocation setup: Allocate (with its 401 round trip) and, for relay runs, ChannelBind or CreatePermission. */
    public record Setup(int requested, long allocated, long ready, long failed, long unsettled,
            Map<String, Integer> failures, double seconds, double allocationsPerSecond,
            Latency allocateLatencyMicros) {
    }

    /** Data in the measurement window, counted by send time. */
    public record Traffic(double windowSeconds, long sentPackets, long peerReceivedPackets, long receivedPackets,
            double offeredPps, double relayedPps, double roundTripsPerSecond, double offeredMbps,
            double relayedMbps, double lossRatio, double clientToPeerLossRatio, Latency roundTripMicros,
            long blockedSends, long stalls, Drops kernelDrops) {
    }

    /**
     * Datagrams the kernel dropped on full receive buffers during the window (/proc/net/udp), by socket
     * owner: the harness's echo peer, the harness's clients, and every other loopback socket (the server).
     */
    public record Drops(long echoPeer, long harnessClients, long serverAndOthers) {
    }

    /** The hold scenario: allocations kept alive with Refresh for a while, no data. */
    public record Hold(int allocations, long held, double holdSeconds, long refreshes, long refreshFailures) {
    }

    /** The server process, from /proc and jcmd; null fields when no pid was given or the value is unreadable. */
    public record Server(Long pid, Double cpuPercent, Double cpuMicrosPerRelayedPacket,
            Double kernelCpuMicrosPerRelayedPacket, Double cpuMicrosPerAllocationSetup, Long rssBytes, Long rssPeakBytes, Long heapUsedBytes,
            Long heapLiveBytes, String note) {
    }

    /** The load generator itself: its CPU (to tell whether it was the bottleneck) and error counts. */
    public record Harness(Double cpuPercent, long transportErrors, Map<String, Integer> transportErrorKinds,
            long deallocated) {
    }

    /** A latency distribution in microseconds. */
    public record Latency(long count, long p50, long p99, long p999, long max, double mean) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue(), Math.round(h.getMean() * 10) / 10.0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** The human-readable summary printed at the end of a run. */
    public String table() {
        StringBuilder s = new StringBuilder();
        row(s, "run", label + "  (" + startedAt + ")");
        if (hold != null) {
            row(s, "clients", String.format(Locale.ROOT, "%d %s, hold (no data), %s credentials",
                    config.clients(), config.transport(), config.credentials()));
        } else {
            row(s, "clients", String.format(Locale.ROOT, "%d %s, %s, %d B payload, %s, %s credentials",
                    config.clients(), config.transport(), config.mode().toLowerCase(Locale.ROOT), config.payloadBytes(),
                    config.ratePerClient() > 0 ? config.ratePerClient() + " pkt/s each" : "unpaced, window " + config.window(),
                    config.credentials()));
        }
        row(s, "allocations", String.format(Locale.ROOT, "%d of %d ready, %d failed%s, %s/s, allocate p50 %s p99 %s us",
                setup.ready(), setup.requested(), setup.failed(),
                setup.failures().isEmpty() ? "" : " " + setup.failures(), number(setup.allocationsPerSecond()),
                number(setup.allocateLatencyMicros().p50()), number(setup.allocateLatencyMicros().p99())));
        if (traffic != null) {
            row(s, "offered", String.format(Locale.ROOT, "%s pkt/s, %s Mbit/s", number(traffic.offeredPps()),
                    decimal(traffic.offeredMbps())));
            row(s, "relayed", String.format(Locale.ROOT, "%s pkt/s, %s Mbit/s (round trips %s/s)",
                    number(traffic.relayedPps()), decimal(traffic.relayedMbps()), number(traffic.roundTripsPerSecond())));
            row(s, "loss", String.format(Locale.ROOT, "%s (client to peer %s)%s", percent(traffic.lossRatio()),
                    percent(traffic.clientToPeerLossRatio()),
                    traffic.blockedSends() > 0 ? ", " + traffic.blockedSends() + " sends held back by the socket" : ""));
            Drops drops = traffic.kernelDrops();
            if (drops.echoPeer() + drops.harnessClients() + drops.serverAndOthers() > 0) {
                row(s, "kernel drops", String.format(Locale.ROOT, "echo peer %d, harness clients %d, server and others %d",
                        drops.echoPeer(), drops.harnessClients(), drops.serverAndOthers()));
            }
            Latency rtt = traffic.roundTripMicros();
            row(s, "round trip us", String.format(Locale.ROOT, "p50 %s  p99 %s  p99.9 %s  max %s",
                    number(rtt.p50()), number(rtt.p99()), number(rtt.p999()), number(rtt.max())));
        }
        if (hold != null) {
            row(s, "held", String.format(Locale.ROOT, "%d allocations for %s s, %d refreshes, %d failed",
                    hold.held(), decimal(hold.holdSeconds()), hold.refreshes(), hold.refreshFailures()));
        }
        if (server.pid() != null) {
            row(s, "server cpu", String.format(Locale.ROOT, "%s of a core%s%s", percentValue(server.cpuPercent()),
                    server.cpuMicrosPerRelayedPacket() == null ? ""
                            : ", " + decimal(server.cpuMicrosPerRelayedPacket()) + " us per relayed packet"
                            + (server.kernelCpuMicrosPerRelayedPacket() == null ? ""
                                    : " (" + decimal(server.kernelCpuMicrosPerRelayedPacket()) + " in the kernel)"),
                    server.cpuMicrosPerAllocationSetup() == null ? ""
                            : ", " + decimal(server.cpuMicrosPerAllocationSetup()) + " us per allocation set up"));
            row(s, "server memory", String.format(Locale.ROOT, "RSS %s (peak %s)%s%s", mib(server.rssBytes()),
                    mib(server.rssPeakBytes()),
                    server.heapUsedBytes() == null ? "" : ", heap used " + mib(server.heapUsedBytes()),
                    server.heapLiveBytes() == null ? "" : ", live after full GC " + mib(server.heapLiveBytes())));
            if (server.note() != null) {
                row(s, "server note", server.note());
            }
        }
        row(s, "harness cpu", percentValue(harness.cpuPercent()) + " of a core");
        if (harness.transportErrors() > 0) {
            row(s, "socket errors", harness.transportErrors() + " " + harness.transportErrorKinds());
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "  %-14s %s%n", key, value));
    }

    public static String number(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.3f%%", ratio * 100);
    }

    static String percentValue(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v);
    }

    public static String mib(Long bytes) {
        return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
