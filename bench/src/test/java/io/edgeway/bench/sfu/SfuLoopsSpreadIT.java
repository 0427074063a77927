package io.edgeway.bench.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.bench.sfu.report.SfuReport;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 test 2: the load harness's 10 sessions of 10 participants against a real Edgeway process with
 * two event loops. Both loops carry sessions, read as the harness reads every server, from
 * {@code /proc/<pid>/task/<tid>/stat} by thread name (each loop's thread is {@code edgeway-turn-<index>}),
 * and nothing is lost: every participant connected, every expected packet received, every checked packet
 * authentic and from the signalled sender. A short run (a few seconds of window); the figures of record
 * (balance between the loops, sessions carried against one loop) are bench/'s, not this test's: the test JVM
 * runs Netty's leak detector at paranoid, which makes the generator slow.
 */
class SfuLoopsSpreadIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> LOOPS = List.of("edgeway-turn-0", "edgeway-turn-1");

    @TempDir
    Path work;

    @Test
    void tenSessionsOfTenSpreadOverBothLoopsAndLoseNothing() throws Exception {
        Path jar = Path.of("..", "signaling", "target", "edgeway.jar");
        assertThat(jar).as("signaling's runnable jar (built before bench in the reactor)").exists();
        // Each room's one speaker and camera is its first participant; every fifth participant checks what it
        // receives (the sixth of each room: a receiver, where the first would have no one to hear).
        SfuLoadOptions options = new SfuLoadOptions().label("loops-10x10").rooms(10).participants(100)
                .audioPublishers(100).speakers(10).videoPublishers(10).sampleEvery(5)
                .warmup(Duration.ofSeconds(2)).duration(Duration.ofSeconds(6)).setupTimeout(Duration.ofSeconds(40));
        Path folder = Files.createDirectories(work.resolve("edgeway"));
        try (SfuTarget edgeway = EdgewayTarget.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of("-Xmx384m"), jar, "127.0.0.1", null, null, folder,
                List.of("--event-loop-threads", "2", "--media-loops", "2"), SfuLoadOptions.Join.OPEN, HTTP)) {
            SfuReport report = SfuLoadRun.run(options, edgeway, System.out, null);
            System.out.println(report.table());

            assertThat(report.setup().connected()).as("connected: %s", report.setup()).isEqualTo(100);
            SfuReport.Traffic t = report.traffic();
            assertThat(t.expectedPackets()).as("packets the receivers expected").isPositive();
            assertThat(t.receivedPackets()).as("loss: %s", t).isEqualTo(t.expectedPackets());
            assertThat(t.checkedPackets()).as("packets the sampled receivers checked").isPositive();
            assertThat(t.authFailures()).as("SRTP authentication failures").isZero();
            assertThat(t.wrongSender()).as("packets whose marker named another sender than the signalling").isZero();

            // Both loops work for the sessions: each thread used CPU in the window (the report keeps threads
            // from 0.5% of a core up), and neither is idle next to the other.
            Map<String, Double> threads = report.serverFigures().threadCpuPercent();
            assertThat(threads).as("server threads' CPU, %% of a core: %s", threads).containsKeys(
                    LOOPS.toArray(String[]::new));
            double first = threads.get(LOOPS.get(0));
            double second = threads.get(LOOPS.get(1));
            assertThat(Math.min(first, second)).as("the less busy loop carries sessions too: %s", threads)
                    .isGreaterThan(Math.max(first, second) / 4);
        }
    }
}
