package io.edgeway.signaling.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.model.Permissions;
import io.edgeway.signaling.token.TokenGrant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry's rules on their own (no database): the app-wide session limit, sessions starting and
 * ending, and a stale claim being harmless. The REST-driven cases are in SessionsAndChatContractTest.
 */
class LiveSessionsTest {

    private final ManualClock clock = new ManualClock();

    private static TokenGrant grant(String meeting, String participant) {
        return new TokenGrant(meeting, "t", participant, "c-" + participant, "Host",
                Permissions.of(true, true, true, true, false, false, false), null, null, Long.MAX_VALUE, "jti",
                App.DEFAULT_ID, 0);
    }

    @Test
    void theLimitsAreRealtimeKits() {
        assertThat(Limits.MAX_PARTICIPANTS_PER_SESSION).isEqualTo(100);
        assertThat(Limits.MAX_CONCURRENT_SESSIONS).isEqualTo(1000);
        assertThat(Limits.MAX_MEETING_DURATION.toHours()).isEqualTo(24);
        assertThat(Limits.MAX_RECORDING_DURATION.toHours()).isEqualTo(6);
        assertThat(Limits.MAX_CHAT_MESSAGE_CHARS).isEqualTo(4000);
        assertThat(Limits.MAX_PRESET_NAME_CHARS).isEqualTo(64);
        assertThat(Limits.MAX_MEETING_TITLE_CHARS).isEqualTo(256);
        assertThat(Limits.MAX_PARTICIPANT_NAME_CHARS).isEqualTo(256);
        assertThat(Limits.DEFAULT_TOKEN_TTL.toHours()).isEqualTo(24);
    }

    private static TokenGrant keptAlive(String meeting, String participant, int seconds) {
        TokenGrant g = grant(meeting, participant);
        return new TokenGrant(g.meetingId(), g.meetingTitle(), g.participantId(), g.customParticipantId(), g.presetName(),
                g.permissions(), g.name(), g.picture(), g.expiresAt(), g.tokenId(), g.appId(), seconds);
    }

    @Test
    void aKeptAliveSessionOutlivesItsLastParticipantForItsKeepAliveTime() {
        LiveSessions live = new LiveSessions(clock);
        List<String> ended = new ArrayList<>();
        live.onSessionEnded((meeting, session) -> ended.add(session));
        Claim first = live.claim(keptAlive("m", "a", 60), (r, m) -> { });
        clock.advance(java.time.Duration.ofSeconds(90));
        live.release(first);
        SessionSnapshot empty = live.activeSession("m").orElseThrow();
        assertThat(empty.participants()).isEmpty();
        assertThat(empty.participantSeconds()).isEqualTo(90);
        clock.advance(java.time.Duration.ofSeconds(59));
        assertThat(live.endIdleSessions()).isZero();
        Claim again = live.claim(keptAlive("m", "b", 60), (r, m) -> { });
        assertThat(again.sessionId()).as("a join within the keep-alive time joins the same session")
                .isEqualTo(first.sessionId());
        live.release(again);
        clock.advance(java.time.Duration.ofSeconds(60));
        assertThat(live.endIdleSessions()).isEqualTo(1);
        assertThat(ended).containsExactly(first.sessionId());
        assertThat(live.activeSession("m")).isEmpty();
        // Without keep-alive the last one out ends it at once.
        live.release(live.claim(grant("n", "c"), (r, m) -> { }));
        assertThat(live.activeSession("n")).isEmpty();
        assertThat(ended).hasSize(2);
    }

    @Test
    void theThousandAndFirstConcurrentSessionIsRefused() {
        LiveSessions live = new LiveSessions(clock);
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_CONCURRENT_SESSIONS; i++) {
            claims.add(live.claim(grant("m" + i, "p" + i), (r, m) -> { }));
        }
        assertThat(live.sessionCount()).isEqualTo(1000);
        assertThatThrownBy(() -> live.claim(grant("one-more", "x"), (r, m) -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_SESSIONS);
                    assertThat(e.getMessage()).contains("1000");
                });
        // Joining a session that already runs is not a new session.
        live.release(live.claim(grant("m0", "second-in-m0"), (r, m) -> { }));
        live.release(claims.get(0));
        live.release(live.claim(grant("one-more", "x"), (r, m) -> { }));
    }

    @Test
    void aSessionStartsWithItsFirstAndEndsWithItsLastParticipant() {
        LiveSessions live = new LiveSessions(clock, 3, 10);
        List<String> ended = new ArrayList<>();
        live.onSessionEnded((meeting, session) -> ended.add(meeting + "/" + session));
        Claim a = live.claim(grant("m", "a"), (r, m) -> { });
        Claim b = live.claim(grant("m", "b"), (r, m) -> { });
        assertThat(b.sessionId()).isEqualTo(a.sessionId());
        live.release(a);
        assertThat(ended).isEmpty();
        live.release(b);
        assertThat(ended).containsExactly("m/" + a.sessionId());
        Claim c = live.claim(grant("m", "c"), (r, m) -> { });
        assertThat(c.sessionId()).isNotEqualTo(a.sessionId());
        live.release(c);
    }

    @Test
    void aSessionPastTwentyFourHoursRefusesJoinersUntilItIsEnded() {
        LiveSessions live = new LiveSessions(clock);
        List<ErrorCode> kicks = new ArrayList<>();
        live.claim(grant("long", "early"), (r, m) -> kicks.add(r));
        clock.advance(Limits.MAX_MEETING_DURATION);
        assertThatThrownBy(() -> live.claim(grant("long", "late"), (r, m) -> { }))
                .hasFieldOrPropertyWithValue("code", ErrorCode.MEETING_DURATION_EXCEEDED);
        assertThat(live.endSessionsOverDuration()).isEqualTo(1);
        assertThat(kicks).containsExactly(ErrorCode.MEETING_DURATION_EXCEEDED);
        // The meeting itself goes on: the next join starts a new session.
        live.release(live.claim(grant("long", "late"), (r, m) -> { }));
    }

    @Test
    void aKickedClaimReleasedLaterDoesNotTouchTheNewOne() {
        LiveSessions live = new LiveSessions(clock);
        Claim old = live.claim(grant("m", "p"), (r, m) -> { });
        assertThat(live.kickAll("m")).isEqualTo(1);
        Claim fresh = live.claim(grant("m", "p"), (r, m) -> { });
        live.release(old);
        assertThat(live.isLive("p")).isTrue();
        assertThat(live.activeSession("m")).hasValueSatisfying(s -> assertThat(s.participants()).hasSize(1));
        live.release(fresh);
        assertThat(live.activeSession("m")).isEmpty();
    }

    @Test
    void recordingsStopAtSixHours() {
        long start = clock.epochSeconds();
        Limits.checkRecordingDuration(start, start + 6 * 3600 - 1);
        assertThatThrownBy(() -> Limits.checkRecordingDuration(start, start + 6 * 3600))
                .hasFieldOrPropertyWithValue("code", ErrorCode.RECORDING_DURATION_EXCEEDED);
        Permissions viewer = Permissions.of(false, false, false, true, true, false, false);
        assertThatThrownBy(() -> viewer.requireStartStopRecording("viewer"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.RECORDING_NOT_PERMITTED);
        assertThatThrownBy(() -> viewer.requireProduce(Permissions.Media.VIDEO, "viewer"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.PUBLISH_NOT_PERMITTED);
    }
}
