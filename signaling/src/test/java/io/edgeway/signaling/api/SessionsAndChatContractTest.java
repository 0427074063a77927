package io.edgeway.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.model.ChatMessage;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.token.TokenGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the session layer will call, driven with real participants made over REST, on H2 and on
 * PostgreSQL: the "token in use" registry ({@code LiveSessions.claim/release}) with its join limits, the
 * active-session and kick routes, and chat (length, rate, per-session history, persist_chat).
 */
@ParameterizedClass
@ValueSource(strings = {TestDatabases.H2, TestDatabases.POSTGRESQL})
class SessionsAndChatContractTest {

    @Parameter
    String database;

    static RestFixture api;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        api = RestFixture.start(database, "sessions");
        api.preset("Host");
        api.ok(201, "POST", "/v1/presets", "{\"name\":\"muted-chat\",\"permissions\":{\"chat\":{\"public\":{\"can_send\":false}}}}");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        api.close();
    }

    /** A kick listener that records what it was told, as the session layer's connection would. */
    static final class Kicks {
        final List<ErrorCode> reasons = new CopyOnWriteArrayList<>();
    }

    private static TokenGrant join(String meeting, String customId, String preset) throws Exception {
        return api.plane.tokens().verify(api.participant(meeting, customId, preset).path("token").asText()).grantOrThrow();
    }

    @Test
    void aTokenIsLiveInOneSessionAtATime() throws Exception {
        String meeting = api.meeting("reuse");
        JsonNode p = api.participant(meeting, "u", "Host");
        LiveSessions live = api.plane.sessions();
        TokenGrant g = api.plane.tokens().verify(p.path("token").asText()).grantOrThrow();
        Claim first = live.claim(g, (r, m) -> { });
        assertThatThrownBy(() -> live.claim(g, (r, m) -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_REUSE);
                    assertThat(e.code().code()).isEqualTo("token_reuse");
                });
        // A refreshed token names the same participant: still one live session.
        String refreshed = api.ok(200, "POST", "/v1/meetings/" + meeting + "/participants/" + p.path("id").asText()
                + "/token", null).path("data").path("token").asText();
        TokenGrant g2 = api.plane.tokens().verify(refreshed).grantOrThrow();
        assertThatThrownBy(() -> live.claim(g2, (r, m) -> { })).hasFieldOrPropertyWithValue("code", ErrorCode.TOKEN_REUSE);
        live.release(first);
        live.release(first);
        Claim again = live.claim(g2, (r, m) -> { });
        live.release(again);
        assertThat(live.isLive(g.participantId())).isFalse();
    }

    @Test
    void theHundredAndFirstJoinIsRefused() throws Exception {
        String meeting = api.meeting("full");
        LiveSessions live = api.plane.sessions();
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            claims.add(live.claim(join(meeting, "p" + i, "Host"), (r, m) -> { }));
        }
        TokenGrant extra = join(meeting, "p100", "Host");
        assertThatThrownBy(() -> live.claim(extra, (r, m) -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SESSION_FULL);
                    assertThat(e.getMessage()).contains("100");
                });
        JsonNode session = api.ok(200, "GET", "/v1/meetings/" + meeting + "/active-session", null).path("data");
        assertThat(session.path("live_participants").asInt()).isEqualTo(100);
        live.release(claims.get(0));
        live.release(live.claim(extra, (r, m) -> { }));
        claims.subList(1, claims.size()).forEach(live::release);
        assertThat(RestFixture.errorCode(api.call("GET", "/v1/meetings/" + meeting + "/active-session", null)))
                .isEqualTo("no_active_session");
    }

    @Test
    void activeSessionKickAndKickAllOverRest() throws Exception {
        String meeting = api.meeting("kicks");
        assertThat(RestFixture.errorCode(api.call("GET", "/v1/meetings/" + meeting + "/active-session", null)))
                .isEqualTo("no_active_session");
        assertThat(RestFixture.errorCode(api.call("POST", "/v1/meetings/" + meeting + "/active-session/kick-all", null)))
                .isEqualTo("no_active_session");
        LiveSessions live = api.plane.sessions();
        Kicks a = new Kicks();
        Kicks b = new Kicks();
        Kicks c = new Kicks();
        TokenGrant ga = join(meeting, "a", "Host");
        live.claim(ga, (r, m) -> a.reasons.add(r));
        live.claim(join(meeting, "b", "Host"), (r, m) -> b.reasons.add(r));
        live.claim(join(meeting, "c", "Host"), (r, m) -> c.reasons.add(r));

        JsonNode session = api.ok(200, "GET", "/v1/meetings/" + meeting + "/active-session", null).path("data");
        assertThat(session.path("associated_id").asText()).isEqualTo(meeting);
        assertThat(session.path("organization_id").asText()).isEqualTo("default");
        assertThat(session.path("meeting_display_name").asText()).isEqualTo("kicks");
        assertThat(session.path("status").asText()).isEqualTo("LIVE");
        assertThat(session.path("type").asText()).isEqualTo("meeting");
        assertThat(session.path("live_participants").asInt()).isEqualTo(3);
        assertThat(session.path("max_concurrent_participants").asInt()).isEqualTo(3);
        assertThat(session.path("minutes_consumed").isNumber()).isTrue();
        assertThat(session.path("breakout_rooms").isArray()).isTrue();
        for (String f : new String[] {"id", "created_at", "started_at", "updated_at"}) {
            assertThat(session.path(f).asText()).as(f).isNotEmpty();
        }
        assertThat(session.has("ended_at")).isFalse();

        JsonNode kicked = api.ok(200, "POST", "/v1/meetings/" + meeting + "/active-session/kick",
                "{\"participant_ids\":[\"" + ga.participantId() + "\"],\"custom_participant_ids\":[\"b\",\"nobody\"]}").path("data");
        assertThat(kicked.path("action").asText()).isEqualTo("kick");
        assertThat(kicked.path("participants").findValuesAsText("custom_participant_id")).containsExactlyInAnyOrder("a", "b");
        assertThat(kicked.path("participants").path(0).path("created_at").asText()).isNotEmpty();
        assertThat(kicked.path("participants").path(0).path("updated_at").asText()).isNotEmpty();
        assertThat(a.reasons).containsExactly(ErrorCode.KICKED);
        assertThat(b.reasons).containsExactly(ErrorCode.KICKED);
        assertThat(c.reasons).isEmpty();
        assertThat(live.isLive(ga.participantId())).isFalse();

        assertThat(RestFixture.errorCode(api.call("POST", "/v1/meetings/" + meeting + "/active-session/kick", "{}")))
                .isEqualTo("invalid_request");
        JsonNode all = api.ok(200, "POST", "/v1/meetings/" + meeting + "/active-session/kick-all", null).path("data");
        assertThat(all.path("action").asText()).isEqualTo("kick_all");
        assertThat(all.path("kicked_participants_count").asInt()).isEqualTo(1);
        assertThat(c.reasons).containsExactly(ErrorCode.SESSION_ENDED);
        assertThat(live.activeSession(meeting)).isEmpty();
    }

    @Test
    void deletingALiveParticipantKicksThem() throws Exception {
        String meeting = api.meeting("delete-live");
        JsonNode p = api.participant(meeting, "gone", "Host");
        Kicks k = new Kicks();
        api.plane.sessions().claim(api.plane.tokens().verify(p.path("token").asText()).grantOrThrow(), (r, m) -> k.reasons.add(r));
        api.ok(200, "DELETE", "/v1/meetings/" + meeting + "/participants/" + p.path("id").asText(), null);
        assertThat(k.reasons).containsExactly(ErrorCode.KICKED);
    }

    @Test
    void settingAMeetingInactiveEndsItsSessionForEveryone() throws Exception {
        String meeting = api.meeting("closing");
        LiveSessions live = api.plane.sessions();
        Kicks a = new Kicks();
        Kicks b = new Kicks();
        live.claim(join(meeting, "a", "Host"), (r, m) -> a.reasons.add(r));
        live.claim(join(meeting, "b", "Host"), (r, m) -> b.reasons.add(r));
        api.ok(200, "PATCH", "/v1/meetings/" + meeting, "{\"title\":\"still open\"}");
        assertThat(a.reasons).isEmpty();
        api.ok(200, "PATCH", "/v1/meetings/" + meeting, "{\"status\":\"INACTIVE\"}");
        assertThat(a.reasons).containsExactly(ErrorCode.MEETING_INACTIVE);
        assertThat(b.reasons).containsExactly(ErrorCode.MEETING_INACTIVE);
        assertThat(live.activeSession(meeting)).isEmpty();
    }

    @Test
    void aSessionEndsForEveryoneAfter24Hours() throws Exception {
        String meeting = api.meeting("long");
        LiveSessions live = api.plane.sessions();
        Kicks k = new Kicks();
        live.claim(join(meeting, "early", "Host"), (r, m) -> k.reasons.add(r));
        TokenGrant late = join(meeting, "late", "Host");
        api.clock.advance(Duration.ofHours(24));
        // The control plane's housekeeping (every second) may end it first; ending it here as well makes
        // the outcome the same either way. A late joiner racing the end is LiveSessionsTest's case.
        live.endSessionsOverDuration();
        assertThat(k.reasons).containsExactly(ErrorCode.MEETING_DURATION_EXCEEDED);
        live.release(live.claim(late, (r, m) -> { }));
    }

    @Test
    void chatChecksLengthRateAndPermission() throws Exception {
        String meeting = api.meeting("chat-rules");
        LiveSessions live = api.plane.sessions();
        ChatService chat = api.plane.chat();
        Claim c = live.claim(join(meeting, "talker", "Host"), (r, m) -> { });
        ChatMessage ok = chat.send(c, "x".repeat(4000));
        assertThat(ok.text()).hasSize(4000);
        assertThatThrownBy(() -> chat.send(c, "x".repeat(4001)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHAT_MESSAGE_TOO_LONG);
                    assertThat(e.code().code()).isEqualTo("chat_message_too_long");
                    assertThat(e.getMessage()).contains("4001", "4000");
                });
        assertThatThrownBy(() -> chat.send(c, "  ")).hasFieldOrPropertyWithValue("code", ErrorCode.CHAT_MESSAGE_EMPTY);
        for (int i = 1; i < 180; i++) {
            chat.send(c, "m" + i);
        }
        assertThatThrownBy(() -> chat.send(c, "one too many"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHAT_RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
                });
        api.clock.advance(Duration.ofMinutes(1));
        chat.send(c, "after a minute");

        Claim muted = live.claim(join(meeting, "muted", "muted-chat"), (r, m) -> { });
        assertThatThrownBy(() -> chat.send(muted, "hi")).hasFieldOrPropertyWithValue("code", ErrorCode.CHAT_NOT_PERMITTED);
        live.release(c);
        live.release(muted);
    }

    @Test
    void lateJoinersGetTheSessionsChatAndPersistChatKeepsItAcrossSessions() throws Exception {
        LiveSessions live = api.plane.sessions();
        ChatService chat = api.plane.chat();
        for (boolean persist : new boolean[] {false, true}) {
            String meeting = api.ok(201, "POST", "/v1/meetings", "{\"title\":\"h\",\"persist_chat\":" + persist + "}")
                    .path("data").path("id").asText();
            Claim first = live.claim(join(meeting, "first", "Host"), (r, m) -> { });
            chat.send(first, "hello");
            chat.send(first, "anyone?");
            Claim late = live.claim(join(meeting, "late", "Host"), (r, m) -> { });
            assertThat(chat.history(meeting, late.sessionId())).extracting(ChatMessage::text).containsExactly("hello", "anyone?");
            live.release(first);
            live.release(late);
            // Deleting a non-persisted session's chat runs off the caller's thread.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Claim next = live.claim(join(meeting, "next-" + System.nanoTime(), "Host"), (r, m) -> { });
                try {
                    List<ChatMessage> history = chat.history(meeting, next.sessionId());
                    if (persist) {
                        assertThat(history).extracting(ChatMessage::text).containsExactly("hello", "anyone?");
                    } else {
                        assertThat(history).isEmpty();
                    }
                } finally {
                    live.release(next);
                }
            });
        }
    }
}
