package io.edgeway.signaling.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default API rate limit, 3,500 requests per key per 5 minutes, with its Retry-After. */
class RateLimiterTest {

    @Test
    void theDefaultAllows3500PerFiveMinutesPerKey() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(Limits.DEFAULT_API_RATE_LIMIT, Limits.DEFAULT_API_RATE_WINDOW);
        for (int i = 0; i < 3500; i++) {
            limiter.acquire("k", clock.nanos());
        }
        limiter.acquire("other", clock.nanos());
        clock.advance(Duration.ofSeconds(299));
        assertThatThrownBy(() -> limiter.acquire("k", clock.nanos()))
                .hasFieldOrPropertyWithValue("code", ErrorCode.RATE_LIMITED)
                .hasFieldOrPropertyWithValue("retryAfterSeconds", 1L);
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire("k", clock.nanos());
    }
}
