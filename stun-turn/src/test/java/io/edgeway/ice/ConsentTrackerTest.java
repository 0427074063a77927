package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 7675 §5.1 consent expiry as a stored deadline, driven by a {@link ManualClock}. */
class ConsentTrackerTest {

    private final ManualClock clock = new ManualClock();
    private final ConsentTracker consent = new ConsentTracker();

    @Test
    void idleTrackerNeverExpires() {
        clock.advance(Duration.ofHours(1));

        assertThat(consent.isRunning()).isFalse();
        assertThat(consent.isExpired(clock.nanos())).isFalse();
        assertThat(consent.onTimeout(clock.nanos())).isFalse();
        assertThat(consent.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void consentExpiresAtThirtySecondsExactly() {
        long start = clock.nanos();
        consent.refresh(start);
        assertThat(consent.nextDeadline()).isEqualTo(start + Duration.ofSeconds(30).toNanos());

        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(consent.isExpired(clock.nanos())).isFalse();
        assertThat(consent.onTimeout(clock.nanos())).isFalse();

        clock.advance(Duration.ofNanos(1));
        assertThat(consent.isExpired(clock.nanos())).isTrue();
        assertThat(consent.onTimeout(clock.nanos())).isTrue();
        assertThat(consent.isLost()).isTrue();
        assertThat(consent.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void lossIsReportedOnceAndIsFinal() {
        consent.refresh(clock.nanos());
        clock.advance(Duration.ofSeconds(31));
        assertThat(consent.onTimeout(clock.nanos())).isTrue();

        assertThat(consent.onTimeout(clock.nanos())).isFalse();
        consent.refresh(clock.nanos());
        assertThat(consent.isLost()).isTrue();
        assertThat(consent.isRunning()).isFalse();
        assertThat(consent.isExpired(clock.nanos())).isTrue();
    }

    @Test
    void eachRefreshMovesTheDeadline() {
        consent.refresh(clock.nanos());
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(29));
            assertThat(consent.onTimeout(clock.nanos())).isFalse();
            consent.refresh(clock.nanos());
        }
        assertThat(consent.nextDeadline()).isEqualTo(clock.nanos() + Duration.ofSeconds(30).toNanos());
    }

    @Test
    void deadlinesSurviveTheNanoClockWrapping() {
        ManualClock nearWrap = new ManualClock(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos(), 0);
        consent.refresh(nearWrap.nanos());

        nearWrap.advance(Duration.ofSeconds(29));
        assertThat(consent.onTimeout(nearWrap.nanos())).isFalse();
        nearWrap.advance(Duration.ofSeconds(1));
        assertThat(consent.onTimeout(nearWrap.nanos())).isTrue();
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> new ConsentTracker(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ConsentTracker(Duration.ofSeconds(5)).nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }
}
