package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.token.TokenGrant;
import io.edgeway.signaling.token.TokenVerification;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/meetings/{id}/participants} over real HTTP, on H2 and on PostgreSQL, and what the tokens
 * they return grant ({@code ParticipantTokens.verify}): a missing preset named exactly, refresh keeping
 * id and preset, expiry, forgery, deletion, an INACTIVE meeting.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class ParticipantsContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "participants");
        api.preset("Host");
        api.ok(201, "POST", "/v1/presets", "{\"name\":\"viewer\",\"permissions\":{\"media\":{\"audio\":{\"can_produce\":"
                + "\"NOT_ALLOWED\"},\"video\":{\"can_produce\":\"NOT_ALLOWED\"},\"screenshare\":{\"can_produce\":\"NOT_ALLOWED\"}}}}");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    private static String base(String meetingId) {
        return "/v1/meetings/" + meetingId + "/participants";
    }

    @Test
    void addReturnsIdAndATokenThatGrantsTheMeeting() throws Exception {
        String meeting = api.meeting("Weekly");
        JsonNode p = api.ok(201, "POST", base(meeting), "{\"custom_participant_id\":\"user-1\",\"preset_name\":\"Host\","
                + "\"name\":\"Ada\",\"picture\":\"https://example.test/ada.png\"}").path("data");
        assertThat(p.path("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(p.path("custom_participant_id").asText()).isEqualTo("user-1");
        assertThat(p.path("preset_name").asText()).isEqualTo("Host");
        assertThat(p.path("picture").asText()).isEqualTo("https://example.test/ada.png");
        String token = p.path("token").asText();
        assertThat(token.split("\\.")).hasSize(3);

        TokenGrant g = api.plane.tokens().verify(token).grantOrThrow();
        assertThat(g.meetingId()).isEqualTo(meeting);
        assertThat(g.meetingTitle()).isEqualTo("Weekly");
        assertThat(g.participantId()).isEqualTo(p.path("id").asText());
        assertThat(g.customParticipantId()).isEqualTo("user-1");
        assertThat(g.presetName()).isEqualTo("Host");
        assertThat(g.name()).isEqualTo("Ada");
        assertThat(g.permissions().canProduceVideo()).isTrue();
        assertThat(g.expiresAt()).isEqualTo(api.clock.epochSeconds() + Duration.ofHours(24).toSeconds());

        JsonNode got = api.ok(200, "GET", base(meeting) + "/" + p.path("id").asText(), null).path("data");
        assertThat(got.path("name").asText()).isEqualTo("Ada");
        assertThat(got.has("token")).isFalse();
    }

    @Test
    void aMissingPresetIsRefusedWithItsExactName() throws Exception {
        String meeting = api.meeting("m");
        HttpResponse<String> r = api.call("POST", base(meeting), "{\"custom_participant_id\":\"u\",\"preset_name\":\"host \"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(r)).isEqualTo("preset_not_found");
        assertThat(RestFixture.errorMessage(r)).contains("\"host \"").contains("case-sensitive");
    }

    @Test
    void aPresetDeletedAfterwardsRefusesTheJoinNamingIt() throws Exception {
        String presetId = api.preset("Temporary Role");
        String meeting = api.meeting("m");
        String token = api.participant(meeting, "u", "Temporary Role").path("token").asText();
        api.ok(200, "DELETE", "/v1/presets/" + presetId, null);
        TokenVerification v = api.plane.tokens().verify(token);
        assertThat(v).isInstanceOf(TokenVerification.Refused.class);
        assertThat(((TokenVerification.Refused) v).code()).isEqualTo(ErrorCode.PRESET_NOT_FOUND);
        assertThat(((TokenVerification.Refused) v).message()).contains("\"Temporary Role\"");
    }

    @Test
    void nameOf256IsAcceptedAnd257IsRefused() throws Exception {
        String meeting = api.meeting("m");
        api.ok(201, "POST", base(meeting), RestFixture.obj().put("custom_participant_id", "a").put("preset_name", "Host")
                .put("name", "n".repeat(256)).toString());
        HttpResponse<String> r = api.call("POST", base(meeting), RestFixture.obj().put("custom_participant_id", "b")
                .put("preset_name", "Host").put("name", "n".repeat(257)).toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RestFixture.errorCode(r)).isEqualTo("participant_name_too_long");
    }

    @Test
    void fieldsAreChecked() throws Exception {
        String meeting = api.meeting("m");
        HttpResponse<String> noCustom = api.call("POST", base(meeting), "{\"preset_name\":\"Host\"}");
        assertThat(RestFixture.errorCode(noCustom)).isEqualTo("invalid_request");
        assertThat(RestFixture.errorMessage(noCustom)).contains("custom_participant_id");
        HttpResponse<String> noPreset = api.call("POST", base(meeting), "{\"custom_participant_id\":\"x\"}");
        assertThat(RestFixture.errorMessage(noPreset)).contains("preset_name");
        HttpResponse<String> picture = api.call("POST", base(meeting),
                "{\"custom_participant_id\":\"x\",\"preset_name\":\"Host\",\"picture\":\"javascript:alert(1)\"}");
        assertThat(RestFixture.errorCode(picture)).isEqualTo("invalid_request");
        HttpResponse<String> noMeeting = api.call("POST", base("00000000-0000-0000-0000-000000000000"),
                "{\"custom_participant_id\":\"x\",\"preset_name\":\"Host\"}");
        assertThat(noMeeting.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(noMeeting)).isEqualTo("meeting_not_found");
    }

    @Test
    void aCustomIdIsUniqueWithinItsMeeting() throws Exception {
        String m1 = api.meeting("m1");
        String m2 = api.meeting("m2");
        api.participant(m1, "same", "Host");
        api.participant(m2, "same", "Host");
        HttpResponse<String> again = api.call("POST", base(m1), "{\"custom_participant_id\":\"same\",\"preset_name\":\"Host\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(RestFixture.errorCode(again)).isEqualTo("participant_exists");
    }

    @Test
    void listUpdateAndDelete() throws Exception {
        String meeting = api.meeting("m");
        String a = api.participant(meeting, "a", "Host").path("id").asText();
        String b = api.participant(meeting, "b", "Host").path("id").asText();
        JsonNode list = api.ok(200, "GET", base(meeting), null);
        assertThat(list.path("paging").path("total_count").asInt()).isEqualTo(2);
        assertThat(list.path("data").findValuesAsText("id")).containsExactly(a, b);

        JsonNode updated = api.ok(200, "PATCH", base(meeting) + "/" + a, "{\"name\":\"Renamed\",\"preset_name\":\"viewer\"}")
                .path("data");
        assertThat(updated.path("name").asText()).isEqualTo("Renamed");
        assertThat(updated.path("preset_name").asText()).isEqualTo("viewer");
        // RealtimeKit's edit answers the participant with a token, which carries the new preset at its next join.
        assertThat(api.plane.tokens().verify(updated.path("token").asText()).grantOrThrow().presetName()).isEqualTo("viewer");
        assertThat(RestFixture.errorMessage(api.call("PATCH", base(meeting) + "/" + a,
                "{\"custom_participant_id\":\"new\"}"))).contains("\"custom_participant_id\"");
        HttpResponse<String> badPreset = api.call("PATCH", base(meeting) + "/" + a, "{\"preset_name\":\"VIEWER\"}");
        assertThat(RestFixture.errorCode(badPreset)).isEqualTo("preset_not_found");

        JsonNode deleted = api.ok(200, "DELETE", base(meeting) + "/" + b, null).path("data");
        assertThat(deleted.path("custom_participant_id").asText()).isEqualTo("b");
        assertThat(deleted.path("preset_id").asText()).isEqualTo(api.ok(200, "GET", "/v1/presets?search=Host", null)
                .path("data").path(0).path("id").asText());
        assertThat(deleted.path("created_at").asText()).isNotEmpty();
        assertThat(deleted.path("updated_at").asText()).isNotEmpty();
        HttpResponse<String> gone = api.call("GET", base(meeting) + "/" + b, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(RestFixture.errorCode(gone)).isEqualTo("participant_not_found");
        // A participant is found only under its own meeting.
        String other = api.meeting("other");
        assertThat(RestFixture.errorCode(api.call("GET", base(other) + "/" + a, null))).isEqualTo("participant_not_found");
    }

    @Test
    void refreshKeepsIdAndPresetAndAnExpiredTokenSaysRefresh() throws Exception {
        String meeting = api.meeting("m");
        JsonNode p = api.participant(meeting, "r", "viewer");
        String id = p.path("id").asText();
        String first = p.path("token").asText();

        api.clock.advance(Duration.ofHours(24));
        TokenVerification expired = api.plane.tokens().verify(first);
        assertThat(((TokenVerification.Refused) expired).code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(((TokenVerification.Refused) expired).message()).contains("/participants/" + id + "/token");

        JsonNode refreshed = api.ok(200, "POST", base(meeting) + "/" + id + "/token", null).path("data");
        String second = refreshed.path("token").asText();
        assertThat(second).isNotEqualTo(first);
        TokenGrant g = api.plane.tokens().verify(second).grantOrThrow();
        assertThat(g.participantId()).isEqualTo(id);
        assertThat(g.presetName()).isEqualTo("viewer");
        assertThat(g.permissions().canProduceAudio()).isFalse();
        assertThat(g.permissions().canProduceVideo()).isFalse();

        assertThat(RestFixture.errorCode(api.call("POST", base(meeting) + "/no-such/token", null)))
                .isEqualTo("participant_not_found");
    }

    @Test
    void forgedTokensAreInvalid() throws Exception {
        String meeting = api.meeting("m");
        String token = api.participant(meeting, "f", "Host").path("token").asText();
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"Host\"", "\"Admin\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String forged : new String[] {parts[0] + "." + otherPayload + "." + parts[2], "not-a-jwt", "",
                parts[0] + "." + parts[1] + "."}) {
            TokenVerification v = api.plane.tokens().verify(forged);
            assertThat(v).as(forged).isInstanceOf(TokenVerification.Refused.class);
            assertThat(((TokenVerification.Refused) v).code()).isEqualTo(ErrorCode.TOKEN_INVALID);
        }
    }

    @Test
    void aDeletedParticipantOrAnInactiveMeetingRefusesTheToken() throws Exception {
        String meeting = api.meeting("m");
        JsonNode p = api.participant(meeting, "d", "Host");
        JsonNode q = api.participant(meeting, "e", "Host");
        api.ok(200, "DELETE", base(meeting) + "/" + p.path("id").asText(), null);
        TokenVerification deleted = api.plane.tokens().verify(p.path("token").asText());
        assertThat(((TokenVerification.Refused) deleted).code()).isEqualTo(ErrorCode.PARTICIPANT_DELETED);

        api.ok(200, "PATCH", "/v1/meetings/" + meeting, "{\"status\":\"INACTIVE\"}");
        TokenVerification inactive = api.plane.tokens().verify(q.path("token").asText());
        assertThat(((TokenVerification.Refused) inactive).code()).isEqualTo(ErrorCode.MEETING_INACTIVE);
        api.ok(200, "PATCH", "/v1/meetings/" + meeting, "{\"status\":\"ACTIVE\"}");
        assertThat(api.plane.tokens().verify(q.path("token").asText())).isInstanceOf(TokenVerification.Valid.class);
    }
}
