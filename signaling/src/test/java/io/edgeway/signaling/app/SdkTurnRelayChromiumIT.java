package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #5, test 4: TURN credentials in Cloudflare's shape used by a browser. Over REST the test creates
 * a TURN key and calls {@code POST /v1/turn/keys/{keyId}/credentials/generate-ice-servers}; two headless
 * Chromium pages join one meeting with participant tokens through Edgeway's browser SDK, given those
 * {@code iceServers} and {@code iceTransportPolicy: 'relay'}. Their media reaches the SFU only through
 * Edgeway's TURN server: each page's selected candidate pair has a local {@code relay} candidate, each
 * receives the other's audio and decoded video (more in a second getStats sample), and the TURN server
 * counted relayed packets both ways.
 */
class SdkTurnRelayChromiumIT {

    @Test
    void generatedIceServersCarryTheMeetingThroughEdgewaysTurn() throws Exception {
        try (SdkMeetingRun run = SdkMeetingRun.start("relay")) {
            SdkMeetingRun.HostsMeeting meeting = run.rest.hostsMeeting("SDK over TURN");
            JsonNode iceServers = run.rest.iceServers(600);
            assertThat(iceServers.toString()).as("generate-ice-servers").contains("turn:127.0.0.1:", "?transport=udp",
                    "\"username\"", "\"credential\"");

            run.browse("relay", meeting.hosts(), null, iceServers);
            run.assertEveryStepCompleted();
            String why = run.why();
            JsonNode a = run.page("Ann");
            JsonNode b = run.page("Ben");
            SoftAssertions soft = new SoftAssertions();
            for (JsonNode page : List.of(a, b)) {
                String name = page.path("name").asText();
                soft.assertThat(page.path("errors").size()).as("server errors at %s: %s", name, why).isZero();
                soft.assertThat(page.path("sizes").path("hostsJoined").asInt()).as("joined.size() at %s", name).isEqualTo(1);
                soft.assertThat(page.path("transport").path("localType").asText()).as("local candidate at %s", name)
                        .isEqualTo("relay");
            }
            run.increased(soft, a, "joined", b);
            run.increased(soft, b, "joined", a);
            for (TurnCounters.Direction direction : TurnCounters.Direction.values()) {
                long relayed = 0;
                for (TransportProtocol protocol : TransportProtocol.values()) {
                    relayed += run.process().turn().relayedPackets(direction, protocol);
                }
                soft.assertThat(relayed).as("packets TURN relayed %s", direction).isPositive();
            }
            soft.assertAll();
        }
    }
}
