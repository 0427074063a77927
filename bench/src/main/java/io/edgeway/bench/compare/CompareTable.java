package io.edgeway.bench.compare;

import io.edgeway.bench.load.LoadReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a comparison as Markdown: one traffic table (each scenario as a coturn row, an Edgeway row and
 * an Edgeway/coturn ratio row) and one hold table. Ratios above 1 mean Edgeway is higher: better for
 * packets per second, worse for latency, CPU and memory.
 */
final class CompareTable {

    static final String COTURN = "coturn";
    static final String EDGEWAY = "edgeway";

    private CompareTable() {
    }

    /**
     * The comparison tables for the rows named in {@code scenarios}, in that order; a row is a hold row
     * when its reports carry a hold section.
     */
    static String render(List<String> scenarios, Map<String, Map<String, List<LoadReport>>> results) {
        StringBuilder s = new StringBuilder();
        s.append("| scenario | server | offered pkt/s | relayed pkt/s | relayed Mbit/s | loss | RTT p50 us | RTT p99 us "
                + "| RTT p99.9 us | server CPU | CPU us / relayed pkt | of it kernel us | server RSS MiB | harness CPU "
                + "| UDP drops harness / server |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String scenario : scenarios) {
            if (isHold(results, scenario)) {
                continue;
            }
            LoadReport coturn = report(results, COTURN, scenario);
            LoadReport edgeway = report(results, EDGEWAY, scenario);
            trafficRow(s, scenario, "coturn", coturn, range(runs(results, COTURN, scenario)));
            trafficRow(s, "", "Edgeway", edgeway, range(runs(results, EDGEWAY, scenario)));
            if (coturn != null && edgeway != null && coturn.traffic() != null && edgeway.traffic() != null) {
                LoadReport.Traffic c = coturn.traffic();
                LoadReport.Traffic e = edgeway.traffic();
                s.append(String.format(Locale.ROOT, "| | **Edgeway / coturn** | %s | **%s** | %s | | %s | **%s** | %s | %s | **%s** | %s | %s | | |%n",
                        ratio(e.offeredPps(), c.offeredPps()), ratio(e.relayedPps(), c.relayedPps()),
                        ratio(e.relayedMbps(), c.relayedMbps()),
                        ratio(e.roundTripMicros().p50(), c.roundTripMicros().p50()),
                        ratio(e.roundTripMicros().p99(), c.roundTripMicros().p99()),
                        ratio(e.roundTripMicros().p999(), c.roundTripMicros().p999()),
                        ratio(edgeway.server().cpuPercent(), coturn.server().cpuPercent()),
                        ratio(edgeway.server().cpuMicrosPerRelayedPacket(), coturn.server().cpuMicrosPerRelayedPacket()),
                        ratio(edgeway.server().kernelCpuMicrosPerRelayedPacket(),
                                coturn.server().kernelCpuMicrosPerRelayedPacket()),
                        ratio(bytes(edgeway.server().rssBytes()), bytes(coturn.server().rssBytes()))));
            }
        }
        boolean anyHold = scenarios.stream().anyMatch(name -> isHold(results, name));
        if (anyHold) {
            s.append("\n| scenario | server | allocations held | allocations/s | allocate p50 us | allocate p99 us "
                    + "| failed | refreshes (failed) | server CPU us / allocation | server RSS MiB | heap used MiB "
                    + "| heap live after full GC MiB |\n");
            s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String scenario : scenarios) {
                if (!isHold(results, scenario)) {
                    continue;
                }
                LoadReport coturn = report(results, COTURN, scenario);
                LoadReport edgeway = report(results, EDGEWAY, scenario);
                holdRow(s, scenario, "coturn", coturn, range(runs(results, COTURN, scenario)));
                holdRow(s, "", "Edgeway", edgeway, range(runs(results, EDGEWAY, scenario)));
                if (coturn != null && edgeway != null) {
                    s.append(String.format(Locale.ROOT, "| | **Edgeway / coturn** | | **%s** | %s | %s | | | %s | %s | | |%n",
                            ratio(edgeway.setup().allocationsPerSecond(), coturn.setup().allocationsPerSecond()),
                            ratio(edgeway.setup().allocateLatencyMicros().p50(), coturn.setup().allocateLatencyMicros().p50()),
                            ratio(edgeway.setup().allocateLatencyMicros().p99(), coturn.setup().allocateLatencyMicros().p99()),
                            ratio(edgeway.server().cpuMicrosPerAllocationSetup(), coturn.server().cpuMicrosPerAllocationSetup()),
                            ratio(bytes(edgeway.server().rssBytes()), bytes(coturn.server().rssBytes()))));
                }
            }
        }
        return s.toString();
    }

    private static boolean isHold(Map<String, Map<String, List<LoadReport>>> results, String scenario) {
        for (Map<String, List<LoadReport>> byScenario : results.values()) {
            List<LoadReport> runs = byScenario.get(scenario);
            if (runs != null && !runs.isEmpty()) {
                return runs.get(0).hold() != null;
            }
        }
        return false;
    }

    /**
     * The lossless paced capacity rows: for each server the highest rate without loss, the relayed packets
     * per second at it, and every step of the search, so that the reader sees how sharp the edge was.
     */
    static String renderCapacity(Map<String, Map<String, CapacitySearch.Result>> capacities) {
        StringBuilder s = new StringBuilder();
        s.append("| scenario | server | lossless round trips/s per client | relayed pkt/s at it "
                + "| steps (round trips/s per client: loss, kernel drops) |\n");
        s.append("|---|---|---:|---:|---|\n");
        for (Map.Entry<String, Map<String, CapacitySearch.Result>> scenario : capacities.entrySet()) {
            String name = scenario.getKey();
            for (Map.Entry<String, CapacitySearch.Result> server : scenario.getValue().entrySet()) {
                CapacitySearch.Result r = server.getValue();
                StringBuilder steps = new StringBuilder();
                for (CapacitySearch.Outcome step : r.steps()) {
                    if (steps.length() > 0) {
                        steps.append("; ");
                    }
                    steps.append(step.ratePerClient()).append(": ").append(percent(step.lossRatio()))
                            .append(", ").append(step.kernelDrops());
                }
                s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", name,
                        server.getKey().equals(EDGEWAY) ? "Edgeway" : server.getKey(), r.ratePerClient(),
                        LoadReport.number(r.relayedPps()), steps));
                name = "";
            }
            CapacitySearch.Result coturn = scenario.getValue().get(COTURN);
            CapacitySearch.Result edgeway = scenario.getValue().get(EDGEWAY);
            if (coturn != null && edgeway != null) {
                s.append(String.format(Locale.ROOT, "| | **Edgeway / coturn** | %s | **%s** | |%n",
                        ratio(edgeway.ratePerClient(), coturn.ratePerClient()),
                        ratio(edgeway.relayedPps(), coturn.relayedPps())));
            }
        }
        return s.toString();
    }

    /** Every run of every traffic row, in run order, so that the spread behind each median is visible. */
    static String renderRuns(List<String> scenarios, Map<String, Map<String, List<LoadReport>>> results) {
        StringBuilder s = new StringBuilder();
        s.append("| scenario | run | server | relayed pkt/s | loss | RTT p50 us | RTT p99 us | CPU us / relayed pkt "
                + "| of it kernel us | harness CPU | UDP drops harness / server |\n");
        s.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String scenario : scenarios) {
            if (isHold(results, scenario)) {
                continue;
            }
            int runs = 0;
            for (Map<String, List<LoadReport>> byScenario : results.values()) {
                List<LoadReport> list = byScenario.get(scenario);
                runs = Math.max(runs, list == null ? 0 : list.size());
            }
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, Map<String, List<LoadReport>>> server : results.entrySet()) {
                    List<LoadReport> list = server.getValue().get(scenario);
                    if (list == null || run >= list.size() || list.get(run).traffic() == null) {
                        continue;
                    }
                    LoadReport r = list.get(run);
                    LoadReport.Traffic t = r.traffic();
                    LoadReport.Drops d = t.kernelDrops();
                    s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |%n",
                            scenario, run + 1, server.getKey(), LoadReport.number(t.relayedPps()), percent(t.lossRatio()),
                            LoadReport.number(t.roundTripMicros().p50()), LoadReport.number(t.roundTripMicros().p99()),
                            decimal(r.server().cpuMicrosPerRelayedPacket()),
                            decimal(r.server().kernelCpuMicrosPerRelayedPacket()), cpu(r.harness().cpuPercent()),
                            d.echoPeer() + d.harnessClients(), d.serverAndOthers()));
                }
            }
        }
        return s.toString();
    }

    private static LoadReport report(Map<String, Map<String, List<LoadReport>>> results, String server,
            String scenario) {
        List<LoadReport> runs = runs(results, server, scenario);
        return runs == null || runs.isEmpty() ? null : median(runs);
    }

    private static List<LoadReport> runs(Map<String, Map<String, List<LoadReport>>> results, String server,
            String scenario) {
        Map<String, List<LoadReport>> byScenario = results.get(server);
        return byScenario == null ? null : byScenario.get(scenario);
    }

    /** The run with the median relayed packets/s (traffic) or allocations/s (hold); the upper one of two. */
    static LoadReport median(List<LoadReport> runs) {
        List<LoadReport> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(CompareTable::keyMetric));
        return sorted.get(sorted.size() / 2);
    }

    private static double keyMetric(LoadReport r) {
        return r.traffic() != null ? r.traffic().relayedPps() : r.setup().allocationsPerSecond();
    }

    /** " (min-max)" of the key metric over several runs, else empty. */
    private static String range(List<LoadReport> runs) {
        if (runs == null || runs.size() < 2) {
            return "";
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (LoadReport r : runs) {
            min = Math.min(min, keyMetric(r));
            max = Math.max(max, keyMetric(r));
        }
        return " (" + LoadReport.number(min) + "-" + LoadReport.number(max) + ")";
    }

    private static void trafficRow(StringBuilder s, String scenario, String server, LoadReport r, String range) {
        if (r == null || r.traffic() == null) {
            s.append(String.format(Locale.ROOT, "| %s | %s | not run | | | | | | | | | | | | |%n", scenario, server));
            return;
        }
        LoadReport.Traffic t = r.traffic();
        LoadReport.Drops d = t.kernelDrops();
        s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |%n",
                scenario, server, LoadReport.number(t.offeredPps()), LoadReport.number(t.relayedPps()) + range,
                String.format(Locale.ROOT, "%.1f", t.relayedMbps()), percent(t.lossRatio()),
                LoadReport.number(t.roundTripMicros().p50()), LoadReport.number(t.roundTripMicros().p99()),
                LoadReport.number(t.roundTripMicros().p999()), cpu(r.server().cpuPercent()),
                decimal(r.server().cpuMicrosPerRelayedPacket()), decimal(r.server().kernelCpuMicrosPerRelayedPacket()),
                mib(r.server().rssBytes()), cpu(r.harness().cpuPercent()),
                d.echoPeer() + d.harnessClients(), d.serverAndOthers()));
    }

    private static void holdRow(StringBuilder s, String scenario, String server, LoadReport r, String range) {
        if (r == null || r.hold() == null) {
            s.append(String.format(Locale.ROOT, "| %s | %s | not run | | | | | | | | | |%n", scenario, server));
            return;
        }
        LoadReport.Setup setup = r.setup();
        s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %d | %,d (%d) | %s | %s | %s | %s |%n",
                scenario, server, r.hold().held(), LoadReport.number(setup.allocationsPerSecond()) + range,
                LoadReport.number(setup.allocateLatencyMicros().p50()), LoadReport.number(setup.allocateLatencyMicros().p99()),
                setup.failed() + setup.unsettled(), r.hold().refreshes(), r.hold().refreshFailures(),
                decimal(r.server().cpuMicrosPerAllocationSetup()), mib(r.server().rssBytes()),
                mib(r.server().heapUsedBytes()), mib(r.server().heapLiveBytes())));
    }

    /** Edgeway divided by coturn, or "n/a". */
    static String ratio(Double edgeway, Double coturn) {
        if (edgeway == null || coturn == null || coturn == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", edgeway / coturn);
    }

    static String ratio(double edgeway, double coturn) {
        return ratio(Double.valueOf(edgeway), Double.valueOf(coturn));
    }

    private static Double bytes(Long v) {
        return v == null ? null : v.doubleValue();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.3f%%", ratio * 100);
    }

    private static String cpu(Double percent) {
        return percent == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", percent);
    }

    private static String decimal(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String mib(Long bytes) {
        return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }
}
