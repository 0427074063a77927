package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may call the REST API, on H2 and on PostgreSQL: API keys (bootstrap, Bearer and Basic, several,
 * rotation, the last one kept), browsers refused (Origin, never a CORS header), and the per-key rate limit
 * (429 with Retry-After; configured to 40 per 5 minutes here so the test stays quick).
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class AuthAndLimitsContractTest {

    static final int LIMIT = 40;

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "auth", LIMIT);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    @Test
    void aRequestWithoutOrWithAWrongKeyIsRefused() throws Exception {
        HttpResponse<String> none = api.send("GET", "/v1/meetings", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(RestFixture.errorCode(none)).isEqualTo("missing_api_key");
        String id = api.apiKey.substring(0, api.apiKey.indexOf('.'));
        for (String bad : new String[] {"Bearer " + id + ".wrong-secret", "Bearer nodot", "Bearer unknown.secret",
                "Token " + api.apiKey, "Basic !!!"}) {
            HttpResponse<String> r = api.send("GET", "/v1/meetings", null, "Authorization", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(401);
            assertThat(RestFixture.errorCode(r)).as(bad).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void basicAuthWithKeyIdAndSecretIsAccepted() throws Exception {
        String basic = Base64.getEncoder().encodeToString(api.apiKey.replaceFirst("\\.", ":").getBytes(StandardCharsets.UTF_8));
        assertThat(api.send("GET", "/v1/presets", null, "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);
    }

    @Test
    void browsersAreRefusedAndNeverGetCorsHeaders() throws Exception {
        HttpResponse<String> r = api.send("POST", "/v1/meetings", "{}", "Authorization", "Bearer " + api.apiKey,
                "Origin", "https://app.example.test");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(RestFixture.errorCode(r)).isEqualTo("browser_request_refused");
        assertThat(RestFixture.errorMessage(r)).contains("server").contains("Origin");
        HttpResponse<String> preflight = api.send("OPTIONS", "/v1/meetings", null, "Origin", "https://app.example.test",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(RestFixture.errorCode(preflight)).isEqualTo("browser_request_refused");
        for (HttpResponse<String> any : java.util.List.of(r, preflight, api.call("GET", "/v1/meetings", null))) {
            assertThat(any.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
        }
    }

    @Test
    void pathsOutsideV1GoOnToTheOperationsEndpoints() throws Exception {
        HttpResponse<String> r = api.send("GET", "/v1", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(r)).isEqualTo("not_found");
        HttpResponse<String> other = api.send("GET", "/healthz", null);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("ok\n");
    }

    @Test
    void keysRotateAndTheLastOneIsKept() throws Exception {
        JsonNode created = api.ok(201, "POST", "/v1/api-keys", "{\"name\":\"rotation\"}").path("data");
        String newKey = created.path("key").asText();
        String newId = created.path("id").asText();
        assertThat(newKey).startsWith(newId + ".");
        JsonNode list = RestFixture.json(api.send("GET", "/v1/api-keys", null, "Authorization", "Bearer " + newKey));
        assertThat(list.path("data").findValuesAsText("id")).contains(newId);
        assertThat(list.toString()).doesNotContain(newKey.substring(newKey.indexOf('.') + 1));

        String oldId = api.apiKey.substring(0, api.apiKey.indexOf('.'));
        String oldKey = api.apiKey;
        api.apiKey = newKey;
        api.ok(200, "DELETE", "/v1/api-keys/" + oldId, null);
        assertThat(RestFixture.errorCode(api.send("GET", "/v1/meetings", null, "Authorization", "Bearer " + oldKey)))
                .isEqualTo("invalid_api_key");
        // Other tests of this class may have made keys: delete every key but the new one, then try that one.
        for (String other : api.ok(200, "GET", "/v1/api-keys", null).path("data").findValuesAsText("id")) {
            if (!other.equals(newId)) {
                api.ok(200, "DELETE", "/v1/api-keys/" + other, null);
            }
        }
        HttpResponse<String> last = api.call("DELETE", "/v1/api-keys/" + newId, null);
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(RestFixture.errorCode(last)).isEqualTo("last_api_key");
        assertThat(RestFixture.errorCode(api.call("DELETE", "/v1/api-keys/" + oldId, null))).isEqualTo("api_key_not_found");
    }

    @Test
    void eachKeyHasItsRateLimitWithRetryAfter() throws Exception {
        // A key of its own, so the other tests' requests do not count.
        String key = api.ok(201, "POST", "/v1/api-keys", "{\"name\":\"limited\"}").path("data").path("key").asText();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(api.send("GET", "/v1/presets", null, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        }
        api.clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> limited = api.send("GET", "/v1/presets", null, "Authorization", "Bearer " + key);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(RestFixture.errorCode(limited)).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("180");
        // Another key is not affected.
        assertThat(api.call("GET", "/v1/presets", null).statusCode()).isEqualTo(200);
        api.clock.advance(Duration.ofMinutes(3));
        assertThat(api.send("GET", "/v1/presets", null, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
    }
}
