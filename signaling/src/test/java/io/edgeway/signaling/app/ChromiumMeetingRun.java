package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;

/**
 * What the Chromium meeting runs ({@link SfuMeetingRun}, {@link SdkMeetingRun}) share: a real
 * {@link EdgewayProcess} on loopback in the run's own folder under {@code target/interop/<kind>/}, one of
 * the node scripts in {@code src/test/js/} (given {@code chromium} and {@code resultFile} on top of the
 * run's own arguments; it writes one JSON result), and the figures each page reported: the per-(page,
 * remote participant, phase) stats lines and the transport line, on stdout (failsafe keeps them in the
 * test's output file) and in the run's {@code stats.txt}, in the formats the subclasses document.
 *
 * <p>Node, Chromium and playwright-core are found as stun-turn's interop tests find them
 * ({@link RealPeers}): missing, the test fails, never skips. Used by one test thread at a time.
 */
abstract class ChromiumMeetingRun implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String run;
    private final EdgewayProcess process;
    private final Path work;
    private JsonNode result;

    /**
     * Makes a fresh folder for {@code run} under {@code target/interop/<kind>/} and starts the process
     * with {@code args} plus {@code --data-dir} in that folder; {@code seed} seeds the reloader's random.
     */
    ChromiumMeetingRun(String kind, String run, long seed, String... args) throws Exception {
        this.run = run;
        this.work = InteropDirs.fresh(kind, run + "-");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", work.resolve("data").toString()));
        String[] a = all.toArray(new String[0]);
        EdgewayConfig config = Loading.valid(a);
        this.process = EdgewayProcess.start(config,
                new ConfigReloader(a, Map.of(), new Random(seed), System.err, config), () -> { });
    }

    EdgewayProcess process() {
        return process;
    }

    /** The run's folder: the node log, the result, stats.txt. */
    Path workDir() {
        return work;
    }

    /** The server's HTTP base, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
    }

    /** The server's HTTP base on {@code address}, one of its {@code http-listening-ip}s: {@code http://<address>:<port>}. */
    String baseUrlAt(InetAddress address) {
        for (InetSocketAddress bound : process.http().httpAddresses()) {
            if (bound.getAddress().equals(address)) {
                return "http://" + address.getHostAddress() + ":" + bound.getPort();
            }
        }
        throw new AssertionError("the HTTP port does not listen on " + address + ": " + process.http().httpAddresses());
    }

    /**
     * Runs {@code src/test/js/<script>} with {@code scriptArgs} (plus {@code chromium} and
     * {@code resultFile}), at most {@code runTimeout}; fails unless it exits 0. Returns its result.
     */
    JsonNode runScript(String script, ObjectNode scriptArgs, Duration runTimeout) throws Exception {
        Path node = RealPeers.executable("node", "nodejs");
        Path chromium = RealPeers.executable("chromium", "chromium");
        Path module = InteropDirs.moduleDir();
        Path file = RealPeers.file(module.resolve("src/test/js/" + script), "part of this repository");
        RealPeers.file(module.resolveSibling("stun-turn").resolve("src/test/js/node_modules/playwright-core/package.json"),
                "npm ci in stun-turn/src/test/js");
        Path resultFile = work.resolve("result.json");
        scriptArgs.put("chromium", chromium.toString()).put("resultFile", resultFile.toString());
        ExternalProcess.Result r = ExternalProcess.runToEnd(
                List.of(node.toString(), file.toString(), JSON.writeValueAsString(scriptArgs)),
                work.resolve("node.log"), runTimeout, Map.of());
        assertThat(r.exitCode()).as("%s failed; log %s:%n%s", script, r.log(), r.output()).isZero();
        result = JSON.readTree(resultFile.toFile());
        return result;
    }

    JsonNode result() {
        return result;
    }

    /** A description of the run for assertion messages: where its log is and everything the pages reported. */
    String why() {
        return "run " + run + " with Chromium " + result.path("browserVersion").asText() + ", node log "
                + work.resolve("node.log") + ", server fan-out counters " + fanoutCounters() + ":\n"
                + result.toPrettyString();
    }

    /** The SFU's non-zero fan-out counters: where a packet that a page did not get went instead. */
    private String fanoutCounters() {
        StringBuilder counters = new StringBuilder("{");
        for (FanoutCounter counter : FanoutCounter.values()) {
            long n = process.media().count(counter);
            if (n > 0) {
                counters.append(counters.length() == 1 ? "" : ", ").append(counter).append('=').append(n);
            }
        }
        return counters.append('}').toString();
    }

    /** Fails with everything the pages reported if a browser step did not complete. */
    void assertEveryStepCompleted() {
        if (!result.path("failed").isNull()) {
            // The node log has what the pages printed (a resource that did not load, an uncaught error): on a
            // CI machine it is the one place that says why, and the report may be all that comes back.
            String nodeLog;
            try {
                nodeLog = ExternalProcess.tail(Files.readString(work.resolve("node.log"), StandardCharsets.UTF_8), 40);
            } catch (IOException e) {
                nodeLog = "<unreadable: " + e + ">";
            }
            fail("a browser step failed: %s%nnode log, last 40 lines:%n%s", why(), nodeLog);
        }
    }

    /** The page of participant {@code name}. */
    JsonNode page(String name) {
        for (JsonNode page : result().path("pages")) {
            if (page.path("name").asText().equals(name)) {
                return page;
            }
        }
        throw new AssertionError("no page for " + name + ": " + why());
    }

    /** The participant ids the pages reported, to their names. */
    Map<String, String> namesById() {
        Map<String, String> names = new HashMap<>();
        for (JsonNode page : result.path("pages")) {
            names.put(page.path("id").asText(), page.path("name").asText());
        }
        return names;
    }

    /**
     * At {@code page}, audio packets and decoded frames from participant {@code fromId} (called
     * {@code fromName} in the messages) were positive in the first sample of {@code phase} and grew in the second.
     */
    void increased(SoftAssertions soft, JsonNode page, String phase, String fromId, String fromName) {
        JsonNode first = page.path("samples").path(phase + "1").path(fromId);
        JsonNode second = page.path("samples").path(phase + "2").path(fromId);
        String at = page.path("name").asText() + " from " + fromName + " (" + phase + ")";
        soft.assertThat(first.path("audioPacketsReceived").asLong()).as("audio packets at %s: %s", at, why()).isPositive();
        soft.assertThat(first.path("videoFramesDecoded").asLong()).as("decoded frames at %s: %s", at, why()).isPositive();
        soft.assertThat(second.path("audioPacketsReceived").asLong()).as("audio packets increase at %s", at)
                .isGreaterThan(first.path("audioPacketsReceived").asLong());
        soft.assertThat(second.path("videoFramesDecoded").asLong()).as("decoded frames increase at %s: %s", at, why())
                .isGreaterThan(first.path("videoFramesDecoded").asLong());
    }

    /**
     * Writes {@code <statsTag> run= phase= page= from= audioPacketsReceived=a1->a2 videoFramesDecoded=v1->v2}
     * for every (page, remote participant, phase of {@code phases}) and {@code <transportTag> run= page=
     * local= relayProtocol= remote=type/protocol} for every page that reported its transport, and the SFU's
     * non-zero fan-out counters ({@code SFU-COUNTERS run= {...}}), on stdout and in stats.txt. A page that
     * reported its browser is named {@code name(browser)}; the codecs a page reported, as it numbers them,
     * follow the figures ({@code audioCodec=opus/111 videoCodec=VP8/96}); {@link #moreStats} come last.
     */
    void writeStats(String statsTag, String transportTag, List<String> phases) throws IOException {
        Map<String, String> names = namesById();
        List<String> lines = new ArrayList<>();
        for (JsonNode page : result.path("pages")) {
            for (String phase : phases) {
                JsonNode first = page.path("samples").path(phase + "1");
                JsonNode second = page.path("samples").path(phase + "2");
                first.fieldNames().forEachRemaining(from -> lines.add(String.format(
                        "%s run=%s phase=%s page=%s from=%s audioPacketsReceived=%d->%d videoFramesDecoded=%d->%d%s",
                        statsTag, run, phase, pageName(page), names.getOrDefault(from, from),
                        first.path(from).path("audioPacketsReceived").asLong(),
                        second.path(from).path("audioPacketsReceived").asLong(),
                        first.path(from).path("videoFramesDecoded").asLong(),
                        second.path(from).path("videoFramesDecoded").asLong(), codecs(second.path(from)))));
            }
            JsonNode t = page.path("transport");
            if (t.isObject()) {
                lines.add(String.format("%s run=%s page=%s local=%s relayProtocol=%s remote=%s/%s",
                        transportTag, run, pageName(page), t.path("localType").asText(),
                        t.path("relayProtocol").asText(), t.path("remoteType").asText(), t.path("remoteProtocol").asText()));
            }
        }
        lines.addAll(moreStats());
        writeFigures(lines);
    }

    /**
     * Writes {@code lines}, then the SFU's non-zero fan-out counters ({@code SFU-COUNTERS run= {...}}), on
     * stdout and in the run's stats.txt: a run's figures in the form its class documents.
     */
    void writeFigures(List<String> lines) throws IOException {
        List<String> all = new ArrayList<>(lines);
        all.add("SFU-COUNTERS run=" + run + " " + fanoutCounters());
        all.forEach(System.out::println);
        Files.write(work.resolve("stats.txt"), all, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Further figure lines a run reports beside its pages' (a participant that is not a page). */
    List<String> moreStats() {
        return List.of();
    }

    /** A page's name, with its browser when the run says (e.g. {@code Fay(firefox)}). */
    private static String pageName(JsonNode page) {
        String browser = page.path("browser").asText("");
        return page.path("name").asText() + (browser.isEmpty() ? "" : "(" + browser + ")");
    }

    /** {@code " audioCodec=opus/111 videoCodec=VP8/96"}: the codecs as the page numbers them, when reported. */
    private static String codecs(JsonNode sample) {
        return (sample.has("audioCodec") ? " audioCodec=" + sample.path("audioCodec").asText() : "")
                + (sample.has("videoCodec") ? " videoCodec=" + sample.path("videoCodec").asText() : "");
    }

    /** Stops the process. */
    @Override
    public void close() {
        process.close();
    }
}
