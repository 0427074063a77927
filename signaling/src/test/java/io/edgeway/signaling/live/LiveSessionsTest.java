package io.edgeway.signaling.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
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
                new Permissions(true, true, true, true, false, false, false, true), null, null, Long.MAX_VALUE, "jti");
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
        Permissions viewer = new Permissions(false, false, false, true, true, false, false, true);
        assertThatThrownBy(() -> viewer.requireStartStopRecording("viewer"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.RECORDING_NOT_PERMITTED);
        assertThatThrownBy(() -> viewer.requireProduce(Permissions.Media.VIDEO, "viewer"))
                .hasFieldOrPropertyWithValue("code", ErrorCode.PUBLISH_NOT_PERMITTED);
    }
}
