package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A meeting between a browser in a locked-down network ({@link FirewalledNetwork}) and one outside, for
 * issue #16's Chromium ITs. Starts a real {@link EdgewayProcess} whose TURN, media and shared port bind
 * only the network's host-side address (the shared port on 443 there), with a certificate from a test CA
 * ({@link TestCertificateAuthority}), REST and metrics on loopback; sets the meeting up over REST as an
 * app's server would; then runs {@code sdk-meeting.mjs}'s {@code firewalled} scenario with one Chromium
 * launched inside the namespace. Besides {@link ChromiumMeetingRun}'s stats lines it writes each page's
 * selected candidate pair, on stdout and in the run's {@code stats.txt}:
 * <pre>
 * FIREWALL-PAIR run=&lt;name&gt; page=&lt;name&gt; inside=&lt;bool&gt; url=&lt;page url&gt; local=&lt;type&gt;/&lt;protocol&gt; relayProtocol=&lt;p&gt; remote=&lt;type&gt;/&lt;protocol&gt; &lt;address:port&gt;
 * FIREWALL-DIAGNOSTICS run=&lt;name&gt; page=&lt;name&gt; {"&lt;path&gt;":"works|blocked|untested",...}
 * </pre>
 */
final class FirewalledMeetingRun extends ChromiumMeetingRun {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(25);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(2);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** The shared port, on the network's host-side address only. */
    static final int SHARED_PORT = 443;

    final SdkMeetingRun.Rest rest;
    private final FirewalledNetwork network;

    private FirewalledMeetingRun(String run, FirewalledNetwork network, TestCertificateAuthority tls) throws Exception {
        super("firewalled", run, 16, "--listening-ip", network.hostAddress().getHostAddress(),
                "--listening-port", "0", "--tls-listening-port", "0", "--shared-port", Integer.toString(SHARED_PORT),
                "--cert", tls.chainPem().toString(), "--pkey", tls.keyPem().toString(),
                "--relay-ip", network.hostAddress().getHostAddress(), "--min-port", "44600", "--max-port", "44799",
                "--http-listening-ip", "127.0.0.1", "--http-port", "0", "--media-port", "0", "--ice-tcp-port", "0",
                "--drain-deadline", "1", "--open-sessions", "false", "--api-key", SdkMeetingRun.API_KEY,
                "--static-auth-secret", SdkMeetingRun.TURN_SECRET);
        this.network = network;
        this.rest = new SdkMeetingRun.Rest(baseUrl());
    }

    static FirewalledMeetingRun start(String run, FirewalledNetwork network, TestCertificateAuthority tls)
            throws Exception {
        return new FirewalledMeetingRun(run, network, tls);
    }

    /** Where the browsers load the page: the shared port, {@code https://<host-side address>:443}. */
    String sharedBase() {
        return "https://" + network.hostAddress().getHostAddress() + ":" + SHARED_PORT;
    }

    /** The page's URL as a browser shows it: {@code https://<host-side address>/} (443 is https's own port). */
    String pageOrigin() {
        return "https://" + network.hostAddress().getHostAddress() + "/";
    }

    /**
     * Runs the browsers: each host {@code {name, token, inside?, iceServers?, iceTransportPolicy?}}; the inside Chromium is
     * started through {@code insideChromium} with {@code insideArgs}, both with {@code HOME=home}.
     */
    JsonNode browse(List<ObjectNode> hosts, java.nio.file.Path insideChromium, List<String> insideArgs, Path home)
            throws Exception {
        return browse(hosts, insideChromium, insideArgs, home, false);
    }

    /** As above; with {@code diagnostics} the inside hosts then run the network check page. */
    JsonNode browse(List<ObjectNode> hosts, java.nio.file.Path insideChromium, List<String> insideArgs, Path home,
            boolean diagnostics) throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("scenario", "firewalled")
                .put("diagnostics", diagnostics)
                .put("baseUrl", sharedBase())
                .put("insideChromium", insideChromium.toString())
                .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                .put("sampleGapMs", SAMPLE_GAP.toMillis());
        ArrayNode list = a.putArray("hosts");
        hosts.forEach(list::add);
        ArrayNode flags = a.putArray("insideArgs");
        insideArgs.forEach(flags::add);
        a.putObject("env").put("HOME", home.toString());
        JsonNode result = runScript("sdk-meeting.mjs", a, RUN_TIMEOUT);
        writeStats("FIREWALL-STATS", "FIREWALL-TRANSPORT", List.of("joined"));
        writePairs();
        return result;
    }

    private void writePairs() throws IOException {
        List<String> lines = new ArrayList<>();
        for (JsonNode page : result().path("pages")) {
            JsonNode t = page.path("transport");
            lines.add(String.format("FIREWALL-PAIR run=%s page=%s inside=%s url=%s local=%s/%s relayProtocol=%s remote=%s/%s %s",
                    run, page.path("name").asText(), page.path("inside").asBoolean(), page.path("pageUrl").asText(),
                    t.path("localType").asText(), t.path("localProtocol").asText(), t.path("relayProtocol").asText(),
                    t.path("remoteType").asText(), t.path("remoteProtocol").asText(), t.path("remoteAddress").asText()));
            if (page.path("diagnostics").isObject()) {
                lines.add(String.format("FIREWALL-DIAGNOSTICS run=%s page=%s %s", run, page.path("name").asText(),
                        page.path("diagnostics").path("results")));
            }
        }
        lines.forEach(System.out::println);
        Files.write(workDir().resolve("stats.txt"), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
