package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.turn.config.TurnServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrecedenceTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path p = dir.resolve("edgeway.yaml");
        Files.writeString(p, text);
        return p;
    }

    private Path coturn(String text) throws IOException {
        Path p = dir.resolve("turnserver.conf");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        EdgewayConfig c = Loading.valid();
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isEqualTo(3478);
        assertThat(c.get(ConfigKeys.TLS_LISTENING_PORT)).isEqualTo(5349);
        assertThat(c.get(ConfigKeys.REALM)).isEqualTo("edgeway.local");
        assertThat(c.get(ConfigKeys.LISTENING_IP)).as("protected mode: no credentials, open sessions, loopback")
                .containsExactly(InetAddress.getLoopbackAddress());
    }

    @Test
    void fileBeatsDefaults() throws IOException {
        Path f = yaml("listening-port: 3000\n");
        assertThat(Loading.valid("--config", f.toString()).get(ConfigKeys.LISTENING_PORT)).isEqualTo(3000);
    }

    @Test
    void environmentBeatsFile() throws IOException {
        Path f = yaml("listening-port: 3000\nrealm: from-file\n");
        EdgewayConfig c = Loading.valid(Map.of("EDGEWAY_LISTENING_PORT", "4000"), "--config", f.toString());
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isEqualTo(4000);
        assertThat(c.get(ConfigKeys.REALM)).as("keys the environment does not name keep the file's value")
                .isEqualTo("from-file");
    }

    @Test
    void flagBeatsEnvironmentAndFile() throws IOException {
        Path f = yaml("listening-port: 3000\n");
        EdgewayConfig c = Loading.valid(Map.of("EDGEWAY_LISTENING_PORT", "4000"),
                "--config", f.toString(), "--listening-port", "5000");
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isEqualTo(5000);
    }

    @Test
    void aLaterSourceReplacesAWholeList() throws IOException {
        Path f = yaml("listening-ip:\n  - 10.0.0.1\n  - 10.0.0.2\n");
        EdgewayConfig fromEnv = Loading.valid(Map.of("EDGEWAY_LISTENING_IP", "127.0.0.1, ::1"), "--config", f.toString());
        assertThat(fromEnv.get(ConfigKeys.LISTENING_IP))
                .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));

        EdgewayConfig fromFlags = Loading.valid(Map.of("EDGEWAY_LISTENING_IP", "127.0.0.1"),
                "--config", f.toString(), "--listening-ip", "192.0.2.1", "--listening-ip", "192.0.2.2",
                "--expose-open-sessions");
        assertThat(fromFlags.get(ConfigKeys.LISTENING_IP))
                .containsExactly(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"));
    }

    @Test
    void anEmptyEnvironmentValueClearsAList() throws IOException {
        Path f = yaml("denied-peer-ip: [203.0.113.0/24]\n");
        EdgewayConfig c = Loading.valid(Map.of("EDGEWAY_DENIED_PEER_IP", ""), "--config", f.toString());
        assertThat(c.get(ConfigKeys.DENIED_PEER_IP)).isEmpty();
    }

    @Test
    void yamlAcceptsAScalarForARepeatableKey() throws IOException {
        Path f = yaml("relay-ip: 192.0.2.7\n");
        assertThat(Loading.valid("--config", f.toString()).get(ConfigKeys.RELAY_IP))
                .containsExactly(InetAddress.getByName("192.0.2.7"));
    }

    @Test
    void aYamlKeyWithNoValueLeavesTheDefault() throws IOException {
        Path f = yaml("cert:\nlistening-port:\n");
        EdgewayConfig c = Loading.valid("--config", f.toString());
        assertThat(c.get(ConfigKeys.CERT)).isNull();
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isEqualTo(3478);
    }

    @Test
    void configFileCanBeNamedByTheEnvironmentAndTheFlagWins() throws IOException {
        Path envFile = yaml("realm: from-env-file\n");
        Path flagFile = dir.resolve("other.yaml");
        Files.writeString(flagFile, "realm: from-flag-file\n");
        assertThat(Loading.valid(Map.of("EDGEWAY_CONFIG", envFile.toString())).get(ConfigKeys.REALM))
                .isEqualTo("from-env-file");
        assertThat(Loading.valid(Map.of("EDGEWAY_CONFIG", envFile.toString()), "--config", flagFile.toString())
                .get(ConfigKeys.REALM)).isEqualTo("from-flag-file");
    }

    @Test
    void coturnFileSitsBelowYamlEnvironmentAndFlags() throws IOException {
        Path conf = coturn("realm=coturn.example\nmin-port=40000\nmax-port=41000\nlistening-port=3480\n");
        Path f = yaml("realm: yaml.example\n");
        EdgewayConfig c = Loading.valid(Map.of("EDGEWAY_MIN_PORT", "40100"),
                "--coturn-config", conf.toString(), "--config", f.toString(), "--max-port", "40900");
        assertThat(c.get(ConfigKeys.REALM)).isEqualTo("yaml.example");
        assertThat(c.get(ConfigKeys.MIN_PORT)).isEqualTo(40100);
        assertThat(c.get(ConfigKeys.MAX_PORT)).isEqualTo(40900);
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).as("only the coturn file names it").isEqualTo(3480);
    }

    @Test
    void flagsAreBareOrTakeAValue() {
        assertThat(Loading.valid("--no-tls").get(ConfigKeys.NO_TLS)).isTrue();
        assertThat(Loading.valid("--no-tls=false").get(ConfigKeys.NO_TLS)).isFalse();
        assertThat(Loading.valid(Map.of("EDGEWAY_NO_TLS", "true"), "--no-tls=false").get(ConfigKeys.NO_TLS)).isFalse();
        assertThat(Loading.valid(Map.of("EDGEWAY_NO_UDP", "yes")).get(ConfigKeys.NO_UDP)).isTrue();
    }

    @Test
    void everyKeyMapsOntoTurnServerConfig() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        TurnServerConfig t = Loading.valid(
                "--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0",
                "--alt-tls-listening-port", "443", "--no-udp", "--no-tcp=false", "--no-tls=false",
                "--cert", cert.toString(), "--pkey", key.toString(), "--event-loop-threads", "3",
                "--transport", "io_uring", "--socket-receive-buffer", "1048576", "--socket-send-buffer", "2097152",
                "--relay-ip", "10.0.0.9", "--external-ip", "203.0.113.9/10.0.0.9", "--external-ip", "2001:db8::9",
                "--min-port", "50000", "--max-port", "50100", "--realm", "example.org", "--software", "",
                "--default-lifetime", "300", "--max-lifetime", "900", "--nonce-lifetime", "120",
                "--user", "alice:wonder", "--user", "bob:0x0123456789abcdef0123456789ABCDEF",
                "--use-auth-secret", "--static-auth-secret", "new", "--static-auth-secret", "old",
                "--user-quota", "5", "--total-quota", "500", "--max-bps", "125000",
                "--unauthenticated-rate", "7", "--unauthenticated-burst", "9",
                "--allowed-peer-ip", "127.0.0.0/8", "--denied-peer-ip", "198.51.100.1-198.51.100.9")
                .toTurnServerConfig();
        assertThat(t.listeningIps()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(t.listeningPort()).isZero();
        assertThat(t.tlsListeningPort()).isZero();
        assertThat(t.altTlsListeningPort()).isEqualTo(443);
        assertThat(t.udpEnabled()).isFalse();
        assertThat(t.tcpEnabled()).isTrue();
        assertThat(t.tlsEnabled()).isTrue();
        assertThat(t.certificateFile()).isEqualTo(cert);
        assertThat(t.privateKeyFile()).isEqualTo(key);
        assertThat(t.eventLoopThreads()).isEqualTo(3);
        assertThat(t.transport()).isEqualTo(TurnServerConfig.TransportPreference.IO_URING);
        assertThat(t.socketReceiveBufferBytes()).isEqualTo(1048576);
        assertThat(t.socketSendBufferBytes()).isEqualTo(2097152);
        assertThat(t.relayIps()).containsExactly(InetAddress.getByName("10.0.0.9"));
        assertThat(t.externalIps()).containsOnly(
                Map.entry(InetAddress.getByName("10.0.0.9"), InetAddress.getByName("203.0.113.9")),
                Map.entry(InetAddress.getByName("::"), InetAddress.getByName("2001:db8::9")));
        assertThat(t.minPort()).isEqualTo(50000);
        assertThat(t.maxPort()).isEqualTo(50100);
        assertThat(t.realm()).isEqualTo("example.org");
        assertThat(t.software()).as("empty software sends none").isNull();
        assertThat(t.defaultLifetime().getSeconds()).isEqualTo(300);
        assertThat(t.maxLifetime().getSeconds()).isEqualTo(900);
        assertThat(t.nonceLifetime().getSeconds()).isEqualTo(120);
        assertThat(t.staticUsers()).containsOnly(Map.entry("alice", "wonder"),
                Map.entry("bob", "0x0123456789abcdef0123456789ABCDEF"));
        assertThat(t.authSecrets()).containsExactly("new", "old");
        assertThat(t.userQuota()).isEqualTo(5);
        assertThat(t.totalQuota()).isEqualTo(500);
        assertThat(t.maxBytesPerSecond()).isEqualTo(125000);
        assertThat(t.unauthenticatedRequestsPerSecond()).isEqualTo(7);
        assertThat(t.unauthenticatedBurst()).isEqualTo(9);
        assertThat(t.allowedPeerRanges()).containsExactly("127.0.0.0/8");
        assertThat(t.deniedPeerRanges()).containsExactly("198.51.100.1-198.51.100.9");
    }

    @Test
    void registryDefaultsAgreeWithTurnServerConfigDefaults() {
        TurnServerConfig fromRegistry = Loading.valid("--user", "u:p").toTurnServerConfig();
        TurnServerConfig builderDefaults = TurnServerConfig.builder().build();
        assertThat(fromRegistry).usingRecursiveComparison()
                .ignoringFields("staticUsers")
                .isEqualTo(builderDefaults);
    }

    @Test
    void portZeroIsAllowedForListenersOnly() {
        EdgewayConfig c = Loading.valid("--listening-port", "0", "--tls-listening-port", "0",
                "--alt-tls-listening-port", "0");
        assertThat(c.get(ConfigKeys.LISTENING_PORT)).isZero();
        assertThat(Loading.problems("--min-port", "0")).containsExactly("min-port: must be between 1 and 65535 (0)");
    }

    @Test
    void altTlsPortAcceptsOff() {
        assertThat(Loading.valid("--alt-tls-listening-port", "off").get(ConfigKeys.ALT_TLS_LISTENING_PORT)).isEqualTo(-1);
        assertThat(Loading.valid().toTurnServerConfig().altTlsListeningPort()).isEqualTo(-1);
    }

    @Test
    void listsFromYamlKeepTheirOrder() throws IOException {
        Path f = yaml("static-auth-secret:\n  - current\n  - previous\n");
        assertThat(Loading.valid("--config", f.toString()).get(ConfigKeys.STATIC_AUTH_SECRET))
                .isEqualTo(List.of("current", "previous"));
    }
}
