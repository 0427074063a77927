package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import io.edgeway.core.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation message, exactly as the operator sees it: {@code key: reason}. */
class ConfigValidationTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> singleProblems() {
        return Stream.of(
                // Ports.
                Arguments.of(new String[] {"--listening-port", "70000"}, "listening-port: must be between 0 and 65535 (70000)"),
                Arguments.of(new String[] {"--tls-listening-port", "-1"}, "tls-listening-port: must be between 0 and 65535 (-1)"),
                Arguments.of(new String[] {"--alt-tls-listening-port", "65536"}, "alt-tls-listening-port: must be between 0 and 65535 (65536)"),
                Arguments.of(new String[] {"--min-port", "0"}, "min-port: must be between 1 and 65535 (0)"),
                Arguments.of(new String[] {"--max-port", "abc"}, "max-port: not a whole number (\"abc\")"),
                Arguments.of(new String[] {"--max-port", "40000"}, "max-port: must be >= min-port (40000 < 49152)"),
                Arguments.of(new String[] {"--tls-listening-port", "3478"}, "tls-listening-port: same TCP port as listening-port (3478)"),
                Arguments.of(new String[] {"--alt-tls-listening-port", "5349"}, "alt-tls-listening-port: same port as tls-listening-port (5349)"),
                Arguments.of(new String[] {"--alt-tls-listening-port", "3478"}, "alt-tls-listening-port: same TCP port as listening-port (3478)"),
                // The shared port, HTTPS and PROXY protocol.
                Arguments.of(new String[] {"--shared-port", "maybe"}, "shared-port: not a whole number (\"maybe\")"),
                Arguments.of(new String[] {"--shared-port", "5349"}, "shared-port: same TCP port as tls-listening-port (5349)"),
                Arguments.of(new String[] {"--shared-port", "on", "--alt-tls-listening-port", "443"}, "shared-port: same TCP port as alt-tls-listening-port (443)"),
                Arguments.of(new String[] {"--https-port", "8080"}, "https-port: same TCP port as http-port (8080)"),
                Arguments.of(new String[] {"--shared-port", "on", "--transport", "io_uring"}, "shared-port: needs transport epoll or nio (auto picks epoll): the shared port moves each connection to its protocol's event loop, which io_uring channels cannot do"),
                Arguments.of(new String[] {"--https-port", "443", "--shared-port", "on"}, "https-port: same TCP port as shared-port (443)"),
                Arguments.of(new String[] {"--proxy-protocol-from", "10.0.0.0/40"}, "proxy-protocol-from: prefix length must be between 0 and 32 (\"10.0.0.0/40\")"),
                // Listeners.
                Arguments.of(new String[] {"--no-udp", "--no-tcp", "--no-tls"}, "no-tls: with no-udp and no-tcp also set there is nothing left to listen on"),
                Arguments.of(new String[] {"--no-tls=maybe"}, "no-tls: expected true or false (\"maybe\")"),
                Arguments.of(new String[] {"--event-loop-threads", "5000"}, "event-loop-threads: must be between 0 and 1024 (5000)"),
                Arguments.of(new String[] {"--transport", "kqueue"}, "transport: expected one of auto, io_uring, epoll, nio (\"kqueue\")"),
                Arguments.of(new String[] {"--socket-receive-buffer", "10"}, "socket-receive-buffer: must be between 1024 and 1073741824 (10)"),
                Arguments.of(new String[] {"--socket-send-buffer", "4m"}, "socket-send-buffer: not a whole number (\"4m\")"),
                // IP syntax.
                Arguments.of(new String[] {"--listening-ip", "example.com"}, "listening-ip: not an IP address literal (\"example.com\")"),
                Arguments.of(new String[] {"--relay-ip", "300.1.1.1"}, "relay-ip: not an IP address literal (\"300.1.1.1\")"),
                Arguments.of(new String[] {"--relay-ip", "1.2.3"}, "relay-ip: not an IP address literal (\"1.2.3\")"),
                Arguments.of(new String[] {"--listening-ip", "::g"}, "listening-ip: not an IP address literal (\"::g\")"),
                Arguments.of(new String[] {"--external-ip", "203.0.113.1/::1"}, "external-ip: public and private address must be the same family (\"203.0.113.1/::1\")"),
                Arguments.of(new String[] {"--external-ip", "203.0.113.1/10.0.0.300"}, "external-ip: not an IP address literal (\"10.0.0.300\")"),
                Arguments.of(new String[] {"--external-ip", "203.0.113.1", "--external-ip", "203.0.113.2"}, "external-ip: more than one IPv4 address without /PRIVATE; give PUBLIC/PRIVATE pairs to map several relay addresses"),
                Arguments.of(new String[] {"--external-ip", "203.0.113.1/10.0.0.1", "--external-ip", "203.0.113.2/10.0.0.1"}, "external-ip: private address 10.0.0.1 is mapped more than once"),
                Arguments.of(new String[] {"--allowed-peer-ip", "10.0.0.0/33"}, "allowed-peer-ip: prefix length must be between 0 and 32 (\"10.0.0.0/33\")"),
                Arguments.of(new String[] {"--allowed-peer-ip", "10.0.0.0/x"}, "allowed-peer-ip: prefix length is not a number (\"10.0.0.0/x\")"),
                Arguments.of(new String[] {"--denied-peer-ip", "10.0.0.9-10.0.0.1"}, "denied-peer-ip: range start is after its end (\"10.0.0.9-10.0.0.1\")"),
                Arguments.of(new String[] {"--denied-peer-ip", "10.0.0.1-::1"}, "denied-peer-ip: range ends must be the same family (\"10.0.0.1-::1\")"),
                // Files.
                Arguments.of(new String[] {"--cert", "/nonexistent/cert.pem", "--pkey", "/nonexistent/key.pem"}, null),
                // Lifetimes.
                Arguments.of(new String[] {"--default-lifetime", "0"}, "default-lifetime: must be a positive number of seconds (0)"),
                Arguments.of(new String[] {"--nonce-lifetime", "-5"}, "nonce-lifetime: must be a positive number of seconds (-5)"),
                Arguments.of(new String[] {"--max-lifetime", "60"}, "default-lifetime: must be <= max-lifetime (600 > 60)"),
                // Protocol and credentials.
                Arguments.of(new String[] {"--realm", " "}, "realm: must not be empty"),
                Arguments.of(new String[] {"--use-auth-secret"}, "use-auth-secret: requires at least one static-auth-secret"),
                Arguments.of(new String[] {"--static-auth-secret", ""}, "static-auth-secret: must not be empty"),
                Arguments.of(new String[] {"--static-auth-secret", "<redacted>"}, "static-auth-secret: is the <redacted> placeholder from --print-config; give the real secret"),
                Arguments.of(new String[] {"--user", "alice"}, "user: expected name:password or name:0x<32 hex digits>"),
                Arguments.of(new String[] {"--user", "alice:"}, "user: expected name:password or name:0x<32 hex digits>"),
                Arguments.of(new String[] {"--user", "alice:0x1234"}, "user: key of alice must be 0x followed by 32 hex digits (an MD5 key)"),
                Arguments.of(new String[] {"--user", "alice:<redacted>"}, "user: password of alice is the <redacted> placeholder from --print-config; give the real password"),
                Arguments.of(new String[] {"--user", "alice:a", "--user", "alice:b"}, "user: alice is given more than once"),
                // Limits.
                Arguments.of(new String[] {"--user-quota", "-1"}, "user-quota: must be >= 0 (-1)"),
                Arguments.of(new String[] {"--max-bps", "-1"}, "max-bps: must be >= 0 (-1)"),
                Arguments.of(new String[] {"--unauthenticated-rate", "0"}, "unauthenticated-rate: must be >= 1 (0)"),
                Arguments.of(new String[] {"--unauthenticated-burst", "0"}, "unauthenticated-burst: must be >= 1 (0)"),
                Arguments.of(new String[] {"--log-format", "xml"}, "log-format: expected one of text, json (\"xml\")"),
                // Loading itself.
                Arguments.of(new String[] {"--config", "/nonexistent/edgeway.yaml"}, "config: file not found (/nonexistent/edgeway.yaml)"),
                Arguments.of(new String[] {"--coturn-config", "/nonexistent/turnserver.conf"}, "coturn-config: file not found (/nonexistent/turnserver.conf)"),
                Arguments.of(new String[] {"--min-port"}, "Missing required parameter for option '--min-port' (<port>)"),
                Arguments.of(new String[] {"stray"}, "stray: unexpected argument (every setting is given as --key=value)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("singleProblems")
    void reportsTheKeyAndWhy(String[] args, String expected) {
        if (expected == null) {
            // Files: both paths are reported, each under its own key.
            assertThat(Loading.problems(args)).containsExactly(
                    "cert: file not found (/nonexistent/cert.pem)", "pkey: file not found (/nonexistent/key.pem)");
            return;
        }
        assertThat(Loading.problems(args)).containsExactly(expected);
    }

    @Test
    void aSharedPortThatIsOnListensOn443AndIsOffByDefault() {
        assertThat(Loading.valid("--shared-port", "on").get(ConfigKeys.SHARED_PORT)).isEqualTo(443);
        assertThat(Loading.valid("--shared-port", "8443").get(ConfigKeys.SHARED_PORT)).isEqualTo(8443);
        assertThat(Loading.valid().get(ConfigKeys.SHARED_PORT)).isEqualTo(-1);
        assertThat(Loading.valid().get(ConfigKeys.HTTPS_PORT)).isEqualTo(-1);
        assertThat(Loading.valid("--shared-port", "on").toYaml()).contains("shared-port: 443");
    }

    @Test
    void certAndKeyComeTogether() throws IOException {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThat(Loading.problems("--cert", cert.toString())).containsExactly("pkey: required when cert is set");
        assertThat(Loading.problems("--pkey", cert.toString())).containsExactly("cert: required when pkey is set");
    }

    @Test
    void thePublicUrlIsABaseAndWebhookTargetsAreRanges() {
        EdgewayConfig ok = Loading.valid("--public-url", "https://rtc.example.com/", "--webhook-allowed-target", "10.0.0.0/8");
        assertThat(ok.get(ConfigKeys.PUBLIC_URL)).as("the trailing slash dropped").isEqualTo("https://rtc.example.com");
        assertThat(ok.get(ConfigKeys.WEBHOOK_ALLOWED_TARGET)).containsExactly("10.0.0.0/8");
        assertThat(Loading.problems("--public-url", "rtc.example.com")).singleElement().asString()
                .startsWith("public-url: ").contains("http:// or https://");
        assertThat(Loading.problems("--public-url", "https://rtc.example.com/api")).singleElement().asString()
                .contains("without a path");
        assertThat(Loading.problems("--webhook-allowed-target", "not-an-address")).singleElement().asString()
                .startsWith("webhook-allowed-target: ");
    }

    @Test
    void aDirectoryIsNotACertificate() {
        assertThat(Loading.problems("--cert", dir.toString(), "--pkey", dir.toString()))
                .containsExactly("cert: not a readable file (" + dir + ")", "pkey: not a readable file (" + dir + ")");
    }

    @Test
    void yamlShapeProblemsNameTheKey() throws IOException {
        Path f = Files.writeString(dir.resolve("shape.yaml"),
                "realm:\n  nested: true\nmin-port: [1, 2]\nrelay-ip:\n  - {a: b}\n");
        assertThat(Loading.problems("--config", f.toString())).containsExactly(
                "realm: expected a value, not a mapping",
                "min-port: expected one value, not a list",
                "relay-ip: list items must be plain values");
    }

    @Test
    void invalidYamlIsReportedWithItsLine() throws IOException {
        Path f = Files.writeString(dir.resolve("broken.yaml"), "realm: a\nmin-port: [1\n");
        assertThat(Loading.problems("--config", f.toString())).singleElement().asString()
                .startsWith("config: " + f + " is not valid YAML: ")
                .contains("(line ");
    }

    @Test
    void aDuplicateYamlKeyIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("dup.yaml"), "realm: a\nrealm: b\n");
        assertThat(Loading.problems("--config", f.toString())).singleElement().asString()
                .contains("Duplicate field 'realm'");
    }

    @Test
    void aNonMappingYamlFileIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("list.yaml"), "- realm\n");
        assertThat(Loading.problems("--config", f.toString()))
                .containsExactly("config: " + f + " must be a mapping of key: value");
    }

    @Test
    void everyProblemFromEverySourceIsReportedTogether() throws IOException {
        Path f = Files.writeString(dir.resolve("many.yaml"), "min-prot: 1\nrealm: \"\"\nmax-port: 40000\n");
        assertThat(Loading.problems(Map.of("EDGEWAY_DEFAULT_LIFETIME", "7200"),
                "--config", f.toString(), "--listening-ip", "nope", "--use-auth-secret"))
                .containsExactly(
                        "min-prot: unknown key in " + f + " (did you mean min-port?)",
                        "listening-ip: not an IP address literal (\"nope\")",
                        "realm: must not be empty",
                        "max-port: must be >= min-port (40000 < 49152)",
                        "default-lifetime: must be <= max-lifetime (7200 > 3600)",
                        "use-auth-secret: requires at least one static-auth-secret");
    }

    @Test
    void secretsNeverAppearInMessages() {
        assertThat(Loading.problems("--user", "alice:0xsupersecretbutnothex"))
                .noneMatch(p -> p.contains("supersecret"));
    }

    @Test
    void mainPrintsEveryProblemAndExitsTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("EDGEWAY_MAX_PORT", "40000"), new Random(1), Clock.SYSTEM)
                .run(new String[] {"--realm", ""});
        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                "edgeway: invalid configuration (2 problems):",
                "  realm: must not be empty",
                "  max-port: must be >= min-port (40000 < 49152)",
                "Run with --help to see every setting.", ""));
    }
}
