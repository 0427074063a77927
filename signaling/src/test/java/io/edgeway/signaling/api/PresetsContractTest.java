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

/** {@code /v1/presets} over real HTTP, on H2 and on PostgreSQL: CRUD, defaults, permission checks, name rules. */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class PresetsContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "presets");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    @Test
    void createWithANameOnlyFillsEveryPermissionDefault() throws Exception {
        JsonNode p = api.ok(201, "POST", "/v1/presets", "{\"name\":\"group_call_participant\"}").path("data");
        assertThat(p.path("name").asText()).isEqualTo("group_call_participant");
        JsonNode perms = p.path("permissions");
        assertThat(perms.path("media").path("audio").path("can_produce").asText()).isEqualTo("ALLOWED");
        assertThat(perms.path("media").path("video").path("can_produce").asText()).isEqualTo("ALLOWED");
        assertThat(perms.path("media").path("screenshare").path("can_produce").asText()).isEqualTo("ALLOWED");
        assertThat(perms.path("chat").path("public").path("can_send").asBoolean()).isTrue();
        assertThat(perms.path("can_record").asBoolean(true)).isFalse();
        assertThat(perms.path("can_start_stop_recording").asBoolean(true)).isFalse();
        assertThat(perms.path("kick_participant").asBoolean(true)).isFalse();
        assertThat(perms.path("waiting_room_type").asText()).isEqualTo("SKIP");
        assertThat(api.ok(200, "GET", "/v1/presets/" + p.path("id").asText(), null).path("data")).isEqualTo(p);
    }

    @Test
    void aViewOnlyPresetKeepsWhatItWasGivenAndTheRestDefaults() throws Exception {
        String body = "{\"name\":\"viewer\",\"config\":{\"view_type\":\"GROUP_CALL\"},\"permissions\":{\"media\":{"
                + "\"audio\":{\"can_produce\":\"NOT_ALLOWED\"},\"video\":{\"can_produce\":\"NOT_ALLOWED\"},"
                + "\"screenshare\":{\"can_produce\":\"NOT_ALLOWED\"}},\"chat\":{\"public\":{\"can_send\":false}}}}";
        JsonNode p = api.ok(201, "POST", "/v1/presets", body).path("data");
        assertThat(p.path("config").path("view_type").asText()).isEqualTo("GROUP_CALL");
        assertThat(p.path("permissions").path("media").path("audio").path("can_produce").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(p.path("permissions").path("media").path("screenshare").path("can_produce").asText()).isEqualTo("NOT_ALLOWED");
        assertThat(p.path("permissions").path("chat").path("public").path("can_send").asBoolean(true)).isFalse();
        assertThat(p.path("permissions").path("chat").path("public").path("text").asBoolean()).isTrue();
    }

    @Test
    void nameOf64IsAcceptedAnd65IsRefused() throws Exception {
        api.ok(201, "POST", "/v1/presets", RestFixture.obj().put("name", "n".repeat(64)).toString());
        HttpResponse<String> r = api.call("POST", "/v1/presets", RestFixture.obj().put("name", "m".repeat(65)).toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(r)).isEqualTo("preset_name_too_long");
        assertThat(RestFixture.errorMessage(r)).contains("65", "64");
    }

    @Test
    void namesAreUniqueAndCaseSensitive() throws Exception {
        api.preset("Host");
        api.preset("host");
        HttpResponse<String> again = api.call("POST", "/v1/presets", "{\"name\":\"Host\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(RestFixture.errorCode(again)).isEqualTo("preset_name_taken");
        assertThat(RestFixture.errorMessage(again)).contains("\"Host\"");

        String other = api.preset("Other");
        HttpResponse<String> rename = api.call("PATCH", "/v1/presets/" + other, "{\"name\":\"host\"}");
        assertThat(rename.statusCode()).isEqualTo(409);
        assertThat(RestFixture.errorCode(rename)).isEqualTo("preset_name_taken");
    }

    @Test
    void badPermissionsAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> produce = api.call("POST", "/v1/presets",
                "{\"name\":\"bad1\",\"permissions\":{\"media\":{\"video\":{\"can_produce\":\"YES\"}}}}");
        assertThat(produce.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(produce)).isEqualTo("invalid_request");
        assertThat(RestFixture.errorMessage(produce)).contains("permissions.media.video.can_produce");

        HttpResponse<String> flag = api.call("POST", "/v1/presets", "{\"name\":\"bad2\",\"permissions\":{\"can_record\":1}}");
        assertThat(RestFixture.errorMessage(flag)).contains("permissions.can_record");

        HttpResponse<String> room = api.call("POST", "/v1/presets",
                "{\"name\":\"bad3\",\"permissions\":{\"waiting_room_type\":\"LOBBY\"}}");
        assertThat(RestFixture.errorMessage(room)).contains("waiting_room_type");

        HttpResponse<String> noName = api.call("POST", "/v1/presets", "{}");
        assertThat(RestFixture.errorCode(noName)).isEqualTo("invalid_request");
    }

    @Test
    void settingsEdgewayCannotEnforceAreRefusedWhenWrittenNamingTheField() throws Exception {
        String[][] refused = {
            {"{\"media\":{\"video\":{\"can_produce\":\"CAN_REQUEST\"}}}", "permissions.media.video.can_produce"},
            {"{\"chat\":{\"public\":{\"files\":true}}}", "permissions.chat.public.files"},
            {"{\"chat\":{\"private\":{\"files\":true}}}", "permissions.chat.private.files"},
            {"{\"disable_participant_screensharing\":true}", "permissions.disable_participant_screensharing"},
            {"{\"plugins\":{\"config\":{\"p\":{}}}}", "permissions.plugins.config"},
            {"{\"recorder_type\":\"RECORDER\"}", "permissions.recorder_type"},
            {"{\"show_participant_list\":false}", "permissions.show_participant_list"},
            {"{\"stage_enabled\":true}", "permissions.stage_enabled"},
        };
        for (String[] c : refused) {
            HttpResponse<String> r = api.call("POST", "/v1/presets", "{\"name\":\"x\",\"permissions\":" + c[0] + "}");
            assertThat(r.statusCode()).as(c[1]).isEqualTo(501);
            assertThat(RestFixture.errorCode(r)).isEqualTo("not_supported");
            assertThat(RestFixture.errorMessage(r)).contains(c[1]);
        }
        HttpResponse<String> view = api.call("POST", "/v1/presets", "{\"name\":\"w\",\"config\":{\"view_type\":\"WEBINAR\"}}");
        assertThat(RestFixture.errorMessage(view)).contains("config.view_type");
        HttpResponse<String> unknown = api.call("POST", "/v1/presets", "{\"name\":\"u\",\"permissions\":{\"fly\":true}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorMessage(unknown)).contains("permissions.fly");
        // What Edgeway enforces (or what needs nothing to enforce) is accepted.
        api.ok(201, "POST", "/v1/presets", "{\"name\":\"host-x\",\"permissions\":{\"accept_waiting_requests\":true,"
                + "\"kick_participant\":true,\"waiting_room_type\":\"SKIP\",\"show_participant_list\":true}}");
        JsonNode enforced = api.ok(201, "POST", "/v1/presets", "{\"name\":\"lobby-x\",\"permissions\":{"
                + "\"waiting_room_type\":\"ON_PRIVILEGED_USER_ENTRY\",\"pin_participant\":true,"
                + "\"disable_participant_audio\":true,\"disable_participant_video\":true,\"hidden_participant\":true,"
                + "\"chat\":{\"private\":{\"can_send\":true,\"can_receive\":true,\"text\":true}}}}").path("data");
        assertThat(enforced.path("permissions").path("waiting_room_type").asText()).isEqualTo("ON_PRIVILEGED_USER_ENTRY");
        assertThat(enforced.path("permissions").path("chat").path("private").path("can_send").asBoolean()).isTrue();
        HttpResponse<String> badRoom = api.call("POST", "/v1/presets",
                "{\"name\":\"y\",\"permissions\":{\"waiting_room_type\":\"LATER\"}}");
        assertThat(badRoom.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorMessage(badRoom)).contains("ON_PRIVILEGED_USER_ENTRY, SKIP, SKIP_ON_ACCEPT");
    }

    @Test
    void putReplacesOverTheDefaultsAndTheListShowsSummaries() throws Exception {
        String id = api.ok(201, "POST", "/v1/presets", "{\"name\":\"replace-me\",\"permissions\":{\"kick_participant\":true}}")
                .path("data").path("id").asText();
        JsonNode p = api.ok(200, "PUT", "/v1/presets/" + id, "{\"name\":\"replaced\",\"permissions\":{\"can_record\":true}}")
                .path("data");
        assertThat(p.path("name").asText()).isEqualTo("replaced");
        assertThat(p.path("permissions").path("kick_participant").asBoolean(true)).isFalse();
        assertThat(p.path("permissions").path("can_record").asBoolean()).isTrue();
        assertThat(RestFixture.errorCode(api.call("PUT", "/v1/presets/" + id, "{}"))).isEqualTo("invalid_request");
        JsonNode listed = api.ok(200, "GET", "/v1/presets?search=REPLACED", null).path("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.path(0).path("id").asText()).isEqualTo(id);
        assertThat(listed.path(0).has("permissions")).isFalse();
        assertThat(listed.path(0).path("created_at").asText()).isNotEmpty();
    }

    @Test
    void patchMergesAndDeleteRemoves() throws Exception {
        String id = api.preset("editable");
        JsonNode p = api.ok(200, "PATCH", "/v1/presets/" + id,
                "{\"permissions\":{\"can_record\":true,\"can_start_stop_recording\":true,\"kick_participant\":true}}").path("data");
        assertThat(p.path("permissions").path("can_record").asBoolean()).isTrue();
        assertThat(p.path("permissions").path("kick_participant").asBoolean()).isTrue();
        assertThat(p.path("permissions").path("media").path("audio").path("can_produce").asText()).isEqualTo("ALLOWED");

        JsonNode list = api.ok(200, "GET", "/v1/presets?per_page=100", null);
        assertThat(list.path("data").findValuesAsText("name")).contains("editable");

        api.ok(200, "DELETE", "/v1/presets/" + id, null);
        HttpResponse<String> gone = api.call("GET", "/v1/presets/" + id, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(gone)).isEqualTo("preset_not_found");
        assertThat(RestFixture.errorCode(api.call("DELETE", "/v1/presets/" + id, null))).isEqualTo("preset_not_found");
    }
}
