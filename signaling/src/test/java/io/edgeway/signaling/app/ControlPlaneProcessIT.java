package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.edgeway.turn.client.BlockingTurnClient;
import io.edgeway.turn.client.TurnClientCredentials;
import io.edgeway.turn.client.TurnClientEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole process: the control plane on the HTTP port, its database in data-dir, and TURN credentials
 * from generate-ice-servers used against Edgeway's own TURN listeners (UDP and TCP Allocate), with and
 * without an operator-configured static-auth-secret, across a configuration reload, and refused once
 * revoked.
 */
class ControlPlaneProcessIT {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path dataDir;
    private EdgewayProcess process;
    private String base;

    @AfterEach
    void stop() {
        if (process != null) {
            process.close();
        }
    }

    private String start(String... extra) throws Exception {
        String[] common = {"--listening-ip", "127.0.0.1", "--listening-port", "0", "--tls-listening-port", "0",
            "--relay-ip", "127.0.0.1", "--min-port", "43000", "--max-port", "43099", "--http-listening-ip", "127.0.0.1",
            "--http-port", "0", "--data-dir", dataDir.toString()};
        String[] args = new String[common.length + extra.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(extra, 0, args, common.length, extra.length);
        EdgewayConfig config = Loading.valid(args);
        process = EdgewayProcess.start(config, new ConfigReloader(args, Map.of(), new Random(5), System.err, config), () -> { });
        base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
        return process.controlPlane().bootstrapKey().map(k -> k.key()).orElse(null);
    }

    private HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode iceServers(String apiKey) throws Exception {
        JsonNode key = JsonEnvelope.JSON.readTree(post("/v1/turn/keys", apiKey, "{\"name\":\"it\"}").body()).path("data");
        HttpResponse<String> r = post("/v1/turn/keys/" + key.path("uid").asText() + "/credentials/generate-ice-servers",
                key.path("key").asText(), "{\"ttl\":600}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode turn = JsonEnvelope.JSON.readTree(r.body()).path("iceServers").path(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) turn).put("_uid", key.path("uid").asText());
        ((com.fasterxml.jackson.databind.node.ObjectNode) turn).put("_token", key.path("key").asText());
        return turn;
    }

    private TurnClientEvent allocate(JsonNode turn, boolean tcp) throws Exception {
        TurnClientCredentials creds = TurnClientCredentials.of(turn.path("username").asText(), turn.path("credential").asText());
        InetSocketAddress server = tcp ? process.turn().tcpAddresses().get(0) : process.turn().udpAddresses().get(0);
        try (BlockingTurnClient client = tcp ? BlockingTurnClient.tcp(server, creds) : BlockingTurnClient.udp(server, creds)) {
            return client.allocate();
        }
    }

    @Test
    void generatedCredentialsAllocateOnEdgewaysTurnAndStopWhenRevoked() throws Exception {
        String apiKey = start("--user", "alice:pw");
        assertThat(apiKey).as("bootstrap key on first start").isNotNull();
        JsonNode turn = iceServers(apiKey);
        int udp = process.turn().udpAddresses().get(0).getPort();
        int tcp = process.turn().tcpAddresses().get(0).getPort();
        assertThat(turn.path("urls").toString()).contains("turn:127.0.0.1:" + udp + "?transport=udp",
                "turn:127.0.0.1:" + tcp + "?transport=tcp", "turns:127.0.0.1:");
        assertThat(allocate(turn, false)).isEqualTo(TurnClientEvent.ALLOCATED);
        assertThat(allocate(turn, true)).isEqualTo(TurnClientEvent.ALLOCATED);

        // A reload rebuilds the credential store from the configuration; minted credentials keep working.
        process.reload();
        assertThat(allocate(turn, false)).isEqualTo(TurnClientEvent.ALLOCATED);

        String username = turn.path("username").asText();
        assertThat(post("/v1/turn/keys/" + turn.path("_uid").asText() + "/credentials/"
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "/revoke", turn.path("_token").asText(), "")
                .statusCode()).isEqualTo(204);
        assertThat(allocate(turn, false)).isEqualTo(TurnClientEvent.FAILED);
    }

    @Test
    void withAConfiguredSecretCredentialsAreMintedWithIt() throws Exception {
        String apiKey = start("--static-auth-secret", "operator-secret-1", "--static-auth-secret", "older-secret");
        JsonNode turn = iceServers(apiKey);
        String username = turn.path("username").asText();
        assertThat(turn.path("credential").asText()).isEqualTo(TurnRestCredentialStore.password("operator-secret-1", username));
        assertThat(allocate(turn, false)).isEqualTo(TurnClientEvent.ALLOCATED);
    }

    /**
     * On the embedded defaults the TURN server has its own made-up REST secret; credentials minted with the
     * control plane's database secret must still allocate (both stores know REST usernames: their keys add up).
     */
    @Test
    void onTheEmbeddedDefaultsMintedCredentialsAllocateToo() throws Exception {
        String apiKey = start();
        assertThat(process.turn()).isNotNull();
        JsonNode turn = iceServers(apiKey);
        assertThat(allocate(turn, false)).isEqualTo(TurnClientEvent.ALLOCATED);
        assertThat(allocate(turn, true)).isEqualTo(TurnClientEvent.ALLOCATED);
    }

    @Test
    void theDatabaseAndTheBootstrapKeySurviveARestart() throws Exception {
        String apiKey = start();
        HttpResponse<String> created = post("/v1/meetings", apiKey, "{\"title\":\"kept\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JsonEnvelope.JSON.readTree(created.body()).path("data").path("id").asText();
        process.close();
        process = null;
        assertThat(start()).as("no second bootstrap key").isNull();
        HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/meetings/" + id))
                .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).contains("\"kept\"");
        assertThat(dataDir.resolve("edgeway.mv.db")).exists();
    }
}
