package io.edgeway.bench.sfu;

import io.edgeway.bench.compare.CapacitySearch;
import io.edgeway.bench.compare.MachineInfo;
import io.edgeway.bench.sfu.report.SfuReport;
import io.edgeway.bench.sfu.server.NetNamespace;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The SFU load harness command (issue #12): synthetic participants that do the whole WebRTC protocol
 * against Edgeway (and Janus, side by side), with progress lines, a JSON report and a Markdown table.
 * See {@code bench/README.md}.
 */
@Command(name = "sfuload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads an SFU on this machine with synthetic WebRTC participants (signalling, ICE, DTLS, SRTP, "
                + "Opus and VP8 with RTCP) and reports what the server forwarded, lost and spent.",
            "Every run is bounded in participants and time and leaves the meeting at the end."})
public final class SfuLoad implements Callable<Integer> {

    @Option(names = "--participants", defaultValue = "10", description = "Participants in all rooms. Default: ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--rooms", defaultValue = "1", description = "Sessions the participants are spread over. Default: ${DEFAULT-VALUE}.")
    int rooms;

    @Option(names = "--audio-publishers", defaultValue = "-1", description = "Participants publishing audio (total). Default: all.")
    int audioPublishers;

    @Option(names = "--speakers", defaultValue = "-1",
            description = "Audio publishers that are unmuted and talk in spurts (total). Default: all audio publishers.")
    int speakers;

    @Option(names = "--idle-audio", defaultValue = "muted", paramLabel = "muted|silence",
            description = "What audio publishers that are not speakers send. Default: ${DEFAULT-VALUE}.")
    String idleAudio;

    @Option(names = "--video-publishers", defaultValue = "-1", description = "Participants publishing video (total). Default: all.")
    int videoPublishers;

    @Option(names = "--simulcast", defaultValue = "1", description = "VP8 encodings per video publisher (RID simulcast when > 1). Default: ${DEFAULT-VALUE}.")
    int simulcast;

    @Option(names = "--video-bitrate", defaultValue = "300000", paramLabel = "bit/s",
            description = "Video bitrate (the top layer's). Default: ${DEFAULT-VALUE}.")
    int videoBitrate;

    @Option(names = "--constrained-subscribers", defaultValue = "0",
            description = "Participants that receive through an in-process bottleneck (--constrained-bitrate). Default: ${DEFAULT-VALUE}.")
    int constrained;

    @Option(names = "--constrained-bitrate", defaultValue = "500000", paramLabel = "bit/s", description = "Default: ${DEFAULT-VALUE}.")
    int constrainedBitrate;

    @Option(names = "--join", defaultValue = "open", paramLabel = "open|token",
            description = "Edgeway: join open sessions by name, or with participant tokens from the REST API. Default: ${DEFAULT-VALUE}.")
    String join;

    @Option(names = "--join-rate", defaultValue = "20", paramLabel = "per-second", description = "Default: ${DEFAULT-VALUE}.")
    int joinRate;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "seconds", description = "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "seconds", description = "Measurement window. Default: ${DEFAULT-VALUE}.")
    int duration;

    @Option(names = "--sample-every", defaultValue = "10",
            description = "Every Nth participant authenticates, decrypts and checks every packet it receives. Default: ${DEFAULT-VALUE}.")
    int sampleEvery;

    @Option(names = "--servers", defaultValue = "edgeway", split = ",", paramLabel = "edgeway,janus",
            description = "Servers to run the scenario against, in turn (started by this command). Default: ${DEFAULT-VALUE}.")
    List<String> servers;

    @Option(names = "--repeat", defaultValue = "1", description = "Runs per server, alternating servers. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--edgeway-url", paramLabel = "http://host:port",
            description = "Use an Edgeway already running there instead of starting one (with --server-pid for its figures).")
    URI edgewayUrl;

    @Option(names = "--server-pid", defaultValue = "0", description = "With --edgeway-url: the server's pid.")
    long serverPid;

    @Option(names = "--api-key", description = "With --edgeway-url and --join=token: the REST API key.")
    String apiKey;

    @Option(names = "--edgeway-jar", defaultValue = "signaling/target/edgeway.jar", description = "Default: ${DEFAULT-VALUE}.")
    Path edgewayJar;

    @Option(names = "--edgeway-jvm-arg", paramLabel = "arg", description = "Extra JVM argument for Edgeway; repeatable.")
    List<String> edgewayJvmArgs = new ArrayList<>();

    @Option(names = "--edgeway-arg", paramLabel = "flag", description = "Extra Edgeway flag; repeatable.")
    List<String> edgewayArgs = new ArrayList<>();

    @Option(names = "--janus", defaultValue = "janus", description = "Janus executable. Default: ${DEFAULT-VALUE}.")
    String janus;

    @Option(names = "--server-cpus", defaultValue = "0", description = "taskset CPU list for the server. Default: ${DEFAULT-VALUE}.")
    String serverCpus;

    @Option(names = "--generator-cpus", defaultValue = "1",
            description = "taskset CPU list this process pins itself to ('' for none). Default: ${DEFAULT-VALUE}.")
    String generatorCpus;

    @Option(names = "--nice", defaultValue = "-10",
            description = "Scheduling priority of this generator and its session's autogroup (renice; negative needs root; "
                    + "0 leaves them alone); the servers it starts inherit it: both above other work on a shared machine. "
                    + "Default: ${DEFAULT-VALUE}.")
    int nice;

    @Option(names = "--realtime-loop", defaultValue = "1", paramLabel = "priority",
            description = "Real-time FIFO priority (chrt) of the generator's event loop, 0 for none: on a shared machine a "
                    + "woken loop must not wait behind other work, or the run's own lateness voids it. Default: ${DEFAULT-VALUE}.")
    int realtimeLoop;

    @Option(names = "--netns-prefix", defaultValue = "sfub",
            description = "Janus runs in a network namespace named <prefix>-<id> (Janus gathers no loopback candidates). Default: ${DEFAULT-VALUE}.")
    String netnsPrefix;

    @Option(names = "--netns", description = "Run Edgeway in a network namespace too when Janus is not in the run.")
    boolean useNetns;

    private NetNamespace netns;

    @Option(names = "--capacity",
            description = "Forward-all capacity: search the largest participant count each server carries (everyone "
                    + "publishing audio and video, receiving everyone) with loss <= --max-loss, server CPU <= --max-server-cpu "
                    + "and the run not void; servers in lockstep. --participants is ignored.")
    boolean capacity;

    @Option(names = "--capacity-start", defaultValue = "10", description = "First participant count. Default: ${DEFAULT-VALUE}.")
    int capacityStart;

    @Option(names = "--capacity-steps", defaultValue = "6", description = "Steps per server. Default: ${DEFAULT-VALUE}.")
    int capacitySteps;

    @Option(names = "--max-loss", defaultValue = "0.5", paramLabel = "percent", description = "Default: ${DEFAULT-VALUE}.")
    double maxLossPercent;

    @Option(names = "--max-server-cpu", defaultValue = "90", paramLabel = "percent",
            description = "Of one core (the server is pinned to --server-cpus). Default: ${DEFAULT-VALUE}.")
    double maxServerCpu;

    @Option(names = "--probes", description = "Two headless Chromium probes join room 0 during the window: a publisher "
            + "with a 960x540 y4m camera and a subscriber whose getStats for it go into the report.")
    boolean probes;

    @Option(names = "--probe-script", defaultValue = "bench/src/main/js/sfu-probe.mjs", description = "Default: ${DEFAULT-VALUE}.")
    Path probeScript;

    @Option(names = "--server-warmup", defaultValue = "10", paramLabel = "seconds",
            description = "An unrecorded 10-participant run of this length against each server it starts, before the "
                    + "first measured one (0 for none). Default: ${DEFAULT-VALUE}.")
    int serverWarmup;

    @Option(names = "--out", defaultValue = "bench/target/sfuload", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--label", defaultValue = "sfuload", description = "Name of the run in the report.")
    String label;

    @Option(names = "--quiet", description = "No progress lines or tables.")
    boolean quiet;

    public static void main(String[] args) {
        // The generator is measured too (its lateness voids a run): Netty's leak sampling records stack
        // traces on its packet path. Off unless asked for with -Dio.netty.leakDetection.level.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(new CommandLine(new SfuLoad()).execute(args));
    }

    SfuLoadOptions toOptions() {
        return new SfuLoadOptions().label(label).participants(participants).rooms(rooms)
                .audioPublishers(audioPublishers).speakers(speakers).videoPublishers(videoPublishers)
                .idleAudio(SfuLoadOptions.IdleAudio.valueOf(idleAudio.toUpperCase(Locale.ROOT)))
                .simulcast(simulcast).videoBitrate(videoBitrate)
                .constrainedSubscribers(constrained).constrainedBitrate(constrainedBitrate)
                .join(SfuLoadOptions.Join.valueOf(join.toUpperCase(Locale.ROOT))).joinRate(joinRate)
                .warmup(Duration.ofSeconds(warmup)).duration(Duration.ofSeconds(duration)).sampleEvery(sampleEvery)
                .realtimeLoop(realtimeLoop).progress(!quiet).validate();
    }

    @Override
    public Integer call() throws Exception {
        SfuLoadOptions options = toOptions();
        Files.createDirectories(out);
        PrintStream console = System.out;
        // Read before pinning: a pinned JVM counts only its own CPUs.
        MachineInfo machine = MachineInfo.read("true");
        if (generatorCpus != null && !generatorCpus.isBlank()) {
            Pinning.pinSelf(generatorCpus);
        }
        if (nice != 0) {
            Pinning.reniceSelf(nice);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<SfuReport> reports = new ArrayList<>();
        // Janus gathers no loopback candidates: with it in the run, every server runs in a namespace of
        // the run's own, reached over a veth, so that both see the same network path.
        netns = servers.contains("janus") || useNetns ? NetNamespace.create(netnsPrefix) : null;
        // Ctrl-C or SIGTERM runs no finally block: the servers and the namespace are ended here too.
        Thread cleanup = new Thread(this::cleanUp, "sfuload-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        if (netns != null) {
            options.localAddress(netns.hostAddress());
        }
        Map<String, CapacitySearch.Result> capacities = new LinkedHashMap<>();
        String loadBefore = MachineInfo.currentLoadAverage();
        try {
            if (capacity) {
                searchCapacity(http, reports, capacities, console);
            } else {
                runAll(options, http, reports, console);
            }
        } finally {
            cleanUp();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        String md = String.format(Locale.ROOT, "Machine: %d CPUs, %s, Linux %s, %s; load average before/after: %s / %s%n%n",
                machine.processors(), machine.cpuModel(), machine.kernel(), machine.jdk(), loadBefore,
                MachineInfo.currentLoadAverage())
                + SfuTables.markdown(reports) + "\n" + SfuTables.ratios(reports)
                + (capacities.isEmpty() ? "" : "\n" + SfuTables.capacity(capacities));
        Files.writeString(out.resolve("sfuload.md"), md);
        if (!quiet) {
            console.print(md);
        }
        return reports.stream().allMatch(r -> r.setup().connected() > 0) ? 0 : 2;
    }

    private void runAll(SfuLoadOptions options, HttpClient http, List<SfuReport> reports, PrintStream console)
            throws Exception {
        for (int run = 1; run <= repeat; run++) {
            for (String server : servers) {
                SfuTarget target = target(server, options, http);
                String runLabel = label + "-" + server + "-" + run;
                Path work = Files.createDirectories(out.resolve(runLabel));
                SfuReport report = SfuLoadRun.run(options.label(runLabel), target, console,
                        probes ? new ChromiumProbes(target, probeScript, options.localAddress(), work, options.duration()) : null);
                report.writeJson(work.resolve("report.json"));
                reports.add(report);
            }
        }
    }

    /** The forward-all capacity search: one step per server in turn, each a run with N participants. */
    private void searchCapacity(HttpClient http, List<SfuReport> reports, Map<String, CapacitySearch.Result> results,
            PrintStream console) throws Exception {
        Map<String, CapacitySearch> searches = new LinkedHashMap<>();
        for (String server : servers) {
            searches.put(server, new CapacitySearch(capacityStart, capacitySteps));
        }
        boolean more = true;
        while (more) {
            more = false;
            for (String server : servers) {
                CapacitySearch search = searches.get(server);
                if (search.done()) {
                    continue;
                }
                more = true;
                int n = search.nextRate();
                SfuLoadOptions step = toOptions().participants(n).rooms(1).audioPublishers(n).speakers(n).videoPublishers(n)
                        .label(label + "-" + server + "-n" + n);
                if (netns != null) {
                    step.localAddress(netns.hostAddress());
                }
                SfuTarget target = target(server, step, http);
                SfuReport report = SfuLoadRun.run(step, target, console, null);
                report.writeJson(Files.createDirectories(out.resolve(step.label())).resolve("report.json"));
                reports.add(report);
                Double cpu = report.serverFigures().cpuPercent();
                boolean passed = !report.isVoid() && report.traffic().lossRatio() <= maxLossPercent / 100
                        && (cpu == null || cpu <= maxServerCpu);
                Long drops = report.serverFigures().udpDrops();
                search.record(new CapacitySearch.Outcome(n, report.traffic().forwardedPps(), report.traffic().lossRatio(),
                        drops == null ? 0 : drops, passed));
            }
        }
        searches.forEach((server, search) -> results.put(server, search.result()));
    }

    private synchronized void cleanUp() {
        for (SfuTarget target : running.values()) {
            try {
                target.close();
            } catch (Exception e) {
                // already gone
            }
        }
        running.clear();
        if (netns != null) {
            netns.close();
            netns = null;
        }
    }

    /**
     * The servers, each started once at its first run and kept for every run and step after it (as
     * TurnCompare keeps coturn and Edgeway up for its whole matrix): a server is measured warm, as it runs
     * in production, not a fresh process (a JVM's first seconds are its JIT compiling).
     */
    private final Map<String, SfuTarget> running = new LinkedHashMap<>();

    private synchronized SfuTarget target(String server, SfuLoadOptions options, HttpClient http) throws Exception {
        SfuTarget target = running.get(server);
        if (target == null) {
            target = start(server, Files.createTempDirectory(out, server + "-"), options, http);
            running.put(server, target);
            if (target.commandLine() != null && !quiet) {
                System.out.println("  started         " + target.commandLine());
            }
            if (serverWarmup > 0) {
                // An unrecorded run first, so that the first measured one does not time a JIT's first seconds.
                SfuLoadOptions warm = toOptions().participants(10).rooms(1).audioPublishers(10).speakers(10)
                        .videoPublishers(10).warmup(Duration.ZERO).duration(Duration.ofSeconds(serverWarmup))
                        .progress(false).label(server + "-server-warm-up");
                warm.localAddress(options.localAddress());
                SfuLoadRun.run(warm, target, System.out, null);
            }
        }
        return target;
    }

    private SfuTarget start(String server, Path work, SfuLoadOptions options, HttpClient http) throws Exception {
        switch (server) {
            case "edgeway" -> {
                if (edgewayUrl != null) {
                    return EdgewayTarget.external(edgewayUrl, serverPid, apiKey, options.join(), http);
                }
                return EdgewayTarget.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        edgewayJvmArgs, edgewayJar, netns == null ? options.localAddress() : netns.serverAddress(),
                        blankToNull(serverCpus), netns == null ? null : netns.name(), work, edgewayArgs, options.join(), http);
            }
            case "janus" -> {
                return JanusTarget.start(janus, netns, blankToNull(serverCpus), work, http);
            }
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown server " + server);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
