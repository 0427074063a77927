package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * One SFU meeting of different browsers (issue #11, test 1): a real {@link EdgewayProcess} as for
 * {@link SfuMeetingRun}, then {@code src/test/js/browser-meeting.mjs}, which opens each participant's page
 * on the server's demo page in its own browser (Debian's chromium through playwright-core, Debian's
 * firefox-esr through puppeteer-core over WebDriver BiDi; fake cameras and microphones), waits until every
 * page decodes everyone else's video and receives their audio, and samples getStats twice. This class
 * judges the result and writes the figures as {@code SFU-STATS} / {@code SFU-TRANSPORT} lines (see
 * {@link ChromiumMeetingRun#writeStats}), each page named with its browser and each figure with the codecs
 * as the receiving page numbers them:
 * <pre>
 * SFU-STATS run=&lt;name&gt; phase=joined page=Fay(firefox) from=Cy audioPacketsReceived=a1-&gt;a2 videoFramesDecoded=v1-&gt;v2 audioCodec=opus/109 videoCodec=VP8/120
 * </pre>
 * Firefox, puppeteer-core and the rest are found as the other interop tests find theirs: missing, the
 * test fails. Everything is bounded: each browser step by {@link #STEP_TIMEOUT}, the script by
 * {@link #RUN_TIMEOUT}.
 */
final class BrowserMeetingRun extends ChromiumMeetingRun {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(3);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(75);

    /** A participant: its display name and the browser its page runs in ({@code chromium} or {@code firefox}). */
    record Participant(String name, String browser) {
    }

    private BrowserMeetingRun(String run) throws Exception {
        super("browsers", run, 1, SfuMeetingRun.SERVER_ARGS);
    }

    static BrowserMeetingRun start(String run) throws Exception {
        return new BrowserMeetingRun(run);
    }

    /** Runs the pages; {@code query} is appended to each page's URL (e.g. {@code &relay=1&turn=tcp}). */
    JsonNode browse(List<Participant> participants, String query) throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("firefox", RealPeers.executable("firefox-esr", "firefox-esr").toString())
                .put("baseUrl", baseUrl())
                .put("meeting", "it-" + run)
                .put("query", query)
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis());
        RealPeers.file(InteropDirs.moduleDir().resolveSibling("stun-turn")
                .resolve("src/test/js/node_modules/puppeteer-core/package.json"), "npm ci in stun-turn/src/test/js");
        ArrayNode list = a.putArray("participants");
        for (Participant p : participants) {
            list.addObject().put("name", p.name()).put("browser", p.browser());
        }
        return runScript("browser-meeting.mjs", a, RUN_TIMEOUT);
    }

    /**
     * Every page received audio packets and decoded video frames from each of the others, more in the
     * second sample than in the first, with no server error; and each page received every other page's
     * audio and video under its own payload types: {@code codecs} maps a browser to the codecs its pages
     * must report ({@code audio}, {@code video}, as {@code opus/111}). Writes the figures first.
     */
    void assertEveryoneGotEveryoneInTheirOwnNumbers(Map<String, Map<String, String>> codecs) throws IOException {
        writeStats("SFU-STATS", "SFU-TRANSPORT", List.of("joined"));
        assertEveryStepCompleted();
        String why = why();
        Map<String, String> names = namesById();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode page : result().path("pages")) {
            String self = page.path("id").asText();
            String browser = page.path("browser").asText();
            soft.assertThat(page.path("errors").size()).as("server errors at %s: %s", page.path("name"), why).isZero();
            List<String> others = new ArrayList<>(names.keySet());
            others.remove(self);
            for (String from : others) {
                increased(soft, page, "joined", from, names.get(from));
                JsonNode sample = page.path("samples").path("joined2").path(from);
                soft.assertThat(sample.path("audioCodec").asText()).as("audio codec at %s from %s", page.path("name"),
                        names.get(from)).isEqualTo(codecs.get(browser).get("audio"));
                soft.assertThat(sample.path("videoCodec").asText()).as("video codec at %s from %s", page.path("name"),
                        names.get(from)).isEqualTo(codecs.get(browser).get("video"));
            }
        }
        soft.assertThat(process().media().count(FanoutCounter.RTP_FORWARDED)).as("server forwarded RTP")
                .isPositive();
        soft.assertThat(process().media().count(FanoutCounter.RTP_CODEC_NOT_NEGOTIATED))
                .as("every codec sent was one the others negotiated: %s", why).isZero();
        soft.assertAll();
    }

    /** The reported transport of the page called {@code name}. */
    JsonNode transportOf(String name) {
        for (JsonNode page : result().path("pages")) {
            if (page.path("name").asText().equals(name)) {
                return page.path("transport");
            }
        }
        assertThat(name).as("no page called %s", name).isNull();
        return null;
    }
}
