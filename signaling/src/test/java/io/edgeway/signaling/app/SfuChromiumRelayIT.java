package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, test 4: the firewalled user's path. The same three-page meeting as {@link SfuChromiumIT},
 * but every page may use only relayed candidates ({@code iceTransportPolicy: 'relay'}) from Edgeway's own
 * TURN server over TCP (the demo page's {@code ?relay=1&turn=tcp}, credentials from
 * {@code /v1/dev/ice-servers}): browser -> TURN/TCP -> SFU media port. The server runs TURN's default
 * peer policy (loopback denied): the media port is reachable because the process opens its own media
 * endpoints to its TURN server ({@code PeerPolicy.withMediaEndpoints}), nothing else on loopback.
 */
class SfuChromiumRelayIT {

    @Test
    void threeBrowsersRelayedOverTurnTcpExchangeAudioAndVideo() throws Exception {
        try (SfuMeetingRun run = SfuMeetingRun.start("relay-tcp")) {
            for (JsonNode page : run.browseAndJudge("&relay=1&turn=tcp")) {
                JsonNode t = page.path("transport");
                assertThat(t.path("localType").asText()).as("%s", page.path("name")).isEqualTo("relay");
                assertThat(t.path("relayProtocol").asText()).as("%s", page.path("name")).isEqualTo("tcp");
                assertThat(t.path("remoteProtocol").asText()).as("%s", page.path("name")).isEqualTo("udp");
            }
            TurnCounters.Direction toPeer = TurnCounters.Direction.TO_PEER;
            assertThat(run.process().turn().relayedPackets(toPeer, TransportProtocol.TCP))
                    .as("media went through TURN over TCP").isPositive();
            assertThat(run.process().turn().relayedPackets(TurnCounters.Direction.TO_CLIENT, TransportProtocol.TCP))
                    .isPositive();
        }
    }
}
