package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, test 1 (relay-only): the meeting of {@link FirefoxChromiumMeetingIT}, but both browsers may
 * use only relayed candidates ({@code iceTransportPolicy: 'relay'}) from Edgeway's own TURN server over TCP
 * (the demo page's {@code ?relay=1&turn=tcp}): browser -> TURN/TCP -> SFU media port, Firefox and Chromium
 * alike, each decoding the other under its own payload types.
 */
class FirefoxChromiumRelayIT {

    @Test
    void firefoxAndChromiumRelayedOverTurnTcpDecodeEachOther() throws Exception {
        try (BrowserMeetingRun run = BrowserMeetingRun.start("firefox-chromium-relay-tcp")) {
            run.browse(FirefoxChromiumMeetingIT.FAY_AND_CY, "&relay=1&turn=tcp");
            run.assertEveryoneGotEveryoneInTheirOwnNumbers(FirefoxChromiumMeetingIT.CODECS);
            for (String name : new String[] {"Fay", "Cy"}) {
                assertThat(run.transportOf(name).path("localType").asText()).as(name).isEqualTo("relay");
                assertThat(run.transportOf(name).path("relayProtocol").asText()).as(name).isEqualTo("tcp");
            }
            assertThat(run.process().turn().relayedPackets(TurnCounters.Direction.TO_PEER, TransportProtocol.TCP))
                    .as("media went through TURN over TCP").isPositive();
            assertThat(run.process().turn().relayedPackets(TurnCounters.Direction.TO_CLIENT, TransportProtocol.TCP))
                    .isPositive();
        }
    }
}
