package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.signaling.app.BrowserMeetingRun.Participant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, test 1 (direct): Firefox ESR and Chromium in one meeting through Edgeway's demo page; each
 * decodes the other's video and receives its audio (getStats), Firefox under its own payload types (Opus
 * 109, VP8 120) and Chromium under its own (111, 96): the SFU maps every copy's payload type to what its
 * receiver negotiated. Firefox offers its video bundle-only (RFC 8843) and nominates every pair it checks;
 * both are what this meeting runs on. See {@link BrowserMeetingRun} for the steps, bounds and SFU-STATS lines.
 */
class FirefoxChromiumMeetingIT {

    static final List<Participant> FAY_AND_CY = List.of(new Participant("Fay", "firefox"),
            new Participant("Cy", "chromium"));
    /** What each browser numbers the codecs it receives, read off its own offer. */
    static final Map<String, Map<String, String>> CODECS = Map.of(
            "firefox", Map.of("audio", "opus/109", "video", "VP8/120"),
            "chromium", Map.of("audio", "opus/111", "video", "VP8/96"));

    @Test
    void firefoxAndChromiumDecodeEachOtherUnderTheirOwnPayloadTypes() throws Exception {
        try (BrowserMeetingRun run = BrowserMeetingRun.start("firefox-chromium-direct")) {
            run.browse(FAY_AND_CY, "");
            run.assertEveryoneGotEveryoneInTheirOwnNumbers(CODECS);
            for (String name : List.of("Fay", "Cy")) {
                // Direct: each browser reaches the media port's UDP host candidate itself.
                assertThat(run.transportOf(name).path("remoteType").asText()).as(name).isEqualTo("host");
                assertThat(run.transportOf(name).path("localType").asText()).as(name).isNotEqualTo("relay");
            }
        }
    }
}
