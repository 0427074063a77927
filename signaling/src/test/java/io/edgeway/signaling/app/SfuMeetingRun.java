package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * One SFU meeting of real browsers for the Chromium ITs: a real {@link EdgewayProcess} on loopback (free
 * ports, open sessions, a REST secret for the development TURN credentials, TURN's default peer policy:
 * no allowed-peer-ip), then {@code src/test/js/sfu-meeting.mjs}, which opens one headless Chromium
 * page per participant on the server's own demo page (fake camera and microphone), waits until each
 * page decodes everyone else's video and receives their audio, samples getStats twice, lets the last
 * page leave and samples the others twice again. This class judges the result and writes each page's
 * figures as one parseable line per (page, remote participant, phase):
 * <pre>
 * SFU-STATS run=&lt;name&gt; phase=joined|afterLeave page=&lt;name&gt; from=&lt;name&gt; audioPacketsReceived=a1-&gt;a2 videoFramesDecoded=v1-&gt;v2
 * SFU-TRANSPORT run=&lt;name&gt; page=&lt;name&gt; local=&lt;type&gt; relayProtocol=&lt;p&gt; remote=&lt;type&gt;/&lt;protocol&gt;
 * </pre>
 * to stdout (failsafe keeps it in the test's output file) and to {@code target/interop/sfu/<run>/stats.txt}
 * (see {@link ChromiumMeetingRun}). Everything is bounded: each browser step by {@link #STEP_TIMEOUT},
 * the whole script by {@link #RUN_TIMEOUT}.
 */
final class SfuMeetingRun extends ChromiumMeetingRun {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(3);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(55);
    static final List<String> NAMES = List.of("Ann", "Ben", "Cy");

    /**
     * The process of every SFU meeting run: loopback, free ports (relay ports 43000-43199), open sessions,
     * a REST secret for the development TURN credentials, TURN's default peer policy.
     */
    static final String[] SERVER_ARGS = {"--listening-ip", "127.0.0.1", "--listening-port", "0",
        "--tls-listening-port", "0", "--no-tls", "--min-port", "43000", "--max-port", "43199",
        "--static-auth-secret", "it-secret", "--open-sessions", "true", "--http-listening-ip", "127.0.0.1",
        "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0", "--drain-deadline", "1"};

    private SfuMeetingRun(String run) throws Exception {
        super("sfu", run, 1, SERVER_ARGS);
    }

    /** Starts the server for a run called {@code run} (its output folder's name). */
    static SfuMeetingRun start(String run) throws Exception {
        return new SfuMeetingRun(run);
    }

    /** Runs the browsers; {@code query} is appended to each page's URL (e.g. {@code &relay=1&turn=tcp}). */
    JsonNode browse(String query) throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("baseUrl", baseUrl())
                .put("meeting", "it-" + run)
                .put("query", query)
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis());
        ArrayNode names = a.putArray("names");
        NAMES.forEach(names::add);
        return runScript("sfu-meeting.mjs", a, RUN_TIMEOUT);
    }

    /** {@link #browse} then {@link #assertMediaFlowedAndSurvivedTheLeave}; the pages the script reported. */
    JsonNode browseAndJudge(String query) throws Exception {
        browse(query);
        assertMediaFlowedAndSurvivedTheLeave();
        return result().path("pages");
    }

    /**
     * Judges issue #4's test: every page received audio packets and decoded video frames from each of
     * the others, more in the second sample than in the first; after the last page left, the others got
     * {@code participantLeft} for it and their media from each other kept increasing. Writes the figures.
     */
    void assertMediaFlowedAndSurvivedTheLeave() throws IOException {
        String why = why();
        writeStats("SFU-STATS", "SFU-TRANSPORT", List.of("joined", "afterLeave"));
        assertEveryStepCompleted();
        Map<String, String> names = namesById();
        JsonNode pages = result().path("pages");
        String leaverId = pages.get(pages.size() - 1).path("id").asText();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode page : pages) {
            String self = page.path("id").asText();
            soft.assertThat(page.path("errors").size()).as("server errors at %s: %s", page.path("name"), why)
                    .isZero();
            List<String> others = new ArrayList<>(names.keySet());
            others.remove(self);
            for (String from : others) {
                increased(soft, page, "joined", from, names.get(from));
            }
            if (self.equals(leaverId)) {
                continue;
            }
            soft.assertThat(page.path("left").toString()).as("participantLeft at %s: %s", page.path("name"), why)
                    .contains(leaverId + " left (left)");
            soft.assertThat(page.path("samples").path("afterLeave2").has(leaverId))
                    .as("no media from the one who left, at %s", page.path("name")).isFalse();
            for (String from : others) {
                if (!from.equals(leaverId)) {
                    increased(soft, page, "afterLeave", from, names.get(from));
                }
            }
        }
        soft.assertThat(process().media().count(FanoutCounter.RTP_FORWARDED)).as("server forwarded RTP")
                .isPositive();
        soft.assertAll();
    }
}
