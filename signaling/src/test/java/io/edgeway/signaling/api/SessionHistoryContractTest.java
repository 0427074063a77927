package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.token.TokenGrant;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RealtimeKit's sessions API on H2 and on PostgreSQL, with participants joining through the live-session
 * registry the session layer uses and the {@link io.edgeway.core.time.ManualClock} moving time: the list with
 * its filters, sorting and paging; details; participants with join and leave times and durations; one
 * participant with its peer events; the peer report; the chat export behind an expiring link Edgeway serves
 * without an API key; transcripts and summaries refused; and the history kept across a restart, where a
 * session left LIVE is ended.
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class SessionHistoryContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "history");
        api.preset("Host");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    private static TokenGrant grant(String meeting, String customId) throws Exception {
        return api.plane.tokens().verify(api.participant(meeting, customId, "Host").path("token").asText()).grantOrThrow();
    }

    private static JsonNode sessionsOf(String meeting, String query) throws Exception {
        return api.ok(200, "GET", "/v1/sessions?associated_id=" + meeting + query, null);
    }

    @Test
    void anEndedSessionKeepsItsParticipantsTimesAndChat() throws Exception {
        String meeting = api.meeting("History review");
        LiveSessions live = api.plane.sessions();
        Claim ann = live.claim(grant(meeting, "ann"), (r, m) -> { });
        api.clock.advance(Duration.ofSeconds(60));
        Claim bob = live.claim(grant(meeting, "bob"), (r, m) -> { });
        api.plane.chat().send(ann, "hello, \"bob\"");
        api.plane.chat().send(bob, "hi");
        api.clock.advance(Duration.ofSeconds(120));
        String sessionId = ann.sessionId();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sessionsOf(meeting, "&status=LIVE").path("data").path("sessions").findValuesAsText("id")).containsExactly(sessionId));
        JsonNode liveDetails = api.ok(200, "GET", "/v1/sessions/" + sessionId, null).path("data");
        assertThat(liveDetails.path("status").asText()).isEqualTo("LIVE");
        assertThat(liveDetails.path("live_participants").asInt()).isEqualTo(2);
        live.release(bob);
        api.clock.advance(Duration.ofSeconds(60));
        live.release(ann);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.ok(200, "GET", "/v1/sessions/" + sessionId, null).path("data").path("status").asText()).isEqualTo("ENDED"));
        JsonNode s = api.ok(200, "GET", "/v1/sessions/" + sessionId + "?include_breakout_rooms=true", null).path("data");
        assertThat(s.path("associated_id").asText()).isEqualTo(meeting);
        assertThat(s.path("meeting_display_name").asText()).isEqualTo("History review");
        assertThat(s.path("organization_id").asText()).isEqualTo("default");
        assertThat(s.path("type").asText()).isEqualTo("meeting");
        assertThat(s.path("live_participants").asInt()).isZero();
        assertThat(s.path("max_concurrent_participants").asInt()).isEqualTo(2);
        // ann 240 s + bob 120 s = 6 participant-minutes
        assertThat(s.path("minutes_consumed").asDouble()).isEqualTo(6.0);
        assertThat(s.path("ended_at").asText()).isEqualTo(java.time.Instant.ofEpochSecond(api.clock.epochSeconds()).toString());

        JsonNode peers = api.ok(200, "GET", "/v1/sessions/" + sessionId + "/participants?sort_by=duration&sort_order=DESC",
                null);
        assertThat(peers.path("paging").path("total_count").asInt()).isEqualTo(2);
        JsonNode first = peers.path("data").path("participants").path(0);
        assertThat(first.path("custom_participant_id").asText()).isEqualTo("ann");
        assertThat(first.path("user_id").asText()).isEqualTo(ann.grant().participantId());
        assertThat(first.path("id").asText()).isEqualTo(ann.peerId());
        assertThat(first.path("display_name").asText()).isEqualTo("Name ann");
        assertThat(first.path("preset_name").asText()).isEqualTo("Host");
        assertThat(first.path("duration").asDouble()).isEqualTo(4.0);
        assertThat(first.path("joined_at").asText()).isNotEmpty();
        assertThat(first.path("left_at").asText()).isNotEmpty();
        assertThat(first.has("peer_events")).isFalse();
        assertThat(api.ok(200, "GET", "/v1/sessions/" + sessionId + "/participants?search=BOB", null).path("data")
                .path("participants").findValuesAsText("custom_participant_id")).containsExactly("bob");

        JsonNode one = api.ok(200, "GET", "/v1/sessions/" + sessionId + "/participants/" + bob.peerId()
                + "?include_peer_events=true", null).path("data").path("participant");
        assertThat(one.path("duration").asDouble()).isEqualTo(2.0);
        assertThat(one.path("peer_events").findValuesAsText("event_name"))
                .containsExactly("PEER_CREATED", "PEER_JOINING", "PEER_LEAVING");
        JsonNode report = api.ok(200, "GET", "/v1/sessions/peer-report/" + bob.peerId(), null).path("data").path("participant");
        assertThat(report.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(report.path("role").asText()).isEqualTo("Host");
        assertThat(report.path("peer_report").isObject()).isTrue();

        JsonNode chat = api.ok(200, "GET", "/v1/sessions/" + sessionId + "/chat", null).path("data");
        String url = chat.path("chat_download_url").asText();
        assertThat(url).startsWith(api.base + "/v1/sessions/" + sessionId + "/chat/download?");
        assertThat(chat.path("chat_download_url_expiry").asText()).isNotEmpty();
        HttpResponse<String> csv = api.send("GET", url.substring(api.base.length()), null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(3);
        assertThat(csv.body()).contains("\"hello, \"\"bob\"\"\"", "\"hi\"", "\"Name bob\"");
        HttpResponse<String> forged = api.send("GET", forgedSignature(url.substring(api.base.length())), null);
        assertThat(RestFixture.errorCode(forged)).isEqualTo("download_link_invalid");
        api.clock.advance(Duration.ofHours(1));
        assertThat(RestFixture.errorCode(api.send("GET", url.substring(api.base.length()), null))).isEqualTo("download_link_invalid");
        assertThat(URI.create(url).getQuery()).contains("expires=");

        for (String path : new String[] {"/transcript", "/summary"}) {
            HttpResponse<String> r = api.call("GET", "/v1/sessions/" + sessionId + path, null);
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(RestFixture.errorCode(r)).isEqualTo("not_supported");
        }
        assertThat(RestFixture.errorCode(api.call("GET", "/v1/sessions/nope", null))).isEqualTo("session_not_found");
    }

    @Test
    void theListFiltersSortsAndPagesAndSurvivesARestart() throws Exception {
        String meeting = api.meeting("Many sessions");
        LiveSessions live = api.plane.sessions();
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            Claim c = live.claim(grant(meeting, "p" + i), (r, m) -> { });
            ids[i] = c.sessionId();
            api.clock.advance(Duration.ofSeconds(60L * (3 - i)));
            live.release(c);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sessionsOf(meeting, "&status=ENDED").path("paging").path("total_count").asInt()).isEqualTo(3));
        assertThat(sessionsOf(meeting, "").path("data").path("sessions").findValuesAsText("id")).containsExactly(ids);
        assertThat(sessionsOf(meeting, "&sort_by=minutesConsumed&sort_order=ASC").path("data").path("sessions")
                .findValuesAsText("id")).containsExactly(ids[2], ids[1], ids[0]);
        JsonNode page2 = sessionsOf(meeting, "&per_page=2&page_no=2");
        assertThat(page2.path("data").path("sessions").findValuesAsText("id")).containsExactly(ids[2]);
        assertThat(page2.path("paging").path("start_offset").asInt()).isEqualTo(3);
        assertThat(api.ok(200, "GET", "/v1/sessions?search=" + ids[1].substring(0, 13), null).path("data")
                .path("sessions").findValuesAsText("id")).containsExactly(ids[1]);
        assertThat(api.ok(200, "GET", "/v1/sessions?search=many%20SESSIONS&per_page=100", null).path("data")
                .path("sessions").findValuesAsText("id")).contains(ids);
        assertThat(RestFixture.errorMessage(api.call("GET", "/v1/sessions?sort_by=size", null))).contains("sort_by");

        // A session still LIVE when the process stops is ended at the next start; the history stays.
        Claim orphan = live.claim(grant(meeting, "orphan"), (r, m) -> { });
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sessionsOf(meeting, "&status=LIVE").path("paging").path("total_count").asInt()).isEqualTo(1));
        api.restart();
        JsonNode after = sessionsOf(meeting, "");
        assertThat(after.path("paging").path("total_count").asInt()).isEqualTo(4);
        JsonNode ended = api.ok(200, "GET", "/v1/sessions/" + orphan.sessionId(), null).path("data");
        assertThat(ended.path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.path("ended_at").asText()).isNotEmpty();
    }

    /** The link with the first character of its signature changed (always to a different one). */
    private static String forgedSignature(String link) {
        int at = link.indexOf("signature=") + "signature=".length();
        char first = link.charAt(at);
        return link.substring(0, at) + (first == '0' ? '1' : '0') + link.substring(at + 1);
    }
}
