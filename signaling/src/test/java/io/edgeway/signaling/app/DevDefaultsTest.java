package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeway.turn.config.TurnServerConfig;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running with no configuration at all gives a usable server with generated, printed credentials. */
class DevDefaultsTest {

    @Test
    void noConfigurationGeneratesAUserAndARestSecret() {
        EdgewayConfig c = Loading.valid();
        DevCredentials creds = c.generatedCredentials().orElseThrow();
        assertThat(creds.user()).isEqualTo("edgeway");
        assertThat(creds.password()).hasSize(24).matches("[A-Za-z0-9_-]+");
        assertThat(creds.restSecret()).hasSize(43).matches("[A-Za-z0-9_-]+");

        TurnServerConfig t = c.toTurnServerConfig();
        assertThat(t.realm()).isEqualTo("edgeway.local");
        assertThat(t.staticUsers()).containsExactly(Map.entry("edgeway", creds.password()));
        assertThat(t.authSecrets()).containsExactly(creds.restSecret());
        assertThat(t.allowedPeerRanges()).as("the default peer deny list stays closed").isEmpty();
    }

    @Test
    void eachStartGetsItsOwnCredentials() {
        DevCredentials a = DevCredentials.generate(new java.util.Random(1));
        DevCredentials b = DevCredentials.generate(new java.util.Random(2));
        assertThat(a.password()).isNotEqualTo(b.password());
        assertThat(a.restSecret()).isNotEqualTo(b.restSecret());
    }

    @Test
    void configuredCredentialsTurnGenerationOff() {
        assertThat(Loading.valid("--user", "alice:pw").generatedCredentials()).isEmpty();
        assertThat(Loading.valid("--static-auth-secret", "s").generatedCredentials()).isEmpty();
        assertThat(Loading.valid(Map.of("EDGEWAY_USER", "alice:pw")).generatedCredentials()).isEmpty();
    }

    @Test
    void credentialsNeverShowInToStringOrPrintedConfig() {
        EdgewayConfig c = Loading.valid();
        DevCredentials creds = c.generatedCredentials().orElseThrow();
        assertThat(creds.toString()).doesNotContain(creds.password()).doesNotContain(creds.restSecret());
        assertThat(c.toString()).doesNotContain(creds.password()).doesNotContain(creds.restSecret());
        assertThat(c.toYaml()).contains("edgeway:<redacted>");
    }

    @Test
    void bannerGivesCredentialsIceServersAndAMintedRestPair() throws Exception {
        DevCredentials creds = new DevCredentials("edgeway", "pw-123", "north-wind");
        String banner = StartupBanner.render(creds, "edgeway.local", InetAddress.getByName("127.0.0.1"), true,
                3478, 3478, 5349, 1_700_000_000L);
        assertThat(banner)
                .contains("user         edgeway")
                .contains("password     pw-123")
                .contains("REST secret  north-wind")
                // printf %s "1700003600:demo" | openssl dgst -sha1 -hmac north-wind -binary | base64
                .contains("username     1700003600:demo")
                .contains("password     UW2NmiEi9Hvnw17GV8ExpnkOz/c=")
                .contains("replace 127.0.0.1 with an address your clients can reach");

        JsonNode servers = new ObjectMapper().readTree(banner.substring(banner.indexOf("\n[") + 1));
        assertThat(servers.get(0).get("urls").get(0).asText()).isEqualTo("stun:127.0.0.1:3478");
        JsonNode relay = servers.get(1);
        assertThat(relay.get("urls")).extracting(JsonNode::asText).containsExactly(
                "turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp", "turns:127.0.0.1:5349?transport=tcp");
        assertThat(relay.get("username").asText()).isEqualTo("edgeway");
        assertThat(relay.get("credential").asText()).isEqualTo("pw-123");
    }

    @Test
    void bannerBracketsIpv6AndLeavesOutListenersThatAreOff() throws Exception {
        String json = StartupBanner.iceServers("[2001:db8::1]", -1, 3478, -1, "u", "p");
        assertThat(json).doesNotContain("stun:").doesNotContain("transport=udp").doesNotContain("turns:")
                .contains("turn:[2001:db8::1]:3478?transport=tcp");
    }

    @Test
    void restCredentialsMatchOpenssl() {
        // u="1700003600:alice"; printf %s "$u" | openssl dgst -sha1 -hmac north-wind -binary | base64
        assertThat(io.edgeway.stun.auth.TurnRestCredentialStore.username(1_700_003_600L, "alice")).isEqualTo("1700003600:alice");
        assertThat(io.edgeway.stun.auth.TurnRestCredentialStore.password("north-wind", "1700003600:alice")).isEqualTo("iRtTIZ3N38dm9S+dP+UkHfnN9Qo=");
    }

    @Test
    void bannerHostPrefersExternalThenListeningAddress() throws Exception {
        assertThat(Main.bannerHost(Loading.valid("--external-ip", "203.0.113.7/10.0.0.7", "--listening-ip", "10.0.0.7",
                "--expose-open-sessions")))
                .isEqualTo(new Main.BannerHost(InetAddress.getByName("203.0.113.7"), false));
        assertThat(Main.bannerHost(Loading.valid("--listening-ip", "10.0.0.7", "--open-sessions=false")))
                .isEqualTo(new Main.BannerHost(InetAddress.getByName("10.0.0.7"), false));
        assertThat(Main.bannerHost(Loading.valid("--listening-ip", "::", "--expose-open-sessions")))
                .isEqualTo(new Main.BannerHost(InetAddress.getLoopbackAddress(), true));
        assertThat(Main.bannerHost(Loading.valid()))
                .as("protected mode binds loopback, which is where the banner points")
                .isEqualTo(new Main.BannerHost(InetAddress.getLoopbackAddress(), false));
    }
}
