package io.edgeway.bench.sfu;

import io.edgeway.bench.compare.CapacitySearch;
import io.edgeway.bench.sfu.report.SfuReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of SFU runs, one row per run. */
final class SfuTables {

    private SfuTables() {
    }

    /** The forward-all capacity per server, with every step (participants: loss, server CPU, pass). */
    static String capacity(Map<String, CapacitySearch.Result> results) {
        StringBuilder s = new StringBuilder();
        s.append("| server | largest N carried | forwarded pkt/s at it | steps (N: loss, forwarded pkt/s, pass) |\n");
        s.append("|---|---:|---:|---|\n");
        results.forEach((server, r) -> {
            StringBuilder steps = new StringBuilder();
            for (CapacitySearch.Outcome o : r.steps()) {
                steps.append(steps.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%d: %s, %s, %s",
                        o.ratePerClient(), SfuReport.percent(o.lossRatio()), SfuReport.number(o.relayedPps()),
                        o.passed() ? "pass" : "fail"));
            }
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", server, r.ratePerClient(),
                    SfuReport.number(r.relayedPps()), steps));
        });
        CapacitySearch.Result e = results.get("edgeway");
        CapacitySearch.Result j = results.get("janus");
        if (e != null && j != null) {
            s.append(String.format(Locale.ROOT, "| **Edgeway / Janus** | **%s** | %s | |%n", ratio(e.ratePerClient(), j.ratePerClient()),
                    ratio(e.relayedPps(), j.relayedPps())));
        }
        return s.toString();
    }

    /**
     * Edgeway / Janus per scenario, from the median run of each server by forwarded packets (as
     * bench/RESULTS.md does for coturn): above 1 is better for packets, worse for loss, latency, CPU and
     * memory. Empty unless both servers ran a scenario.
     */
    static String ratios(List<SfuReport> reports) {
        Map<String, Map<String, List<SfuReport>>> byScenario = new java.util.LinkedHashMap<>();
        for (SfuReport r : reports) {
            byScenario.computeIfAbsent(r.config().scenario(), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(r.server(), k -> new java.util.ArrayList<>()).add(r);
        }
        StringBuilder s = new StringBuilder();
        byScenario.forEach((scenario, servers) -> {
            List<SfuReport> e = servers.get("edgeway");
            List<SfuReport> j = servers.get("janus");
            if (e == null || j == null) {
                return;
            }
            if (s.length() == 0) {
                s.append("| scenario | runs E / J | forwarded pkt/s | loss | latency p50 | latency p99 | join to media p50 "
                        + "| server CPU | CPU us / fwd pkt | kernel us / fwd pkt | RSS |\n");
                s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            }
            SfuReport a = median(e);
            SfuReport b = median(j);
            s.append(String.format(Locale.ROOT, "| %s | %d / %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", scenario,
                    e.size(), j.size(), ratio(a.traffic().forwardedPps(), b.traffic().forwardedPps()),
                    ratio(a.traffic().lossRatio(), b.traffic().lossRatio()),
                    ratio(a.traffic().latencyMicros().p50(), b.traffic().latencyMicros().p50()),
                    ratio(a.traffic().latencyMicros().p99(), b.traffic().latencyMicros().p99()),
                    ratio(a.setup().joinToFirstMediaMillis().p50(), b.setup().joinToFirstMediaMillis().p50()),
                    ratio(a.serverFigures().cpuPercent(), b.serverFigures().cpuPercent()),
                    ratio(a.serverFigures().cpuMicrosPerForwarded(), b.serverFigures().cpuMicrosPerForwarded()),
                    ratio(a.serverFigures().kernelMicrosPerForwarded(), b.serverFigures().kernelMicrosPerForwarded()),
                    ratio(a.serverFigures().rssBytes(), b.serverFigures().rssBytes())));
        });
        return s.length() == 0 ? "" : "Edgeway / Janus (median run of each by forwarded pkt/s):\n\n" + s;
    }

    private static SfuReport median(List<SfuReport> runs) {
        List<SfuReport> sorted = new java.util.ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(r -> r.traffic().forwardedPps()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String ratio(Number edgeway, Number janus) {
        if (edgeway == null || janus == null || janus.doubleValue() == 0) {
            return edgeway != null && janus != null && edgeway.doubleValue() == 0 ? "=" : "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", edgeway.doubleValue() / janus.doubleValue());
    }

    static String markdown(List<SfuReport> reports) {
        StringBuilder s = new StringBuilder();
        s.append("| run | server | participants | connected | forwarded pkt/s | forwarded Mbit/s | loss | worst subscriber loss "
                + "| latency p50/p99 ms | join to media p50/p95 ms | server CPU (kernel) | CPU us / fwd pkt | server RSS MiB "
                + "| GC pauses (max ms) | UDP drops server / generator | generator CPU | late sends | Chromium subscriber | void |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (SfuReport r : reports) {
            SfuReport.Traffic t = r.traffic();
            SfuReport.Server v = r.serverFigures();
            s.append(String.format(Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %.2f | %s | %s | %.1f / %.1f | %d / %d | %s (%s) | %s | %s | %d (%.1f) | %s / %s | %.0f%% | %s | %s | %s |%n",
                    r.label(), r.server(), r.setup().participants(), r.setup().connected(), SfuReport.number(t.forwardedPps()),
                    t.forwardedMbps(), SfuReport.percent(t.lossRatio()), SfuReport.percent(t.perSubscriberLossRatio().max()),
                    t.latencyMicros().p50() / 1000.0, t.latencyMicros().p99() / 1000.0,
                    r.setup().joinToFirstMediaMillis().p50(), r.setup().joinToFirstMediaMillis().p95(),
                    v.cpuPercent() == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", v.cpuPercent()),
                    v.kernelCpuPercent() == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", v.kernelCpuPercent()),
                    v.cpuMicrosPerForwarded() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v.cpuMicrosPerForwarded()),
                    v.rssBytes() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", v.rssBytes() / 1048576.0),
                    v.gc().count(), v.gc().maxMillis(), v.udpDrops(), r.generator().udpDrops(), r.generator().cpuPercent(),
                    SfuReport.percent(r.generator().lateFraction()), r.probeSummary(),
                    r.isVoid() ? String.join("; ", r.voidReasons()) : ""));
        }
        return s.toString();
    }
}
