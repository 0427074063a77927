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

/** {@code /v1/meetings} over real HTTP, on H2 and on PostgreSQL: create, list with paging, get, update, replace, limits. */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class MeetingsContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "meetings");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    @Test
    void createReturnsTheMeetingInTheEnvelope() throws Exception {
        JsonNode r = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"Standup\",\"persist_chat\":true}");
        assertThat(r.path("success").asBoolean()).isTrue();
        JsonNode m = r.path("data");
        assertThat(m.path("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(m.path("title").asText()).isEqualTo("Standup");
        assertThat(m.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(m.path("persist_chat").asBoolean()).isTrue();
        assertThat(m.path("record_on_start").asBoolean()).isFalse();
        assertThat(m.path("created_at").asText()).endsWith("Z");

        JsonNode got = api.ok(200, "GET", "/v1/meetings/" + m.path("id").asText(), null).path("data");
        assertThat(got).isEqualTo(m);
    }

    @Test
    void titleOf256IsAcceptedAnd257IsRefused() throws Exception {
        api.ok(201, "POST", "/v1/meetings", RestFixture.obj().put("title", "t".repeat(256)).toString());
        HttpResponse<String> r = api.call("POST", "/v1/meetings", RestFixture.obj().put("title", "t".repeat(257)).toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(r)).isEqualTo("title_too_long");
        assertThat(RestFixture.errorMessage(r)).contains("257", "256");

        String id = api.meeting("short");
        HttpResponse<String> patch = api.call("PATCH", "/v1/meetings/" + id, RestFixture.obj().put("title", "t".repeat(257)).toString());
        assertThat(RestFixture.errorCode(patch)).isEqualTo("title_too_long");
    }

    @Test
    void listPagesWithOffsetsAndTotal() throws Exception {
        // Other tests of this class add meetings too: count before, then page through what is there.
        long before = api.ok(200, "GET", "/v1/meetings?per_page=1", null).path("paging").path("total_count").asLong();
        for (int i = 0; i < 3; i++) {
            api.meeting("paged " + i);
        }
        long total = before + 3;
        JsonNode page2 = api.ok(200, "GET", "/v1/meetings?page_no=2&per_page=2", null);
        assertThat(page2.path("data").size()).isEqualTo((int) Math.min(2, total - 2));
        assertThat(page2.path("paging").path("start_offset").asLong()).isEqualTo(3);
        assertThat(page2.path("paging").path("end_offset").asLong()).isEqualTo(2 + page2.path("data").size());
        assertThat(page2.path("paging").path("total_count").asLong()).isEqualTo(total);

        JsonNode beyond = api.ok(200, "GET", "/v1/meetings?page_no=1000&per_page=100", null);
        assertThat(beyond.path("data").size()).isZero();
        assertThat(beyond.path("paging").path("start_offset").asLong()).isZero();
        assertThat(beyond.path("paging").path("end_offset").asLong()).isZero();

        HttpResponse<String> bad = api.call("GET", "/v1/meetings?per_page=101", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(bad)).isEqualTo("invalid_request");
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndPutReplacesAll() throws Exception {
        String id = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"A\",\"persist_chat\":true,"
                + "\"session_keep_alive_time_in_secs\":60}").path("data").path("id").asText();
        JsonNode patched = api.ok(200, "PATCH", "/v1/meetings/" + id, "{\"status\":\"INACTIVE\"}").path("data");
        assertThat(patched.path("status").asText()).isEqualTo("INACTIVE");
        assertThat(patched.path("title").asText()).isEqualTo("A");
        assertThat(patched.path("persist_chat").asBoolean()).isTrue();
        assertThat(patched.path("session_keep_alive_time_in_secs").asInt()).isEqualTo(60);

        JsonNode replaced = api.ok(200, "PUT", "/v1/meetings/" + id, "{\"title\":\"B\"}").path("data");
        assertThat(replaced.path("title").asText()).isEqualTo("B");
        assertThat(replaced.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(replaced.path("persist_chat").asBoolean()).isFalse();
        assertThat(replaced.path("session_keep_alive_time_in_secs").asInt()).isZero();
        assertThat(api.ok(200, "GET", "/v1/meetings/" + id, null).path("data")).isEqualTo(replaced);
    }

    @Test
    void documentedFieldsForMissingFeaturesAreRefusedByNameAndUnknownFieldsToo() throws Exception {
        for (String field : new String[] {"record_on_start", "live_stream_on_start", "summarize_on_end", "transcribe_on_end"}) {
            HttpResponse<String> r = api.call("POST", "/v1/meetings", "{\"" + field + "\":true}");
            assertThat(r.statusCode()).as(field).isEqualTo(501);
            assertThat(RestFixture.errorCode(r)).isEqualTo("not_supported");
            assertThat(RestFixture.errorMessage(r)).contains(field);
            assertThat(r.headers().firstValue("x-should-retry")).contains("false");
        }
        JsonNode off = api.ok(201, "POST", "/v1/meetings", "{\"record_on_start\":false,\"live_stream_on_start\":null}")
                .path("data");
        assertThat(off.path("record_on_start").asBoolean(true)).isFalse();
        for (String field : new String[] {"ai_config", "recording_config"}) {
            HttpResponse<String> r = api.call("PATCH", "/v1/meetings/" + off.path("id").asText(), "{\"" + field + "\":{}}");
            assertThat(RestFixture.errorCode(r)).isEqualTo("not_supported");
            assertThat(RestFixture.errorMessage(r)).contains(field);
        }
        HttpResponse<String> typo = api.call("POST", "/v1/meetings", "{\"tittle\":\"x\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorMessage(typo)).contains("\"tittle\"", "title");
        HttpResponse<String> keepAlive = api.call("POST", "/v1/meetings", "{\"session_keep_alive_time_in_secs\":-1}");
        assertThat(RestFixture.errorMessage(keepAlive)).contains("session_keep_alive_time_in_secs");
    }

    @Test
    void listFiltersBySearchStatusAndTime() throws Exception {
        String a = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"Quarterly Filter review\"}").path("data").path("id").asText();
        api.clock.advance(java.time.Duration.ofHours(1));
        String b = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"filter standup\"}").path("data").path("id").asText();
        api.ok(200, "PATCH", "/v1/meetings/" + b, "{\"status\":\"INACTIVE\"}");
        assertThat(api.ok(200, "GET", "/v1/meetings?search=FILTER&per_page=100", null).path("data").findValuesAsText("id"))
                .containsExactly(a, b);
        assertThat(api.ok(200, "GET", "/v1/meetings?search=" + b.substring(0, 8), null).path("data").findValuesAsText("id"))
                .containsExactly(b);
        assertThat(api.ok(200, "GET", "/v1/meetings?search=filter&status=INACTIVE", null).path("data")
                .findValuesAsText("id")).containsExactly(b);
        String from = java.time.Instant.ofEpochSecond(api.clock.epochSeconds()).toString();
        assertThat(api.ok(200, "GET", "/v1/meetings?search=filter&start_time=" + from, null).path("data")
                .findValuesAsText("id")).containsExactly(b);
        assertThat(api.ok(200, "GET", "/v1/meetings?search=filter&end_time=" + from, null).path("data")
                .findValuesAsText("id")).containsExactly(a, b);
        assertThat(RestFixture.errorMessage(api.call("GET", "/v1/meetings?start_time=yesterday", null))).contains("start_time");
        assertThat(RestFixture.errorMessage(api.call("GET", "/v1/meetings?colour=red", null))).contains("\"colour\"");
    }

    @Test
    void badValuesAreRefusedWithTheirCodes() throws Exception {
        String id = api.meeting("x");
        HttpResponse<String> status = api.call("PATCH", "/v1/meetings/" + id, "{\"status\":\"PAUSED\"}");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(status)).isEqualTo("invalid_request");
        assertThat(RestFixture.errorMessage(status)).contains("ACTIVE or INACTIVE");

        HttpResponse<String> type = api.call("POST", "/v1/meetings", "{\"persist_chat\":\"yes\"}");
        assertThat(RestFixture.errorCode(type)).isEqualTo("invalid_request");

        HttpResponse<String> json = api.call("POST", "/v1/meetings", "{\"title\":");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(json)).isEqualTo("invalid_json");

        HttpResponse<String> missing = api.call("GET", "/v1/meetings/00000000-0000-0000-0000-000000000000", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(missing)).isEqualTo("meeting_not_found");
    }

    @Test
    void unknownRoutesAndMethodsUnderV1() throws Exception {
        HttpResponse<String> none = api.call("GET", "/v1/nothing-here", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(none)).isEqualTo("not_found");
        assertThat(RestFixture.json(none).path("success").asBoolean(true)).isFalse();

        HttpResponse<String> method = api.call("DELETE", "/v1/meetings", null);
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(RestFixture.errorCode(method)).isEqualTo("method_not_allowed");
        assertThat(RestFixture.errorMessage(method)).contains("POST", "GET");
    }
}
