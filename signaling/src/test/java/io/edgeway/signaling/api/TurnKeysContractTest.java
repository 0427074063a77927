package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.turncreds.TurnCredentialMinter;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/turn/keys} in Cloudflare Realtime TURN's shapes, on H2 and on PostgreSQL: key management with
 * the API key, credentials with the TURN key's own token, ttl bounds, revocation (one credential, or all
 * of a deleted key). That the credentials work against Edgeway's TURN is {@code ControlPlaneProcessIT}.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class TurnKeysContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "turnkeys");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> withToken(String method, String path, String token, String body) throws Exception {
        return api.send(method, path, body, "Authorization", "Bearer " + token);
    }

    @Test
    void keysAreCreatedListedRenamedAndShownOnce() throws Exception {
        JsonNode k = api.ok(201, "POST", "/v1/turn/keys", "{\"name\":\"edge\"}").path("data");
        String uid = k.path("uid").asText();
        assertThat(uid).matches("[0-9a-f]{32}");
        assertThat(k.path("key").asText()).isNotEmpty();
        assertThat(k.path("created").asText()).endsWith("Z");
        JsonNode list = api.ok(200, "GET", "/v1/turn/keys", null).path("data");
        assertThat(list.findValuesAsText("uid")).contains(uid);
        assertThat(list.toString()).doesNotContain(k.path("key").asText());
        assertThat(api.ok(200, "GET", "/v1/turn/keys/" + uid, null).path("data").has("key")).isFalse();
        assertThat(api.ok(200, "PUT", "/v1/turn/keys/" + uid, "{\"name\":\"renamed\"}").path("data").path("name").asText())
                .isEqualTo("renamed");
        assertThat(RestFixture.errorCode(api.call("GET", "/v1/turn/keys/ffff", null))).isEqualTo("turn_key_not_found");
    }

    @Test
    void generateIceServersAnswersCloudflaresShape() throws Exception {
        JsonNode k = api.ok(201, "POST", "/v1/turn/keys", "{\"name\":\"ice\"}").path("data");
        String uid = k.path("uid").asText();
        HttpResponse<String> r = withToken("POST", "/v1/turn/keys/" + uid + "/credentials/generate-ice-servers",
                k.path("key").asText(), "{\"ttl\": 3600}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode ice = RestFixture.json(r).path("iceServers");
        assertThat(ice.isArray()).isTrue();
        assertThat(ice.path(0).path("urls").path(0).asText()).isEqualTo("stun:127.0.0.1:3478");
        JsonNode turn = ice.path(1);
        assertThat(turn.path("urls").findValuesAsText("urls")).isEmpty();
        assertThat(turn.path("urls").toString()).contains("turn:127.0.0.1:3478?transport=udp",
                "turn:127.0.0.1:3478?transport=tcp", "turns:127.0.0.1:5349?transport=tcp", "turns:127.0.0.1:443?transport=tcp");
        String username = turn.path("username").asText();
        assertThat(TurnCredentialMinter.expiryOf(username)).isEqualTo(api.clock.epochSeconds() + 3600);
        assertThat(TurnCredentialMinter.keyIdOf(username)).isEqualTo(uid);
        assertThat(turn.path("credential").asText()).isNotEmpty();

        HttpResponse<String> older = withToken("POST", "/v1/turn/keys/" + uid + "/credentials/generate", k.path("key").asText(), "{}");
        assertThat(older.statusCode()).isEqualTo(201);
        JsonNode one = RestFixture.json(older).path("iceServers");
        assertThat(one.isObject()).isTrue();
        assertThat(one.path("urls").size()).isEqualTo(5);
        assertThat(TurnCredentialMinter.expiryOf(one.path("username").asText())).isEqualTo(api.clock.epochSeconds() + 86400);
    }

    @Test
    void credentialsNeedTheTurnKeysOwnTokenAndATtlInRange() throws Exception {
        JsonNode k = api.ok(201, "POST", "/v1/turn/keys", "{}").path("data");
        String path = "/v1/turn/keys/" + k.path("uid").asText() + "/credentials/generate-ice-servers";
        HttpResponse<String> orgKey = api.call("POST", path, "{\"ttl\":60}");
        assertThat(orgKey.statusCode()).isEqualTo(401);
        assertThat(RestFixture.errorCode(orgKey)).isEqualTo("invalid_turn_key_token");
        assertThat(RestFixture.errorCode(api.send("POST", path, "{}"))).isEqualTo("invalid_turn_key_token");
        for (String ttl : new String[] {"0", "172801", "-5"}) {
            HttpResponse<String> r = withToken("POST", path, k.path("key").asText(), "{\"ttl\":" + ttl + "}");
            assertThat(r.statusCode()).as(ttl).isEqualTo(400);
            assertThat(RestFixture.errorCode(r)).isEqualTo("ttl_out_of_range");
        }
        assertThat(withToken("POST", path, k.path("key").asText(), "{\"ttl\":172800}").statusCode()).isEqualTo(201);
        HttpResponse<String> browser = api.send("POST", path, "{}", "Authorization", "Bearer " + k.path("key").asText(),
                "Origin", "https://app.example.test");
        assertThat(RestFixture.errorCode(browser)).isEqualTo("browser_request_refused");
    }

    @Test
    void revokingOneCredentialAndDeletingAKeyRevokeWhatTheyShould() throws Exception {
        JsonNode k = api.ok(201, "POST", "/v1/turn/keys", "{}").path("data");
        String uid = k.path("uid").asText();
        String token = k.path("key").asText();
        String gen = "/v1/turn/keys/" + uid + "/credentials/generate-ice-servers";
        String a = RestFixture.json(withToken("POST", gen, token, "{}")).path("iceServers").path(1).path("username").asText();
        String b = RestFixture.json(withToken("POST", gen, token, "{}")).path("iceServers").path(1).path("username").asText();
        String c = RestFixture.json(withToken("POST", gen, token, "{}")).path("iceServers").path(1).path("username").asText();
        assertThat(a).isNotEqualTo(b);

        HttpResponse<String> byPath = withToken("POST", "/v1/turn/keys/" + uid + "/credentials/"
                + URLEncoder.encode(a, StandardCharsets.UTF_8) + "/revoke", token, null);
        assertThat(byPath.statusCode()).isEqualTo(204);
        HttpResponse<String> byBody = withToken("POST", "/v1/turn/keys/" + uid + "/credentials/revoke", token,
                RestFixture.obj().put("username", b).toString());
        assertThat(byBody.statusCode()).isEqualTo(204);
        assertThat(withToken("POST", "/v1/turn/keys/" + uid + "/credentials/revoke", token,
                RestFixture.obj().put("username", b).toString()).statusCode()).isEqualTo(204);
        HttpResponse<String> foreign = withToken("POST", "/v1/turn/keys/" + uid + "/credentials/revoke", token,
                RestFixture.obj().put("username", TurnRestCredentialStore.username(api.clock.epochSeconds() + 60, "someone")).toString());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(foreign)).isEqualTo("turn_credential_not_found");

        assertThat(isRevoked(a)).isTrue();
        assertThat(isRevoked(b)).isTrue();
        assertThat(isRevoked(c)).isFalse();

        api.ok(200, "DELETE", "/v1/turn/keys/" + uid, null);
        assertThat(isRevoked(c)).isTrue();
        HttpResponse<String> after = withToken("POST", gen, token, "{}");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(after)).isEqualTo("turn_key_not_found");
        assertThat(api.ok(200, "GET", "/v1/turn/keys", null).path("data").findValuesAsText("uid")).doesNotContain(uid);
    }

    /** Whether the TURN server would refuse this username: the decorated store answers nobody for it. */
    static boolean isRevoked(String username) {
        return isRevoked(username, api);
    }

    static boolean isRevoked(String username, RestFixture fixture) {
        var store = fixture.plane.decorateTurnCredentials(new io.edgeway.stun.auth.CompositeCredentialStore(java.util.List.of()), null);
        return store.lookup(username, "edgeway.test", fixture.clock.epochSeconds()) == null;
    }
}
