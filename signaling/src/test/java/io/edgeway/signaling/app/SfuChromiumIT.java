package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, test 3: three headless Chromium pages with the fake camera and microphone join one session
 * through Edgeway's own demo page and WebSocket on a real process: each receives audio and decodes
 * video from both others, and after one leaves the other two see it leave and keep receiving each
 * other's media. See {@link SfuMeetingRun} for the steps, the bounds and the SFU-STATS lines.
 */
class SfuChromiumIT {

    @Test
    void threeBrowsersExchangeAudioAndVideoAndOneLeaves() throws Exception {
        try (SfuMeetingRun run = SfuMeetingRun.start("direct")) {
            for (JsonNode page : run.browseAndJudge("")) {
                if (page.path("transport").isObject()) {
                    // Direct: the browsers reach the media port's UDP host candidate themselves.
                    assertThat(page.path("transport").path("remoteType").asText()).isEqualTo("host");
                    assertThat(page.path("transport").path("localType").asText()).isNotEqualTo("relay");
                }
            }
        }
    }
}
