package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.store.TestDatabases;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer fuzz test of the REST bodies (issue #10), over real HTTP against the control plane on H2: any
 * body to any route that reads one (creating and updating meetings, presets, participants, API keys, TURN
 * keys, tokens, kicks) must be answered in the documented shape: a success, or an error envelope with a
 * stable code and a status below 500. A 500 {@code internal_error}, a body that is not the envelope, or
 * no answer at all is a finding. Seeds: a valid body for several routes in {@code RestBodyFuzzTestInputs/}.
 */
class RestBodyFuzzTest {

    static final String MAX_DURATION = "10m";

    private static RestFixture api;
    private static List<String[]> routes;

    @BeforeAll
    static void start() throws Exception {
        api = RestFixture.start(TestDatabases.H2, "fuzz", 1_000_000_000);
        api.ok(201, "POST", "/v1/presets", RestFixture.obj().put("name", "host").toString());
        String meeting = api.ok(201, "POST", "/v1/meetings", RestFixture.obj().put("title", "fuzz").toString())
                .path("data").path("id").asText();
        String participant = api.ok(201, "POST", "/v1/meetings/" + meeting + "/participants", RestFixture.obj()
                .put("preset_name", "host").put("name", "p").put("custom_participant_id", "fuzz-1").toString())
                .path("data").path("id").asText();
        String preset = api.ok(200, "GET", "/v1/presets", null).path("data").path(0).path("id").asText();
        routes = List.of(
                new String[] {"POST", "/v1/meetings"},
                new String[] {"PATCH", "/v1/meetings/" + meeting},
                new String[] {"PUT", "/v1/meetings/" + meeting},
                new String[] {"POST", "/v1/presets"},
                new String[] {"PATCH", "/v1/presets/" + preset},
                new String[] {"POST", "/v1/meetings/" + meeting + "/participants"},
                new String[] {"PATCH", "/v1/meetings/" + meeting + "/participants/" + participant},
                new String[] {"POST", "/v1/meetings/" + meeting + "/participants/" + participant + "/token"},
                new String[] {"POST", "/v1/meetings/" + meeting + "/active-session/kick"},
                new String[] {"POST", "/v1/api-keys"},
                new String[] {"POST", "/v1/turn/keys"});
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzBodies(FuzzedDataProvider data) throws Exception {
        String[] route = routes.get(data.consumeInt(0, routes.size() - 1));
        String body = data.consumeRemainingAsString();
        HttpResponse<String> r = api.call(route[0], route[1], body);
        assertThat(r.statusCode()).as("%s %s %s -> %s", route[0], route[1], body, r.body()).isLessThan(500);
        if (r.statusCode() != 204) {
            JsonNode envelope = JsonEnvelope.JSON.readTree(r.body());
            assertThat(envelope.path("success").isBoolean()).as(r.body()).isTrue();
            if (!envelope.path("success").asBoolean()) {
                assertThat(envelope.path("errors").path(0).path("code").asText()).as(r.body()).isNotEmpty();
            }
        }
    }
}
