package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.sharedport.SharedPortListener;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.NssTrustStore;
import io.edgeway.turn.interop.RealPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #16, tests 1 and 2: a headless Chromium inside a locked-down network namespace
 * ({@link FirewalledNetwork}: UDP and every destination but one TCP port dropped by nftables inside it)
 * joins a meeting with a participant token on the page it loads from {@code https://<server>:443}, the
 * shared port, and exchanges audio and video with a Chromium outside. The server's certificate comes from a
 * test CA the browsers' NSS database trusts, so Chromium checks the HTTPS and TURN/TLS chains for real.
 *
 * <ol>
 *   <li>The only way out is an HTTP CONNECT proxy on the host side (our own tinyproxy, CONNECT to 443
 *       only): the page, the WebSocket and TURN over TLS all go through it, and the inside page's selected
 *       candidate pair is a relay candidate over TLS.</li>
 *   <li>No proxy, only TCP 443 to the server: with no ICE servers at all, media flows over ICE-TCP to the
 *       SFU's passive candidate on the shared port; the network check page ({@code /diagnostics}, with the
 *       participant's token) then reports HTTPS, the WebSocket and TURN over TLS on 443 working and UDP,
 *       TURN over UDP and over TCP blocked.</li>
 * </ol>
 * The getStats figures are printed as FIREWALL-STATS, FIREWALL-TRANSPORT and FIREWALL-PAIR lines.
 */
class FirewalledChromiumIT {

    @Test
    void throughAnHttpConnectProxyAloneTheMeetingRunsOverTurnTlsOnThe443SharedPort() throws Exception {
        Path work = InteropDirs.fresh("firewalled", "proxy-net-");
        try (FirewalledNetwork network = FirewalledNetwork.create("px", 0, work)) {
            TestCertificateAuthority tls = TestCertificateAuthority.issueFor(network.hostAddress(), work.resolve("tls"));
            Path home = NssTrustStore.homeTrustingAuthority(tls.caPem(), work.resolve("home"));
            try (ConnectProxy proxy = ConnectProxy.start(network.hostAddress(),
                    network.insideAddress().getHostAddress(), work)) {
                network.allowOnlyTcpTo(proxy.address().getPort());
                try (FirewalledMeetingRun run = FirewalledMeetingRun.start("proxy", network, tls)) {
                    assertNoDirectWayOut(network, run);
                    SdkMeetingRun.HostsMeeting meeting = run.rest.hostsMeeting("Behind a proxy");
                    JsonNode iceServers = run.rest.iceServers(600);
                    String turns443 = "turns:" + network.hostAddress().getHostAddress() + ":443?transport=tcp";
                    assertThat(iceServers.toString()).as("generate-ice-servers").contains(turns443);
                    // Relayed only, as an app configures users behind a proxy: Chromium also tunnels ICE-TCP
                    // through a CONNECT proxy to 443 (the shared port takes it), but a proxy that inspects TLS
                    // lets only TURN over TLS through, and that is the path this test proves.
                    ObjectNode ann = meeting.ann().deepCopy().put("inside", true).put("iceTransportPolicy", "relay");
                    ann.set("iceServers", iceServers);

                    run.browse(List.of(ann, meeting.ben()), network.wrap(chromium()),
                            List.of("--proxy-server=" + proxy.url()), home);
                    run.assertEveryStepCompleted();
                    String why = run.why() + "\nproxy log:\n" + ExternalProcess.tail(proxy.log(), 30);
                    JsonNode inside = run.page("Ann");
                    JsonNode outside = run.page("Ben");
                    SoftAssertions soft = new SoftAssertions();
                    soft.assertThat(inside.path("pageUrl").asText()).as("the page Ann loaded")
                            .startsWith(run.pageOrigin());
                    soft.assertThat(inside.path("transport").path("localType").asText()).as("Ann's local candidate: %s", why)
                            .isEqualTo("relay");
                    soft.assertThat(inside.path("transport").path("relayProtocol").asText()).as("Ann's relay protocol: %s", why)
                            .isEqualTo("tls");
                    for (JsonNode page : List.of(inside, outside)) {
                        soft.assertThat(page.path("errors").size()).as("server errors at %s: %s",
                                page.path("name").asText(), why).isZero();
                    }
                    run.increased(soft, inside, "joined", outside.path("id").asText(), "Ben");
                    run.increased(soft, outside, "joined", inside.path("id").asText(), "Ann");
                    SharedPortListener shared = run.process().sharedPorts().get(0);
                    soft.assertThat(shared.handedOver("turn-tls")).as("TURN/TLS connections on 443: %s", why).isPositive();
                    soft.assertThat(shared.handedOver("https")).as("HTTPS connections on 443").isPositive();
                    soft.assertThat(run.process().turn().relayedPackets(TurnCounters.Direction.TO_PEER, TransportProtocol.TLS))
                            .as("packets TURN relayed from a TLS client").isPositive();
                    soft.assertThat(proxy.log()).as("the proxy's log").contains("CONNECT");
                    soft.assertAll();
                }
            }
        }
    }

    @Test
    void withOnlyTcp443OpenMediaFlowsOverIceTcpOnTheSharedPort() throws Exception {
        Path work = InteropDirs.fresh("firewalled", "tcp443-net-");
        try (FirewalledNetwork network = FirewalledNetwork.create("t443", 1, work)) {
            TestCertificateAuthority tls = TestCertificateAuthority.issueFor(network.hostAddress(), work.resolve("tls"));
            Path home = NssTrustStore.homeTrustingAuthority(tls.caPem(), work.resolve("home"));
            network.allowOnlyTcpTo(FirewalledMeetingRun.SHARED_PORT);
            try (FirewalledMeetingRun run = FirewalledMeetingRun.start("tcp443", network, tls)) {
                SdkMeetingRun.HostsMeeting meeting = run.rest.hostsMeeting("Only 443");
                ObjectNode ann = meeting.ann().deepCopy().put("inside", true);

                run.browse(List.of(ann, meeting.ben()), network.wrap(chromium()), List.of(), home, true);
                run.assertEveryStepCompleted();
                String why = run.why();
                JsonNode inside = run.page("Ann");
                JsonNode outside = run.page("Ben");
                JsonNode pair = inside.path("transport");
                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(inside.path("pageUrl").asText()).startsWith(run.pageOrigin());
                soft.assertThat(pair.path("localProtocol").asText()).as("Ann's local candidate protocol: %s", why)
                        .isEqualTo("tcp");
                soft.assertThat(pair.path("remoteAddress").asText()).as("Ann's remote candidate: %s", why)
                        .isEqualTo(network.hostAddress().getHostAddress() + ":" + FirewalledMeetingRun.SHARED_PORT);
                run.increased(soft, inside, "joined", outside.path("id").asText(), "Ben");
                run.increased(soft, outside, "joined", inside.path("id").asText(), "Ann");
                // The network check from the same browser: only the paths over TCP 443 work.
                JsonNode checks = inside.path("diagnostics").path("results");
                soft.assertThat(checks.path("page").asText()).as("diagnostics: %s", checks).isEqualTo("works");
                soft.assertThat(checks.path("websocket").asText()).as("diagnostics: %s", checks).isEqualTo("works");
                soft.assertThat(checks.path("turn-tls-443").asText()).as("diagnostics: %s", checks).isEqualTo("works");
                soft.assertThat(checks.path("udp").asText()).as("diagnostics: %s", checks).isEqualTo("blocked");
                soft.assertThat(checks.path("turn-udp").asText()).as("diagnostics: %s", checks).isEqualTo("blocked");
                soft.assertThat(checks.path("turn-tcp").asText()).as("diagnostics: %s", checks).isEqualTo("blocked");
                SharedPortListener shared = run.process().sharedPorts().get(0);
                soft.assertThat(shared.handedOver("ice-tcp")).as("ICE-TCP connections on 443: %s", why).isPositive();
                soft.assertThat(shared.handedOver("https")).as("HTTPS connections on 443").isPositive();
                soft.assertAll();
            }
        }
    }

    private static Path chromium() {
        return RealPeers.executable("chromium", "chromium");
    }

    /** The namespace really is locked: straight to the server's HTTPS port, and to its HTTP port, fails. */
    private static void assertNoDirectWayOut(FirewalledNetwork network, FirewalledMeetingRun run) {
        Path curl = RealPeers.executable("curl", "curl");
        ExternalProcess.Result direct = network.runInside("direct-https", Duration.ofSeconds(15), curl.toString(),
                "-s", "-k", "-m", "4", run.sharedBase() + "/healthz");
        assertThat(direct.exitCode()).as("a direct HTTPS request from inside: %s", direct.output()).isNotZero();
    }
}
