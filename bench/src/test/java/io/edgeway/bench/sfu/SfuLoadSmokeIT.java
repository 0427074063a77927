package io.edgeway.bench.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.bench.sfu.report.SfuReport;
import io.edgeway.bench.sfu.server.NetNamespace;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke runs of the SFU load harness (issue #12): a few synthetic participants for a few seconds
 * against a real Edgeway process (token joins through the REST API) and against Debian's Janus in a
 * network namespace of the test's own; the Edgeway one with the two Chromium probes (publisher and
 * subscriber through Edgeway's SDK, with token joins). Each asserts that everyone connected, that nothing was lost,
 * that the sampled receivers authenticated every packet they checked and found it from the participant
 * the signalling named, and that the JSON report reads back. Timings are printed, never asserted.
 * Janus and network namespaces need root and the Debian package {@code janus}: missing, the test fails
 * (scripts/test.sh installs it), it never skips.
 */
class SfuLoadSmokeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;

    private static SfuLoadOptions smoke(String label) {
        return new SfuLoadOptions().label(label).participants(4).audioPublishers(4).speakers(2).videoPublishers(2)
                .warmup(Duration.ofSeconds(2)).duration(Duration.ofSeconds(3)).sampleEvery(2)
                .setupTimeout(Duration.ofSeconds(20));
    }

    @Test
    void edgewayCarriesEveryPacketOfAFewTokenParticipants() throws Exception {
        Path jar = Path.of("..", "signaling", "target", "edgeway.jar");
        assertThat(jar).as("signaling's runnable jar (built before bench in the reactor)").exists();
        Path script = Path.of("src", "main", "js", "sfu-probe.mjs");
        assertThat(Path.of("..", "stun-turn", "src", "test", "js", "node_modules", "playwright-core", "package.json"))
                .as("playwright-core (npm ci in stun-turn/src/test/js; scripts/test.sh does it)").exists();
        // Long enough a window for the Chromium probes to start, join and decode.
        SfuLoadOptions options = smoke("smoke-edgeway").join(SfuLoadOptions.Join.TOKEN).duration(Duration.ofSeconds(12));
        Path folder = Files.createDirectories(work.resolve("edgeway"));
        try (SfuTarget edgeway = EdgewayTarget.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of("-Xmx256m"), jar, "127.0.0.1", null, null, folder, List.of(), SfuLoadOptions.Join.TOKEN, HTTP)) {
            SfuReport report = SfuLoadRun.run(options, edgeway, System.out,
                    new ChromiumProbes(edgeway, script, "127.0.0.1", folder, options.duration()));
            judge(report);
            // The probes join with tokens too, through Edgeway's own SDK.
            assertThat(report.probes().get("failed")).as("probe: %s", report.probes()).isNull();
            assertThat(report.probeSummary()).as("the Chromium subscriber decoded the Chromium publisher")
                    .doesNotStartWith("0 frames").doesNotStartWith("no video");
        }
    }

    @Test
    void janusCarriesEveryPacketOfAFewParticipants() throws Exception {
        assertThat(Path.of(JanusTarget.LIBRARIES, "plugins", "libjanus_videoroom.so"))
                .as("Janus's VideoRoom plugin (Debian package janus; scripts/test.sh installs it)").exists();
        SfuLoadOptions options = smoke("smoke-janus");
        try (NetNamespace ns = NetNamespace.create("ew12")) {
            options.localAddress(ns.hostAddress());
            try (SfuTarget janus = JanusTarget.start("janus", ns, null, Files.createDirectories(work.resolve("janus")), HTTP)) {
                judge(SfuLoadRun.run(options, janus, System.out, null));
            }
        }
    }

    private void judge(SfuReport report) throws Exception {
        System.out.println(report.table());
        assertThat(report.setup().connected()).as("connected: %s", report.setup()).isEqualTo(4);
        assertThat(report.setup().audioPublishing()).as("unmuted audio publishers sending").isEqualTo(2);
        assertThat(report.setup().videoPublishing()).as("video publishers sending").isEqualTo(2);
        SfuReport.Traffic t = report.traffic();
        // Every participant receives the 2 speakers and the 2 cameras of the others: 2 to 4 streams each.
        assertThat(t.streamsPerSubscriberMin()).as("streams at the least served subscriber").isGreaterThanOrEqualTo(2);
        assertThat(t.expectedPackets()).as("packets the receivers expected").isPositive();
        assertThat(t.receivedPackets()).as("loss: %s", t).isEqualTo(t.expectedPackets());
        assertThat(t.checkedPackets()).as("packets the sampled receivers checked").isPositive();
        assertThat(t.authFailures()).as("SRTP authentication failures").isZero();
        assertThat(t.wrongSender()).as("packets whose marker named another sender than the signalling").isZero();
        assertThat(t.latencyMicros().count()).isPositive();
        Path json = work.resolve(report.label() + ".json");
        report.writeJson(json);
        JsonNode tree = JsonSocket.JSON.readTree(json.toFile());
        assertThat(tree.path("traffic").path("lossRatio").asDouble(-1)).isZero();
        assertThat(tree.path("serverFigures").path("pid").asLong()).isPositive();
        assertThat(SfuReport.readJson(json)).isEqualTo(report);
        assertThat(SfuTables.markdown(List.of(report))).contains("| " + report.label() + " | " + report.server() + " |");
    }
}
