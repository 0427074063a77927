package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.store.TestDatabases;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cloudflare's address for the control plane, on H2 and on PostgreSQL:
 * {@code /client/v4/accounts/{account_id}/realtime/kit/{app_id}/...} beside the {@code /v1/} short form (the
 * default app); apps as tenants (a preset name is per app, a meeting of one app is not found through
 * another); the account id checked; API keys limited to one app; a feature Edgeway lacks refused by name.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class CloudflareLayoutContractTest {

    @Parameter
    String database;

    static RestFixture api;
    static String kit;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "layout");
        kit = "/client/v4/accounts/" + api.plane.accountId() + "/realtime/kit";
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    private static String app(String name) throws Exception {
        JsonNode data = api.ok(201, "POST", kit + "/apps", RestFixture.obj().put("name", name).toString()).path("data");
        assertThat(data.path("app").path("name").asText()).isEqualTo(name);
        assertThat(data.path("app").path("created_at").asText()).isNotEmpty();
        return data.path("app").path("id").asText();
    }

    @Test
    void theAccountIdIsThirtyTwoHexDigitsAndKeptAcrossARestart() throws Exception {
        String before = api.plane.accountId();
        assertThat(before).matches("[0-9a-f]{32}");
        api.restart();
        assertThat(api.plane.accountId()).isEqualTo(before);
    }

    @Test
    void appsAreTenantsAndTheShortFormIsTheDefaultApp() throws Exception {
        String a = app("staging");
        String b = app("production");
        JsonNode apps = api.ok(200, "GET", kit + "/apps?per_page=100", null);
        assertThat(apps.path("data").findValuesAsText("id")).contains("default", a, b);
        assertThat(api.ok(200, "GET", kit + "/apps?search=STAG", null).path("data").findValuesAsText("id")).containsExactly(a);
        assertThat(api.ok(200, "GET", "/v1/apps?sort_order=DESC&per_page=1", null).path("data").path(0).path("id").asText())
                .isEqualTo(b);

        // The same preset name in two apps is two presets.
        api.ok(201, "POST", kit + "/" + a + "/presets", "{\"name\":\"host\"}");
        api.ok(201, "POST", kit + "/" + b + "/presets", "{\"name\":\"host\"}");
        assertThat(RestFixture.errorCode(api.call("POST", kit + "/" + a + "/presets", "{\"name\":\"host\"}")))
                .isEqualTo("preset_name_taken");

        String meeting = api.ok(201, "POST", kit + "/" + a + "/meetings", "{\"title\":\"in a\"}").path("data").path("id").asText();
        assertThat(api.ok(200, "GET", kit + "/" + a + "/meetings/" + meeting, null).path("data").path("title").asText())
                .isEqualTo("in a");
        assertThat(RestFixture.errorCode(api.call("GET", kit + "/" + b + "/meetings/" + meeting, null)))
                .isEqualTo("meeting_not_found");
        assertThat(RestFixture.errorCode(api.call("GET", "/v1/meetings/" + meeting, null))).isEqualTo("meeting_not_found");
        assertThat(api.ok(200, "GET", kit + "/" + b + "/meetings", null).path("data")).isEmpty();

        // A participant's preset is looked up in its meeting's app, and its token joins.
        JsonNode p = api.ok(201, "POST", kit + "/" + a + "/meetings/" + meeting + "/participants",
                "{\"custom_participant_id\":\"u1\",\"preset_name\":\"host\"}").path("data");
        assertThat(api.plane.tokens().verify(p.path("token").asText()).grantOrThrow().appId()).isEqualTo(a);

        // The short form is the default app, which the Cloudflare form names "default".
        String v1 = api.meeting("short form");
        assertThat(api.ok(200, "GET", kit + "/default/meetings/" + v1, null).path("data").path("id").asText()).isEqualTo(v1);
    }

    @Test
    void anotherAccountOrAnUnknownAppIsRefused() throws Exception {
        HttpResponse<String> account = api.call("GET", "/client/v4/accounts/0123456789abcdef0123456789abcdef/realtime/kit/default/meetings", null);
        assertThat(account.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(account)).isEqualTo("account_not_found");
        assertThat(RestFixture.errorMessage(account)).contains(api.plane.accountId());
        HttpResponse<String> app = api.call("GET", kit + "/no-such-app/meetings", null);
        assertThat(app.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(app)).isEqualTo("app_not_found");
        HttpResponse<String> unauthenticated = api.send("GET", kit + "/default/meetings", null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyLimitedToOneAppReachesThatAppOnly() throws Exception {
        String mine = app("limited");
        JsonNode key = api.ok(201, "POST", "/v1/api-keys", RestFixture.obj().put("name", "one app").put("app_id", mine)
                .toString()).path("data");
        assertThat(key.path("app_id").asText()).isEqualTo(mine);
        String bearer = "Bearer " + key.path("key").asText();
        assertThat(api.send("POST", kit + "/" + mine + "/meetings", "{}", "Authorization", bearer).statusCode()).isEqualTo(201);
        HttpResponse<String> other = api.send("GET", kit + "/default/meetings", null, "Authorization", bearer);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(RestFixture.errorCode(other)).isEqualTo("app_not_permitted");
        HttpResponse<String> shortForm = api.send("GET", "/v1/meetings", null, "Authorization", bearer);
        assertThat(RestFixture.errorMessage(shortForm)).contains(kit.replace("{", "") + "/" + mine);
        HttpResponse<String> accountWide = api.send("POST", kit + "/apps", "{\"name\":\"x\"}", "Authorization", bearer);
        assertThat(RestFixture.errorCode(accountWide)).isEqualTo("app_not_permitted");
        assertThat(RestFixture.errorCode(api.call("POST", "/v1/api-keys", "{\"app_id\":\"nope\"}"))).isEqualTo("app_not_found");
    }

    @Test
    void featuresEdgewayLacksAnswerNotSupportedAndRecordingsFindNone() throws Exception {
        String meeting = api.meeting("features");
        for (String[] c : new String[][] {
            {"GET", "/livestreams"}, {"GET", "/analytics/daywise"}, {"GET", "/analytics/livestreams/overall"},
            {"POST", "/meetings/" + meeting + "/livestreams"}, {"GET", "/meetings/" + meeting + "/active-livestream"},
        }) {
            HttpResponse<String> r = api.call(c[0], kit + "/default" + c[1], c[0].equals("POST") ? "{}" : null);
            assertThat(r.statusCode()).as(c[1]).isEqualTo(501);
            assertThat(RestFixture.errorCode(r)).isEqualTo("not_supported");
            assertThat(r.headers().firstValue("x-should-retry")).contains("false");
        }
        assertThat(RestFixture.errorCode(api.call("POST", kit + "/default/recordings", "{\"meeting_id\":\"" + meeting + "\"}")))
                .isEqualTo("recording_unavailable");
        assertThat(RestFixture.errorCode(api.call("GET", kit + "/default/recordings/r1", null))).isEqualTo("recording_not_found");
        JsonNode none = api.ok(200, "GET", kit + "/default/recordings", null);
        assertThat(none.path("data")).isEmpty();
        assertThat(none.path("paging").path("total_count").asInt()).isZero();
    }
}
