package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #11, test 2: a werift participant (a TypeScript WebRTC stack, not a browser) publishes Opus and
 * VP8 and receives Chromium's media; Chromium decodes werift's video. werift numbers its header extensions
 * across its sections ({@code sdes:mid} 1 for audio, 4 for video) and uses VP8 97, Chromium's RTX payload
 * type: the SFU answers the offer as it is and maps both per subscriber. See {@link WeriftMeetingRun}.
 */
class WeriftChromiumMeetingIT {

    @Test
    void weriftAndChromiumExchangeMedia() throws Exception {
        try (WeriftMeetingRun run = WeriftMeetingRun.start("werift-chromium")) {
            run.browse();
            String offer = run.werift().path("offered").asText();
            assertThat(offer).as("werift's offer numbers sdes:mid per section")
                    .contains("a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid")
                    .contains("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid")
                    .contains("a=rtpmap:97 VP8/90000");
            run.assertMediaFlowedBothWaysInEachOnesNumbers();
        }
    }
}
