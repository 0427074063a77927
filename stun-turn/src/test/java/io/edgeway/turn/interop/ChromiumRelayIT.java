package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium (Debian {@code chromium}, driven by npm {@code playwright-core}, never a
 * downloaded browser): two RTCPeerConnections in one page, {@code iceTransportPolicy: 'relay'} and
 * only the server under test in {@code iceServers}, must connect relay-to-relay and echo a
 * data-channel message, over {@code turn:...?transport=udp}, {@code ?transport=tcp} and
 * {@code turns:} (TLS), with a static user and a REST credential; a wrong password gets no relay
 * candidate at all.
 *
 * <p>TLS is validated for real: the server presents a certificate for 127.0.0.1 that a throwaway
 * HOME's NSS database trusts ({@link NssTrustStore}). Chromium's {@code --ignore-certificate-errors}
 * also gets through, but would hide a server that presents a broken chain.
 *
 * <p>The browser script is {@code src/test/js/relay-datachannel.mjs}; its output and Chromium's are
 * kept in {@code target/interop/chromium/}.
 */
class ChromiumRelayIT {

    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TurnServerUnderTest server;
    private static Path work;

    @BeforeAll
    static void startServer() throws Exception {
        work = InteropDirs.fresh("chromium", "run-");
        LoopbackCertificate cert = LoopbackCertificate.create(work.resolve("tls"));
        server = TurnServerUnderTest.start("chromium", cert, false);
        NssTrustStore.homeTrusting(cert.certificatePem(), work.resolve("home"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * One browser case: its name, TURN URL, expected relay protocol, and the credential; a null
     * relay protocol means the server must refuse the credential.
     */
    private record Case(String name, String url, String relayProtocol, InteropCredentials.Credential credential) {
    }

    @Test
    void dataChannelEchoesRelayToRelayOverEveryTransport() throws Exception {
        Path node = RealPeers.executable("node", "nodejs");
        Path chromium = RealPeers.executable("chromium", "chromium");
        Path jsDir = InteropDirs.moduleDir().resolve("src/test/js");
        Path script = RealPeers.file(jsDir.resolve("relay-datachannel.mjs"), "part of this repository");
        RealPeers.file(jsDir.resolve("node_modules/playwright-core/package.json"), "npm ci in stun-turn/src/test/js");

        InteropCredentials.Credential user = InteropCredentials.of(CredentialKind.STATIC_USER, Duration.ofHours(1));
        InteropCredentials.Credential rest = InteropCredentials.of(CredentialKind.REST_SECRET, Duration.ofHours(1));
        InteropCredentials.Credential wrong = new InteropCredentials.Credential(user.username(), "not-the-password");
        List<Case> cases = List.of(
                new Case("udp-static", url("turn", TurnTransport.UDP, CredentialKind.STATIC_USER, "udp"), "udp", user),
                new Case("tcp-static", url("turn", TurnTransport.TCP, CredentialKind.STATIC_USER, "tcp"), "tcp", user),
                new Case("tls-static", url("turns", TurnTransport.TLS, CredentialKind.STATIC_USER, "tcp"), "tls", user),
                new Case("udp-rest", url("turn", TurnTransport.UDP, CredentialKind.REST_SECRET, "udp"), "udp", rest),
                new Case("udp-wrong-password",
                        url("turn", TurnTransport.UDP, CredentialKind.STATIC_USER, "udp"), null, wrong));

        Path resultFile = work.resolve("result.json");
        ObjectNode args = JSON.createObjectNode()
                .put("chromium", chromium.toString())
                .put("userDataDir", Files.createDirectories(work.resolve("profile")).toString())
                .put("caseTimeoutMs", CASE_TIMEOUT.toMillis())
                .put("resultFile", resultFile.toString());
        args.putObject("env").put("HOME", work.resolve("home").toString());
        ArrayNode jsonCases = args.putArray("cases");
        for (Case c : cases) {
            jsonCases.addObject().put("name", c.name()).put("url", c.url())
                    .put("username", c.credential().username()).put("credential", c.credential().password());
        }

        ExternalProcess.Result run = ExternalProcess.runToEnd(
                List.of(node.toString(), script.toString(), JSON.writeValueAsString(args)),
                work.resolve("node.log"), RUN_TIMEOUT, Map.of());

        assertThat(run.exitCode()).as("node driver failed; log %s:\n%s", run.log(), run.output()).isZero();
        JsonNode result = JSON.readTree(resultFile.toFile());
        JsonNode results = result.path("results");
        assertThat(results.size()).as(result.toPrettyString()).isEqualTo(cases.size());

        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode r = results.get(i);
            String why = server.name() + " / Chromium " + result.path("browserVersion").asText() + " / "
                    + c.name() + " " + c.url() + ":\n" + r.toPrettyString();
            soft.assertThat(r.path("name").asText()).as(why).isEqualTo(c.name());
            soft.assertThat(r.path("error").isNull()).as(why).isTrue();
            if (c.relayProtocol() == null) {
                // Refused: Chromium reports the server's 401 and never gets a relay candidate.
                soft.assertThat(r.path("connected").asBoolean()).as(why).isFalse();
                soft.assertThat(r.path("candidatesA").size() + r.path("candidatesB").size()).as(why).isZero();
                soft.assertThat(r.path("log").toString()).as(why).contains("candidate error 401");
                continue;
            }
            soft.assertThat(r.path("connected").asBoolean()).as(why).isTrue();
            soft.assertThat(r.path("echoed").asBoolean()).as(why).isTrue();
            soft.assertThat(r.path("localCandidateType").asText()).as(why).isEqualTo("relay");
            soft.assertThat(r.path("remoteCandidateType").asText()).as(why).isEqualTo("relay");
            soft.assertThat(r.path("localRelayProtocol").asText()).as(why).isEqualTo(c.relayProtocol());
            for (String side : List.of("candidatesA", "candidatesB")) {
                List<String> candidates = new ArrayList<>();
                r.path(side).forEach(n -> candidates.add(n.asText()));
                soft.assertThat(candidates).as(side + " of " + why).isNotEmpty();
                for (String candidate : candidates) {
                    assertRelayCandidateFromServer(soft, candidate, side + " of " + why);
                }
            }
        }
        soft.assertAll();
    }

    /**
     * {@code candidate:<foundation> <component> udp <priority> <ip> <port> typ relay ...}: the relayed
     * address must be one the server under test hands out.
     */
    private static void assertRelayCandidateFromServer(SoftAssertions soft, String candidate, String why) {
        String[] f = candidate.split(" ");
        soft.assertThat(f.length).as(why).isGreaterThanOrEqualTo(8);
        if (f.length < 8) {
            return;
        }
        soft.assertThat(f[7]).as(why).isEqualTo("relay");
        soft.assertThat(f[4]).as(why).isEqualTo("127.0.0.1");
        soft.assertThat(Integer.parseInt(f[5])).as(why).isBetween(server.minRelayPort(), server.maxRelayPort());
    }

    private static String url(String scheme, TurnTransport transport, CredentialKind kind, String transportParam) {
        int port = server.address(transport, kind).getPort();
        return scheme + ":127.0.0.1:" + port + "?transport=" + transportParam;
    }
}
