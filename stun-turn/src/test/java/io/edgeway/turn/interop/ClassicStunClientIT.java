package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.netty.TurnServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code stun} client (package stun-client, an RFC 3489 implementation that sends Binding
 * requests without the magic cookie) against the real TURN server on loopback: RFC 8489 §12 says such a
 * request is answered with MAPPED-ADDRESS. Before the fix it got no answer at all and the client
 * reported the server unreachable.
 */
class ClassicStunClientIT {

    @Test
    void anRfc3489ClientLearnsItsMappedAddress() throws Exception {
        Path stun = RealPeers.executable("stun", "stun-client");
        TurnServer server = TurnServer.start(TurnServerConfig.builder()
                .listeningIps(List.of(LoopbackPorts.LOOPBACK))
                .listeningPort(0)
                .relayIps(List.of(LoopbackPorts.LOOPBACK))
                .minPort(62000)
                .maxPort(62099)
                .realm(InteropCredentials.REALM)
                .staticUsers(Map.of(InteropCredentials.STATIC_USER, InteropCredentials.STATIC_PASSWORD))
                .build());
        try {
            InetSocketAddress udp = server.udpAddresses().get(0);
            int sourcePort = LoopbackPorts.freeUdpPair();
            // Test 1 of RFC 3489 §10.1 alone: one Binding request, no change of address or port.
            ExternalProcess.Result run = ExternalProcess.runToEnd(
                    List.of(stun.toString(), "127.0.0.1:" + udp.getPort(), "1", "-v", "-p", Integer.toString(sourcePort)),
                    InteropDirs.output("stun-client").resolve("classic-binding.log"),
                    Duration.ofSeconds(10), Map.of());

            assertThat(run.output())
                    .as("stun-client output:\n%s", run.output())
                    .contains("MappedAddress = 127.0.0.1:" + sourcePort);
        } finally {
            server.close();
        }
    }
}
