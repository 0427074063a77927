package io.edgeway.bench.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgeway.bench.load.LoadOptions;
import io.edgeway.bench.load.LoadReport;
import io.edgeway.bench.load.LoadRun;
import io.edgeway.bench.load.ServerProbe;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the same load matrix against coturn's {@code turnserver} and Edgeway in one invocation, with
 * equivalent settings, and prints the side-by-side table with Edgeway/coturn ratios. Both servers run
 * throughout and each row is run against coturn, then Edgeway; coturn's unpaced capacity sets the pace
 * of the "50% of coturn" rows for both.
 * Everything stays on loopback; every row is bounded in time.
 */
@Command(name = "turncompare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Side-by-side load comparison of coturn and Edgeway on this machine (loopback only).")
public final class TurnCompare implements Callable<Integer> {

    @Option(names = "--edgeway-jar", defaultValue = "signaling/target/edgeway.jar",
            description = "Edgeway's runnable jar. Default: ${DEFAULT-VALUE}.")
    Path edgewayJar;

    @Option(names = "--java", description = "java executable for Edgeway. Default: the one running this command.")
    String java;

    @Option(names = "--edgeway-jvm-arg", paramLabel = "arg", description = "Extra JVM argument for Edgeway; repeatable.")
    List<String> edgewayJvmArgs = new ArrayList<>();

    @Option(names = "--edgeway-arg", paramLabel = "flag",
            description = "Extra Edgeway flag after the equivalent settings, e.g. --edgeway-arg=--transport=io_uring; repeatable.")
    List<String> edgewayArgs = new ArrayList<>();

    @Option(names = "--turnserver", defaultValue = "turnserver", description = "coturn executable. Default: ${DEFAULT-VALUE}.")
    String turnserver;

    @Option(names = "--servers", defaultValue = "coturn,edgeway", split = ",",
            description = "Which servers to run, in order. Default: ${DEFAULT-VALUE}.")
    List<String> servers;

    @Option(names = "--scenarios", split = ",", description = "Subset of the matrix by name. Default: all.")
    List<String> only;

    @Option(names = "--threads", defaultValue = "2",
            description = "Server threads: coturn --relay-threads, Edgeway --event-loop-threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--clients", defaultValue = "100", description = "Clients per traffic row. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--window", defaultValue = "8", description = "Unpaced rows: packets in flight per client. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int duration;

    @Option(names = "--allocation-rate", defaultValue = "2000", paramLabel = "per-second",
            description = "Allocation rate of every row's setup. Default: ${DEFAULT-VALUE}.")
    int allocationRate;

    @Option(names = "--hold", defaultValue = "10000", paramLabel = "allocations", description = "Default: ${DEFAULT-VALUE}.")
    int hold;

    @Option(names = "--hold-time", defaultValue = "10", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int holdTime;

    @Option(names = "--refresh-interval", defaultValue = "5", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int refreshInterval;

    @Option(names = "--pause", defaultValue = "2", paramLabel = "seconds",
            description = "Quiet time between rows. Default: ${DEFAULT-VALUE}.")
    int pause;

    @Option(names = "--repeat", defaultValue = "1",
            description = "Runs of every row per server, alternating servers; the table shows the median run "
                    + "and the range. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--capacity-steps", defaultValue = "8",
            description = "Steps of the lossless-capacity search per server. Default: ${DEFAULT-VALUE}.")
    int capacitySteps;

    @Option(names = "--capacity-start", defaultValue = "200", paramLabel = "per-client",
            description = "First rate of the capacity search (round trips/s per client) when coturn's unpaced 172 B "
                    + "capacity was not measured in the same run; else 40% of that. Default: ${DEFAULT-VALUE}.")
    int capacityStart;

    @Option(names = "--jfr", description = "Record Edgeway with JFR and print where its event loops spent their time.")
    boolean jfr;

    @Option(names = "--render", paramLabel = "compare.json",
            description = "Only re-render compare.md from the compare.json of an earlier run.")
    Path renderFrom;

    @Option(names = "--out", defaultValue = "bench/target/compare", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    /** Relay ports per server: room for the hold row's allocations and some to spare. */
    static final int RELAY_PORTS = 12_000;
    /** First relay port: below the kernel's ephemeral range (32768+), where the harness's own sockets live. */
    static final int RELAY_BASE = 8000;
    private static final String JFR_NAME = "edgeway-bench";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Matrix-wide settings the scenarios read. */
    record Matrix(int clients, int window, int warmupSeconds, int durationSeconds, int allocationRate,
            int holdSeconds, int refreshSeconds) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TurnCompare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (renderFrom != null) {
            return render(renderFrom);
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if (repeat < 1 || repeat > 9) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repeat must be 1..9");
        }
        if (hold > RELAY_PORTS - 1000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--hold must be at most " + (RELAY_PORTS - 1000));
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(out, "run-");
        Path cert = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        makeCertificate(cert, key);
        MachineInfo machine = MachineInfo.read(turnserver);
        String loadBefore = MachineInfo.currentLoadAverage();
        Matrix matrix = new Matrix(clients, window, warmup, duration, allocationRate, holdTime, refreshInterval);
        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario scenario : Scenario.matrix(hold)) {
            if (only == null || only.contains(scenario.name())) {
                scenarios.add(scenario);
            }
        }
        Map<String, Map<String, List<LoadReport>>> results = new LinkedHashMap<>();
        Map<String, Map<String, CapacitySearch.Result>> capacities = new LinkedHashMap<>();
        Map<String, Double> coturnRoundTrips = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        Map<String, ServerProcess> running = new LinkedHashMap<>();
        Map<String, ServerProcess.Settings> settingsOf = new LinkedHashMap<>();
        Path recording = work.resolve("edgeway.jfr");
        boolean recorded = false;
        String jfrSummary = null;
        try {
            // Both servers run for the whole matrix (an idle one costs nothing) and the rows alternate between
            // them, so that a change in the machine's background load hits both alike.
            int relayBase = RELAY_BASE;
            for (String server : servers) {
                int port = freePort();
                int tlsPort = freePort();
                while (tlsPort == port) {
                    tlsPort = freePort();
                }
                ServerProcess.Settings settings = new ServerProcess.Settings("127.0.0.1", port, tlsPort,
                        relayBase, relayBase + RELAY_PORTS - 1, "bench", "bench-secret", "bench", threads, cert, key, work);
                relayBase += RELAY_PORTS;
                ServerProcess process = start(server, settings);
                running.put(server, process);
                settingsOf.put(server, settings);
                commands.put(server, process.commandLine());
                results.put(server, new LinkedHashMap<>());
            }
            for (Map.Entry<String, ServerProcess> entry : running.entrySet()) {
                if (!StunPing.awaitReady(settingsOf.get(entry.getKey()).udp(), 30_000)) {
                    throw new IllegalStateException(entry.getKey() + " did not answer a STUN Binding within 30 s; see "
                            + entry.getValue().log());
                }
            }
            for (Scenario scenario : scenarios) {
                if (scenario.searchesCapacity()) {
                    capacities.put(scenario.name(), searchCapacity(scenario, running, settingsOf, matrix,
                            coturnRoundTrips, work));
                    continue;
                }
                for (int run = 1; run <= repeat; run++) {
                    for (String server : servers) {
                        runRow(server, scenario, run, running.get(server), settingsOf.get(server), matrix,
                                coturnRoundTrips, results, work);
                    }
                }
                List<LoadReport> coturnRuns = results.get(CompareTable.COTURN) == null ? null
                        : results.get(CompareTable.COTURN).get(scenario.name());
                if (coturnRuns != null && !coturnRuns.isEmpty() && coturnRuns.get(0).traffic() != null) {
                    coturnRoundTrips.put(scenario.name(), CompareTable.median(coturnRuns).traffic().roundTripsPerSecond());
                }
            }
            ServerProcess edgeway = running.get(CompareTable.EDGEWAY);
            if (jfr && edgeway != null) {
                // Dump while the JVM runs: a dump at exit may still be writing when the process is reaped.
                recorded = new ServerProbe(edgeway.pid()).jcmd("JFR.dump", "name=" + JFR_NAME,
                        "filename=" + recording) != null;
            }
        } finally {
            for (ServerProcess process : running.values()) {
                process.close();
            }
        }
        if (recorded) {
            try {
                jfrSummary = JfrHotMethods.summarize(recording, "edgeway-turn", 15);
            } catch (IOException e) {
                jfrSummary = "JFR recording " + recording + " could not be read: " + e.getMessage() + "\n";
            }
        }
        List<String> names = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (!scenario.searchesCapacity()) {
                // Its steps are in "capacity", not in the traffic table.
                names.add(scenario.name());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", startedAt);
        json.put("machine", machine);
        json.put("loadAverageBefore", loadBefore);
        json.put("loadAverageAfter", MachineInfo.currentLoadAverage());
        json.put("repeat", repeat);
        json.put("scenarios", names);
        json.put("serverCommands", commands);
        json.put("coturnRoundTripsPerSecond", coturnRoundTrips);
        json.put("jfrSummary", jfrSummary);
        json.put("results", results);
        json.put("capacity", capacities);
        JSON.writeValue(out.resolve("compare.json").toFile(), json);
        String md = markdown(JSON.readTree(out.resolve("compare.json").toFile()), results);
        Files.writeString(out.resolve("compare.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("Written: " + out.resolve("compare.md") + ", " + out.resolve("compare.json")
                + ", per-row JSON and server logs in " + work);
        return 0;
    }

    /** Re-renders compare.md from a compare.json written by an earlier run. */
    private Integer render(Path compareJson) throws IOException {
        JsonNode root = JSON.readTree(compareJson.toFile());
        Map<String, Map<String, List<LoadReport>>> results = JSON.convertValue(root.get("results"),
                new TypeReference<Map<String, Map<String, List<LoadReport>>>>() { });
        String md = markdown(root, results);
        Path target = compareJson.resolveSibling("compare.md");
        Files.writeString(target, md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.println("Written: " + target);
        return 0;
    }

    /** The Markdown report: machine, load average, the comparison tables, every run, commands, JFR summary. */
    private static String markdown(JsonNode root, Map<String, Map<String, List<LoadReport>>> results) {
        JsonNode machine = root.get("machine");
        List<String> names = new ArrayList<>();
        root.get("scenarios").forEach(n -> names.add(n.asText()));
        int runs = root.get("repeat").asInt();
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.get("processors").asInt()).append(" CPUs (nproc), ")
                .append(machine.get("cpuModel").asText()).append(", Linux ").append(machine.get("kernel").asText())
                .append(", ").append(machine.get("jdk").asText()).append(", coturn ").append(machine.get("coturn").asText())
                .append('\n');
        md.append("Started: ").append(root.get("startedAt").asText()).append(", load average before/after: ")
                .append(root.get("loadAverageBefore").asText()).append(" / ").append(root.get("loadAverageAfter").asText())
                .append('\n');
        md.append("Runs per row and server: ").append(runs)
                .append(runs > 1 ? " (median run by relayed pkt/s or allocations/s shown, their range in brackets)" : "")
                .append("\n\n");
        md.append(CompareTable.render(names, results));
        JsonNode capacity = root.get("capacity");
        if (capacity != null && capacity.size() > 0) {
            md.append('\n').append(CompareTable.renderCapacity(JSON.convertValue(capacity,
                    new TypeReference<Map<String, Map<String, CapacitySearch.Result>>>() { })));
        }
        if (runs > 1) {
            md.append("\nEvery run:\n\n").append(CompareTable.renderRuns(names, results));
        }
        root.get("serverCommands").fields().forEachRemaining(c ->
                md.append('\n').append(c.getKey()).append(": `").append(c.getValue().asText()).append("`\n"));
        JsonNode jfr = root.get("jfrSummary");
        if (jfr != null && !jfr.isNull()) {
            md.append("\n```\n").append(jfr.asText()).append("```\n");
        }
        return md.toString();
    }

    /** One run of one row against one server; its report is kept and written as JSON. */
    private void runRow(String server, Scenario scenario, int run, ServerProcess process, ServerProcess.Settings settings,
            Matrix matrix, Map<String, Double> coturnRoundTrips, Map<String, Map<String, List<LoadReport>>> results,
            Path work) throws Exception {
        LoadOptions options = scenario.options(settings, process.pid(), matrix, coturnRoundTrips);
        if (options == null) {
            System.out.printf("%n== %s / %s: skipped (no coturn capacity measured in this run)%n", server, scenario.name());
            return;
        }
        System.out.printf("%n== %s / %s (run %d of %d): %s%n", server, scenario.name(), run, repeat, scenario.description());
        LoadReport report = LoadRun.run(options, System.out);
        report.writeJson(work.resolve(server + "-" + scenario.name() + "-" + run + ".json"));
        results.get(server).computeIfAbsent(scenario.name(), k -> new ArrayList<>()).add(report);
        if (!process.isAlive()) {
            throw new IllegalStateException(server + " exited during " + scenario.name() + "; see " + process.log());
        }
        TimeUnit.SECONDS.sleep(pause);
    }

    /**
     * The lossless paced capacity of every server, searched in lockstep: one step of each server in turn, so
     * that both see the same background load.
     */
    private Map<String, CapacitySearch.Result> searchCapacity(Scenario scenario, Map<String, ServerProcess> running,
            Map<String, ServerProcess.Settings> settingsOf, Matrix matrix, Map<String, Double> coturnRoundTrips,
            Path work) throws Exception {
        Double coturnCapacity = coturnRoundTrips.get("udp-172-unpaced");
        int start = coturnCapacity == null ? capacityStart
                : (int) Math.max(1, Math.round(coturnCapacity * 0.4 / clients));
        Map<String, CapacitySearch> searches = new LinkedHashMap<>();
        for (String server : running.keySet()) {
            searches.put(server, new CapacitySearch(start, capacitySteps));
        }
        boolean pending = true;
        while (pending) {
            pending = false;
            for (Map.Entry<String, CapacitySearch> entry : searches.entrySet()) {
                CapacitySearch search = entry.getValue();
                if (search.done()) {
                    continue;
                }
                String server = entry.getKey();
                ServerProcess process = running.get(server);
                int rate = search.nextRate();
                LoadOptions options = scenario.options(settingsOf.get(server), process.pid(), matrix, coturnRoundTrips)
                        .ratePerClient(rate).label(scenario.name() + "@" + rate);
                System.out.printf("%n== %s / %s: step %d, %d round trips/s per client%n", server, scenario.name(),
                        search.result().steps().size() + 1, rate);
                LoadReport report = LoadRun.run(options, System.out);
                report.writeJson(work.resolve(server + "-" + scenario.name() + "-" + rate + ".json"));
                if (!process.isAlive()) {
                    throw new IllegalStateException(server + " exited during " + scenario.name() + "; see " + process.log());
                }
                LoadReport.Traffic t = report.traffic();
                LoadReport.Drops drops = t.kernelDrops();
                search.record(new CapacitySearch.Outcome(rate, t.relayedPps(), t.lossRatio(),
                        drops.echoPeer() + drops.harnessClients() + drops.serverAndOthers()));
                pending |= !search.done();
                TimeUnit.SECONDS.sleep(pause);
            }
        }
        Map<String, CapacitySearch.Result> results = new LinkedHashMap<>();
        searches.forEach((server, search) -> results.put(server, search.result()));
        return results;
    }

    private ServerProcess start(String server, ServerProcess.Settings settings) throws IOException {
        switch (server) {
            case CompareTable.COTURN:
                return ServerProcess.coturn(turnserver, settings);
            case CompareTable.EDGEWAY:
                List<String> jvm = new ArrayList<>(edgewayJvmArgs);
                if (jfr) {
                    jvm.add("-XX:StartFlightRecording=name=" + JFR_NAME + ",settings=profile");
                }
                String javaPath = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
                return ServerProcess.edgeway(javaPath, jvm, edgewayJar, settings, edgewayArgs);
            default:
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown server " + server
                        + " (expected " + Arrays.asList(CompareTable.COTURN, CompareTable.EDGEWAY) + ")");
        }
    }

    /** A self-signed ECDSA P-256 certificate for both servers' TLS listeners (openssl). */
    private static void makeCertificate(Path cert, Path key) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        byte[] output = openssl.getInputStream().readAllBytes();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl could not make a certificate: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                    return port;
                } catch (IOException taken) {
                    // UDP side in use: try another.
                }
            }
        }
        throw new IOException("no free TCP+UDP port on 127.0.0.1");
    }
}
