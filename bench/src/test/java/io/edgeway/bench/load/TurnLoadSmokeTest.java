package io.edgeway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.netty.TurnServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke run of the load harness against Edgeway started in this JVM: 4 clients at 50 packets/s for a
 * few seconds over UDP (static user) and over TCP (TURN REST credentials), which must lose nothing, and a
 * JSON report that parses with the documented fields. Asserts no timing: a light load on loopback simply
 * must not drop packets.
 */
class TurnLoadSmokeTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String REST_SECRET = "smoke-rest-secret";
    private static TurnServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        TurnServerConfig config = TurnServerConfig.builder()
                .listeningIps(List.of(LOOPBACK)).listeningPort(0).tlsEnabled(false)
                .relayIps(List.of(LOOPBACK)).minPort(40000).maxPort(49999)
                .realm("bench.test").staticUsers(Map.of("bench", "secret")).authSecrets(List.of(REST_SECRET))
                .allowedPeerRanges(List.of("127.0.0.0/8")).eventLoopThreads(1)
                .build();
        server = TurnServer.start(config);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void udpChannelDataAtAudioPaceLosesNothing() throws Exception {
        JsonNode report = run(LoadOptions.Transport.UDP, server.udpAddresses().get(0), false);
        assertThat(report.at("/config/transport").asText()).isEqualTo("UDP");
        assertThat(report.at("/config/credentials").asText()).isEqualTo("static");
    }

    @Test
    void tcpChannelDataWithRestCredentialsAtAudioPaceLosesNothing() throws Exception {
        JsonNode report = run(LoadOptions.Transport.TCP, server.tcpAddresses().get(0), true);
        assertThat(report.at("/config/transport").asText()).isEqualTo("TCP");
        assertThat(report.at("/config/credentials").asText()).isEqualTo("rest");
    }

    private JsonNode run(LoadOptions.Transport transport, InetSocketAddress address, boolean rest) throws Exception {
        LoadOptions options = new LoadOptions().label("smoke-" + transport).server(address).transport(transport)
                .clients(4).ratePerClient(50).payloadSize(172)
                .warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2)).sourceIps(2)
                // the server runs in this JVM, so its CPU is this process's (harness included)
                .serverPid(ProcessHandle.current().pid());
        if (rest) {
            options.authSecret(REST_SECRET);
        } else {
            options.user("bench", "secret");
        }
        LoadReport report = LoadRun.run(options, new PrintStream(System.out, true, StandardCharsets.UTF_8));
        Path json = dir.resolve("report-" + transport + ".json");
        report.writeJson(json);

        JsonNode parsed = new ObjectMapper().readTree(json.toFile());
        assertThat(parsed.at("/setup/requested").asInt()).isEqualTo(4);
        assertThat(parsed.at("/setup/ready").asLong()).isEqualTo(4);
        assertThat(parsed.at("/setup/failed").asLong()).isZero();
        assertThat(parsed.at("/setup/allocateLatencyMicros/count").asLong()).isEqualTo(4);
        JsonNode traffic = parsed.get("traffic");
        assertThat(traffic.get("sentPackets").asLong()).isPositive();
        assertThat(traffic.get("peerReceivedPackets").asLong()).isEqualTo(traffic.get("sentPackets").asLong());
        assertThat(traffic.get("receivedPackets").asLong()).isEqualTo(traffic.get("sentPackets").asLong());
        assertThat(traffic.get("lossRatio").asDouble()).isZero();
        assertThat(traffic.get("clientToPeerLossRatio").asDouble()).isZero();
        for (String field : List.of("windowSeconds", "offeredPps", "relayedPps", "roundTripsPerSecond",
                "offeredMbps", "relayedMbps", "blockedSends", "stalls")) {
            assertThat(traffic.get(field)).as(field).isNotNull();
            assertThat(traffic.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(traffic.at("/roundTripMicros/count").asLong()).isEqualTo(traffic.get("receivedPackets").asLong());
        for (String percentile : List.of("p50", "p99", "p999", "max")) {
            assertThat(traffic.at("/roundTripMicros/" + percentile).asLong()).as(percentile).isPositive();
        }
        double perPacket = parsed.at("/server/cpuMicrosPerRelayedPacket").asDouble();
        assertThat(perPacket).isPositive();
        assertThat(parsed.at("/server/kernelCpuMicrosPerRelayedPacket").isNumber()).isTrue();
        assertThat(parsed.at("/server/kernelCpuMicrosPerRelayedPacket").asDouble()).isBetween(0.0, perPacket);
        assertThat(parsed.at("/harness/deallocated").asLong()).isEqualTo(4);
        assertThat(parsed.get("hold").isNull()).isTrue();
        return parsed;
    }
}
