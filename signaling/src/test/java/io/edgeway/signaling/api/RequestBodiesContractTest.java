package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.signaling.store.TestDatabases;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies answer in the documented shape (issue #10): JSON with anything after its one value is
 * refused (Jackson used to read the first value and ignore the rest), and names and titles with a C0
 * control character or DEL are refused (a newline in a title could forge a log line or break a page).
 * Over real HTTP on H2.
 */
class RequestBodiesContractTest {

    private static RestFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = RestFixture.start(TestDatabases.H2, "bodies");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"title\":\"a\"}garbage", "{\"title\":\"a\"} {\"title\":\"b\"}", "{\"title\":\"a\"}]"})
    void jsonWithTrailingGarbageIsRefused(String body) throws Exception {
        HttpResponse<String> r = api.call("POST", "/v1/meetings", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(RestFixture.errorCode(r)).isEqualTo("invalid_json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "tab\there", "nul\u0000", "bell\u0007", "del\u007F", "\u001Bescape"})
    void controlCharactersAreRefusedInTitlesAndNames(String value) throws Exception {
        HttpResponse<String> meeting = api.call("POST", "/v1/meetings", RestFixture.obj().put("title", value).toString());
        assertThat(meeting.statusCode()).as(meeting.body()).isEqualTo(400);
        assertThat(RestFixture.errorCode(meeting)).isEqualTo("invalid_request");
        assertThat(RestFixture.errorMessage(meeting)).contains("control character");

        HttpResponse<String> preset = api.call("POST", "/v1/presets", RestFixture.obj().put("name", value).toString());
        assertThat(preset.statusCode()).as(preset.body()).isEqualTo(400);
        assertThat(RestFixture.errorCode(preset)).isEqualTo("invalid_request");

        String id = api.ok(201, "POST", "/v1/meetings", RestFixture.obj().put("title", "ok").toString())
                .path("data").path("id").asText();
        api.ok(201, "POST", "/v1/presets", RestFixture.obj().put("name", "p" + Math.abs(value.hashCode())).toString());
        HttpResponse<String> participant = api.call("POST", "/v1/meetings/" + id + "/participants", RestFixture.obj()
                .put("preset_name", "p" + Math.abs(value.hashCode())).put("name", value).toString());
        assertThat(participant.statusCode()).as(participant.body()).isEqualTo(400);
        assertThat(RestFixture.errorCode(participant)).isEqualTo("invalid_request");
    }

    @Test
    void printableUnicodeIsFine() throws Exception {
        api.ok(201, "POST", "/v1/meetings", RestFixture.obj().put("title", "Réunion 会议 🎉").toString());
    }
}
