package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * A werift participant and a Chromium page in one SFU meeting (issue #11, test 2): a real
 * {@link EdgewayProcess} as for {@link SfuMeetingRun}, then {@code src/test/js/werift-meeting.mjs}: werift
 * (the version stun-turn/src/test/js/package.json pins) joins over the signaling protocol itself and
 * publishes Opus and VP8 that ffmpeg (Debian) encodes in real time from its test sources; Chromium joins
 * through the demo page. This class judges the result and writes the Chromium page's figures as
 * {@code SFU-STATS} lines and werift's as
 * <pre>
 * WERIFT-STATS run=&lt;name&gt; phase=joined from=Cy audioPackets=a1-&gt;a2 videoPackets=v1-&gt;v2 videoKeyframes=k audioPayloadTypes=[96] videoPayloadTypes=[97]
 * </pre>
 * (the RTP werift received from Chromium, with the payload types it carried). Bounded: each step by
 * {@link #STEP_TIMEOUT}, the script by {@link #RUN_TIMEOUT}.
 */
final class WeriftMeetingRun extends ChromiumMeetingRun {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(3);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(75);

    private WeriftMeetingRun(String run) throws Exception {
        super("werift", run, 1, SfuMeetingRun.SERVER_ARGS);
    }

    static WeriftMeetingRun start(String run) throws Exception {
        return new WeriftMeetingRun(run);
    }

    JsonNode browse() throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("ffmpeg", RealPeers.executable("ffmpeg", "ffmpeg").toString())
                .put("baseUrl", baseUrl())
                .put("meeting", "it-" + run)
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis());
        return runScript("werift-meeting.mjs", a, RUN_TIMEOUT);
    }

    /** werift's participant record. */
    JsonNode werift() {
        return result().path("werift");
    }

    /** The Chromium page's record. */
    JsonNode chromium() {
        return result().path("pages").get(0);
    }

    /** The pages' names by id, and werift's: {@code Wes(werift)}. */
    @Override
    Map<String, String> namesById() {
        Map<String, String> names = super.namesById();
        names.put(werift().path("id").asText(), werift().path("name").asText() + "(werift)");
        return names;
    }

    @Override
    List<String> moreStats() {
        List<String> lines = new ArrayList<>();
        JsonNode samples = werift().path("samples");
        samples.path("joined1").fieldNames().forEachRemaining(from -> {
            JsonNode first = samples.path("joined1").path(from);
            JsonNode second = samples.path("joined2").path(from);
            lines.add(String.format("WERIFT-STATS run=%s phase=joined from=%s audioPackets=%d->%d videoPackets=%d->%d"
                            + " videoKeyframes=%d audioPayloadTypes=%s videoPayloadTypes=%s", run,
                    namesById().getOrDefault(from, from), first.path("audioPackets").asLong(),
                    second.path("audioPackets").asLong(), first.path("videoPackets").asLong(),
                    second.path("videoPackets").asLong(), second.path("videoKeyframes").asLong(),
                    second.path("audioPayloadTypes"), second.path("videoPayloadTypes")));
        });
        return lines;
    }

    /**
     * Chromium decodes werift's video and receives its audio, more in the second sample, under Chromium's
     * payload types (werift sends Opus as 96 and VP8 as 97, Chromium's RTX number); werift receives
     * Chromium's audio and video, a keyframe among it, more in the second sample, under werift's numbers
     * only. Writes the figures first.
     */
    void assertMediaFlowedBothWaysInEachOnesNumbers() throws IOException {
        writeStats("SFU-STATS", "SFU-TRANSPORT", List.of("joined"));
        assertEveryStepCompleted();
        String why = why();
        JsonNode werift = werift();
        String weriftId = werift.path("id").asText();
        String chromiumId = chromium().path("id").asText();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(werift.path("errors").size()).as("errors at werift: %s", why).isZero();
        soft.assertThat(chromium().path("errors").size()).as("errors at Chromium: %s", why).isZero();
        increased(soft, chromium(), "joined", weriftId, "werift");
        JsonNode atChromium = chromium().path("samples").path("joined2").path(weriftId);
        soft.assertThat(atChromium.path("audioCodec").asText()).as("at Chromium").isEqualTo("opus/111");
        soft.assertThat(atChromium.path("videoCodec").asText()).as("at Chromium").isEqualTo("VP8/96");
        JsonNode first = werift.path("samples").path("joined1").path(chromiumId);
        JsonNode second = werift.path("samples").path("joined2").path(chromiumId);
        soft.assertThat(first.path("audioPackets").asLong()).as("audio at werift: %s", why).isPositive();
        soft.assertThat(second.path("audioPackets").asLong()).as("audio at werift grows")
                .isGreaterThan(first.path("audioPackets").asLong());
        soft.assertThat(second.path("videoPackets").asLong()).as("video at werift grows: %s", why)
                .isGreaterThan(first.path("videoPackets").asLong());
        soft.assertThat(second.path("videoKeyframes").asLong()).as("a VP8 keyframe at werift").isPositive();
        soft.assertThat(second.path("audioPayloadTypes").toString()).as("at werift").isEqualTo("[96]");
        soft.assertThat(second.path("videoPayloadTypes").toString()).as("at werift").isEqualTo("[97]");
        soft.assertThat(process().media().count(FanoutCounter.RTP_CODEC_NOT_NEGOTIATED))
                .as("every codec sent was one the others negotiated: %s", why).isZero();
        soft.assertAll();
    }
}
