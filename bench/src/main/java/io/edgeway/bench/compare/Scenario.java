package io.edgeway.bench.compare;

import io.edgeway.bench.load.LoadOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One row of the comparison matrix: how to load a server, given its settings and (for paced rows) the
 * capacity coturn showed in the matching unpaced row of the same run.
 *
 * @param name          short id, used in file names and tables
 * @param description   one line for the table
 * @param capacityOf    for paced rows: the unpaced scenario whose coturn round trips/s set the pace; else null
 * @param capacityShare the share of that capacity to offer (0.5 = 50%)
 * @param fixedRoundTrips for fixed-rate rows: round trips per second of all clients together; 0 otherwise
 * @param searchesCapacity the row searches the highest lossless paced rate ({@link CapacitySearch}) instead of
 *     running once at a given rate
 */
record Scenario(String name, String description, LoadOptions.Transport transport, LoadOptions.Mode mode,
        int payloadSize, int fixedRoundTrips, String capacityOf, double capacityShare, int holdAllocations,
        boolean searchesCapacity) {

    /**
     * The matrix of issue 3: UDP 172 B and 1200 B unpaced and at 50% of coturn, fixed 50k relayed/s, TCP, Send,
     * hold, and the lossless paced capacity of UDP 172 B.
     */
    static List<Scenario> matrix(int holdAllocations) {
        return List.of(
                new Scenario("udp-172-unpaced", "UDP ChannelData 172 B, unpaced (saturation)",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 172, 0, null, 0, 0, false),
                new Scenario("udp-172-paced50", "UDP ChannelData 172 B, paced at 50% of coturn's capacity",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 172, 0, "udp-172-unpaced", 0.5, 0, false),
                new Scenario("udp-172-50k", "UDP ChannelData 172 B, fixed 50k relayed pkt/s (25k round trips/s)",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 172, 25_000, null, 0, 0, false),
                new Scenario("udp-1200-unpaced", "UDP ChannelData 1200 B, unpaced (saturation)",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 1200, 0, null, 0, 0, false),
                new Scenario("udp-1200-paced50", "UDP ChannelData 1200 B, paced at 50% of coturn's capacity",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 1200, 0, "udp-1200-unpaced", 0.5, 0, false),
                new Scenario("tcp-172-unpaced", "TCP ChannelData 172 B, unpaced (saturation)",
                        LoadOptions.Transport.TCP, LoadOptions.Mode.CHANNEL, 172, 0, null, 0, 0, false),
                new Scenario("udp-172-send-unpaced", "UDP Send/Data indications 172 B, unpaced (saturation)",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.SEND, 172, 0, null, 0, 0, false),
                new Scenario("hold-" + holdAllocations, "UDP, " + holdAllocations + " allocations held (refreshing)",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 172, 0, null, 0, holdAllocations, false),
                new Scenario("udp-172-capacity", "UDP ChannelData 172 B, highest paced rate without loss",
                        LoadOptions.Transport.UDP, LoadOptions.Mode.CHANNEL, 172, 0, null, 0, 0, true));
    }

    boolean isHold() {
        return holdAllocations > 0;
    }

    boolean isPacedByCapacity() {
        return capacityOf != null;
    }

    /**
     * The load options for one server; {@code coturnRoundTrips} maps unpaced scenario names to coturn's
     * round trips per second. Returns null for a paced row whose capacity was not measured.
     */
    LoadOptions options(ServerProcess.Settings settings, long pid, TurnCompare.Matrix m,
            Map<String, Double> coturnRoundTrips) {
        LoadOptions options = new LoadOptions()
                .label(name)
                .server(transport == LoadOptions.Transport.TLS ? settings.tls() : settings.udp())
                .transport(transport)
                .mode(mode)
                .user(settings.user(), settings.password())
                .payloadSize(payloadSize)
                .clients(m.clients())
                .window(m.window())
                .warmup(Duration.ofSeconds(m.warmupSeconds()))
                .duration(Duration.ofSeconds(m.durationSeconds()))
                .allocationRate(m.allocationRate())
                .serverPid(pid)
                .progress(true);
        if (isHold()) {
            return options.holdAllocations(holdAllocations).holdTime(Duration.ofSeconds(m.holdSeconds()))
                    .refreshInterval(Duration.ofSeconds(m.refreshSeconds()));
        }
        if (isPacedByCapacity()) {
            Double capacity = coturnRoundTrips.get(capacityOf);
            if (capacity == null || capacity <= 0) {
                return null;
            }
            return options.ratePerClient((int) Math.max(1, Math.round(capacity * capacityShare / m.clients())));
        }
        // Unpaced rows have no fixed rate: 0 sends unpaced.
        return options.ratePerClient(fixedRoundTrips == 0 ? 0 : Math.max(1, fixedRoundTrips / m.clients()));
    }
}
