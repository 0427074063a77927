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
 * Issue #13's test 4: a session of 100 on a real Edgeway process, three Chromium pages (Edgeway's SDK,
 * fake camera and microphone, publishing and receiving) among 97 synthetic participants of the load
 * harness (token joins; ten publish three-layer simulcast video, the rest listen). Every page decodes the
 * other pages' video and hears them (they are the speakers: their fake microphones beep), and no page
 * ever has more streams carrying media than its slots ({@code sfu-audio-slots} 3, and {@code sfu-last-n}
 * 6 of its 9 video slots): a session of 100 costs each browser a few streams, not 99. Figures are printed,
 * never asserted as timings.
 */
class SessionOfHundredIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int PAGES = 3;

    @TempDir
    Path work;

    @Test
    void threePagesAmongNinetySevenSyntheticParticipantsSeeAndHearEachOtherThroughTheirSlots() throws Exception {
        Path jar = Path.of("..", "signaling", "target", "edgeway.jar");
        assertThat(jar).as("signaling's runnable jar (built before bench in the reactor)").exists();
        Path script = Path.of("src", "main", "js", "sfu-probe.mjs");
        SfuLoadOptions options = new SfuLoadOptions().label("session-of-100").participants(100 - PAGES)
                .audioPublishers(0).speakers(0).videoPublishers(10).simulcast(3).join(SfuLoadOptions.Join.TOKEN)
                .warmup(Duration.ofSeconds(3)).duration(Duration.ofSeconds(25)).sampleEvery(10)
                .setupTimeout(Duration.ofSeconds(60));
        Path folder = Files.createDirectories(work.resolve("edgeway"));
        try (SfuTarget edgeway = EdgewayTarget.start(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of("-Xmx512m"), jar, "127.0.0.1", null, null, folder, List.of(), SfuLoadOptions.Join.TOKEN, HTTP)) {
            SfuReport report = SfuLoadRun.run(options, edgeway, System.out,
                    new ChromiumProbes(edgeway, script, "127.0.0.1", folder, options.duration(), PAGES));
            System.out.println(report.table());
            assertThat(report.setup().connected()).as("synthetic participants connected: %s", report.setup())
                    .isEqualTo(100 - PAGES);
            assertThat(report.probes().get("failed")).as("pages: %s", report.probes()).isNull();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pages = (List<Map<String, Object>>) report.probes().get("pages");
            assertThat(pages).hasSize(PAGES);
            for (Map<String, Object> page : pages) {
                String name = (String) page.get("name");
                @SuppressWarnings("unchecked")
                Map<String, Map<String, List<Number>>> from = (Map<String, Map<String, List<Number>>>) page.get("from");
                assertThat(from).as("%s hears from", name).hasSize(PAGES - 1);
                from.forEach((other, figures) -> {
                    System.out.printf("SESSION100-STATS page=%s from=%s audioPacketsReceived=%s->%s videoFramesDecoded=%s->%s%n",
                            name, other, figures.get("audio").get(0), figures.get("audio").get(1),
                            figures.get("frames").get(0), figures.get("frames").get(1));
                    assertThat(figures.get("audio").get(1).longValue()).as("%s hears %s", name, other)
                            .isGreaterThan(figures.get("audio").get(0).longValue());
                    assertThat(figures.get("frames").get(1).longValue()).as("%s decodes %s", name, other)
                            .isGreaterThan(figures.get("frames").get(0).longValue());
                });
                int audio = ((Number) page.get("activeAudio")).intValue();
                int video = ((Number) page.get("activeVideo")).intValue();
                System.out.printf("SESSION100-SLOTS page=%s activeAudio=%d activeVideo=%d inboundStreams=%s%n",
                        name, audio, video, page.get("inboundStreams"));
                assertThat(audio).as("%s: audio streams carrying media at once", name).isBetween(PAGES - 1, 3);
                assertThat(video).as("%s: video streams carrying media at once", name).isBetween(PAGES - 1, 6);
                assertThat(((Number) page.get("inboundStreams")).intValue()).as("%s: inbound streams (its slots)", name)
                        .isLessThanOrEqualTo(3 + 9);
            }
        }
    }
}
