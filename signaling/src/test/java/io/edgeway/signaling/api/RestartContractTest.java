package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.token.TokenGrant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restart in the middle loses nothing, on H2 and on PostgreSQL: meetings, presets, participants, API
 * keys, TURN keys and revocations, chat of persist_chat meetings, and the signing key (a token issued
 * before the restart still verifies after it). No new API key is generated on the second start.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class RestartContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "restart");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    @Test
    void everythingSurvivesARestart() throws Exception {
        String presetId = api.ok(201, "POST", "/v1/presets", "{\"name\":\"Keeper\",\"permissions\":{\"can_record\":true}}")
                .path("data").path("id").asText();
        JsonNode meeting = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"Before\",\"persist_chat\":true}").path("data");
        String meetingId = meeting.path("id").asText();
        JsonNode participant = api.participant(meetingId, "stays", "Keeper");
        String token = participant.path("token").asText();
        String secondKey = api.ok(201, "POST", "/v1/api-keys", "{\"name\":\"second\"}").path("data").path("key").asText();
        JsonNode turnKey = api.ok(201, "POST", "/v1/turn/keys", "{\"name\":\"t\"}").path("data");
        String uid = turnKey.path("uid").asText();
        String turnToken = turnKey.path("key").asText();
        String revoked = RestFixture.json(api.send("POST", "/v1/turn/keys/" + uid + "/credentials/generate-ice-servers",
                "{}", "Authorization", "Bearer " + turnToken)).path("iceServers").path(1).path("username").asText();
        assertThat(api.send("POST", "/v1/turn/keys/" + uid + "/credentials/" + URLEncoder.encode(revoked, StandardCharsets.UTF_8)
                + "/revoke", null, "Authorization", "Bearer " + turnToken).statusCode()).isEqualTo(204);
        var claim = api.plane.sessions().claim(api.plane.tokens().verify(token).grantOrThrow(), (r, m) -> { });
        api.plane.chat().send(claim, "said before the restart");

        api.restart();

        assertThat(api.plane.bootstrapKey()).isEmpty();
        assertThat(api.ok(200, "GET", "/v1/meetings/" + meetingId, null).path("data")).isEqualTo(meeting);
        assertThat(api.ok(200, "GET", "/v1/presets/" + presetId, null).path("data").path("permissions").path("can_record")
                .asBoolean()).isTrue();
        JsonNode p = api.ok(200, "GET", "/v1/meetings/" + meetingId + "/participants/" + participant.path("id").asText(), null)
                .path("data");
        assertThat(p.path("custom_participant_id").asText()).isEqualTo("stays");
        TokenGrant g = api.plane.tokens().verify(token).grantOrThrow();
        assertThat(g.participantId()).isEqualTo(participant.path("id").asText());
        assertThat(g.permissions().canRecord()).isTrue();
        assertThat(api.send("GET", "/v1/meetings", null, "Authorization", "Bearer " + secondKey).statusCode()).isEqualTo(200);
        assertThat(api.send("POST", "/v1/turn/keys/" + uid + "/credentials/generate-ice-servers", "{}",
                "Authorization", "Bearer " + turnToken).statusCode()).isEqualTo(201);
        assertThat(TurnKeysContractTest.isRevoked(revoked, api)).isTrue();
        var again = api.plane.sessions().claim(g, (r, m) -> { });
        assertThat(api.plane.chat().history(meetingId, again.sessionId()))
                .extracting(m -> m.text()).containsExactly("said before the restart");
        api.plane.sessions().release(again);
    }
}
