package io.edgeway.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.bench.sfu.server.FreePorts;
import io.edgeway.bench.sfu.server.ServerCommand;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Edgeway as a run's target: a process this class starts ({@link #start}) with explicit settings, or
 * one already running at a base URL ({@link #external}). Participants join open sessions by meeting
 * name, or with participant tokens that {@link #prepare} gets over the REST API (a meeting per room, a
 * participant per synthetic participant, the default preset), as an app's server would.
 */
public final class EdgewayTarget implements SfuTarget {

    /** The REST key this class gives a process it starts (the process is on loopback for the run only). */
    static final String API_KEY = "sfuload-key.0123456789abcdef0123456789";

    private final String host;
    private final URI base;
    private final long pid;
    private final Path gcLog;
    private final ServerCommand process;
    private final String apiKey;
    private final SfuLoadOptions.Join join;
    private final HttpClient http;
    private final Map<Integer, String> tokens = new HashMap<>();
    private final List<String> meetings = new ArrayList<>();
    private final Map<String, String> probeTokens = new HashMap<>();
    private String runLabel = "run";

    private EdgewayTarget(String host, URI base, long pid, Path gcLog, ServerCommand process, String apiKey,
            SfuLoadOptions.Join join, HttpClient http) {
        this.host = host;
        this.base = base;
        this.pid = pid;
        this.gcLog = gcLog;
        this.process = process;
        this.apiKey = apiKey;
        this.join = join;
        this.http = http;
    }

    /** A server started elsewhere; its pid (0 if unknown) for the server-side figures. */
    public static EdgewayTarget external(URI base, long pid, String apiKey, SfuLoadOptions.Join join, HttpClient http) {
        return new EdgewayTarget(base.getHost(), base, pid, null, null, apiKey, join, http);
    }

    /**
     * Starts {@code java -jar <jar>} on {@code host} with free ports, open sessions and the REST key,
     * the media ports (one per media loop, {@code media-loops}) on kernel-chosen ports, no ICE-TCP,
     * no TLS listener, a GC log in {@code work}, pinned to {@code cpus}, and waits until {@code /readyz}
     * answers 200.
     */
    public static EdgewayTarget start(String java, List<String> jvmArgs, Path jar, String host, String cpus,
            String netns, Path work, List<String> extraArgs, SfuLoadOptions.Join join, HttpClient http) throws Exception {
        Files.createDirectories(work);
        int turn;
        int httpPort;
        int relayBase;
        if (netns == null) {
            turn = FreePorts.tcpAndUdp(host);
            httpPort = FreePorts.tcpAndUdp(host);
            relayBase = FreePorts.udpRange(host, 40000, 100);
        } else {
            // A namespace of the run's own has nothing listening; none of these is a product default.
            turn = 45101;
            httpPort = 45102;
            relayBase = 45200;
        }
        Path gc = work.resolve("edgeway-gc.log");
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(jvmArgs);
        argv.add("-Xlog:gc:file=" + gc + ":uptime");
        argv.addAll(List.of("-jar", jar.toString(),
                "--listening-ip", host, "--listening-port", Integer.toString(turn), "--no-tls",
                "--min-port", Integer.toString(relayBase), "--max-port", Integer.toString(relayBase + 99),
                "--http-listening-ip", host, "--http-port", Integer.toString(httpPort),
                "--media-port", "0", "--ice-tcp-port", "off", "--media-announced-ip", host,
                "--open-sessions", "true", "--api-key", API_KEY, "--data-dir", work.resolve("edgeway-data").toString(),
                "--drain-deadline", "1",
                // Every synthetic participant's WebSocket comes from the generator's one address.
                "--http-connections-per-source", "4096"));
        if (netns != null) {
            // The run's own namespace, reached only by this command's generator over its veth pair: serving
            // open sessions on its address is what the run wants, and since issue #10 must be said.
            argv.addAll(List.of("--expose-open-sessions", "true"));
        }
        argv.addAll(extraArgs);
        ServerCommand process = ServerCommand.start(argv, cpus, netns, work.resolve("edgeway.log"));
        URI base = URI.create("http://" + host + ":" + httpPort);
        EdgewayTarget target = new EdgewayTarget(host, base, process.pid(), gc, process, API_KEY, join, http);
        target.awaitReady(Duration.ofSeconds(60));
        if (join == SfuLoadOptions.Join.TOKEN) {
            target.createPreset();
        }
        return target;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.alive()) {
                throw new IllegalStateException("Edgeway exited; see " + process.log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Edgeway was not ready within " + timeout
                + (process == null ? "" : "; see " + process.log()));
    }

    @Override
    public String name() {
        return "edgeway";
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Path gcLog() {
        return gcLog;
    }

    @Override
    public String commandLine() {
        return process == null ? null : process.commandLine();
    }

    URI base() {
        return base;
    }

    @Override
    public void prepare(String runLabel, int rooms, List<Participant> participants) throws Exception {
        this.runLabel = runLabel;
        meetings.clear();
        tokens.clear();
        if (join != SfuLoadOptions.Join.TOKEN) {
            for (int r = 0; r < rooms; r++) {
                meetings.add(runLabel + "-room" + r);
            }
            return;
        }
        for (int r = 0; r < rooms; r++) {
            meetings.add(rest("POST", "/v1/meetings", "{\"title\":\"" + runLabel + " room " + r + "\"}")
                    .path("id").asText());
        }
        for (Participant p : participants) {
            tokens.put(p.index, token(meetings.get(p.room), p.name));
        }
        probeTokens.clear();
        for (String probe : List.of("probe-publisher", "probe-subscriber", "probe-page-0", "probe-page-1",
                "probe-page-2", "probe-page-3")) {
            probeTokens.put(probe, token(meetings.get(0), probe));
        }
    }

    private String token(String meeting, String name) throws Exception {
        return rest("POST", "/v1/meetings/" + meeting + "/participants", "{\"name\":\"" + name
                + "\",\"custom_participant_id\":\"" + name + "\",\"preset_name\":\"sfuload\"}").path("token").asText();
    }

    @Override
    public Map<String, Object> probeArguments() {
        Map<String, Object> args = new HashMap<>();
        args.put("server", "edgeway");
        args.put("baseUrl", base.toString());
        args.put("meeting", meetings.get(0));
        if (!probeTokens.isEmpty()) {
            args.put("tokens", new HashMap<>(probeTokens));
        }
        return args;
    }

    /** Creates the preset token joins use (everyone may publish); once per server. */
    void createPreset() throws Exception {
        rest("POST", "/v1/presets", "{\"name\":\"sfuload\"}");
    }

    private JsonNode rest(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JsonSocket.JSON.readTree(r.body()).path("data");
    }

    @Override
    public Signaling signaling(Participant p) {
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
        return new EdgewaySignaling(p, http, ws, meetings.get(p.room), tokens.get(p.index));
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return "edgeway at " + base + (host.isEmpty() ? "" : "");
    }
}
