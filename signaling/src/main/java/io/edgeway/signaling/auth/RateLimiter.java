package io.edgeway.signaling.auth;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per API key: at most {@code limit} in each window of {@code window}, windows starting at a
 * key's first request after the previous window ended (RealtimeKit's default: 3,500 per 5 minutes). A
 * refused request is answered 429 with {@code Retry-After} set to the seconds until the window ends.
 * Pure: time is passed in as monotonic nanos.
 *
 * <p>Thread-safe: one small lock per key. Memory: one entry per key that has made a request.
 */
public final class RateLimiter {

    private final int limit;
    private final long windowNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int used;
    }

    public RateLimiter(int limit, Duration window) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive count and window");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /**
     * Counts one request by {@code key} at {@code nowNanos}.
     *
     * @throws ApiException {@link ErrorCode#RATE_LIMITED} with Retry-After
     */
    public void acquire(String key, long nowNanos) {
        Window w = windows.computeIfAbsent(key, k -> {
            Window fresh = new Window();
            fresh.start = nowNanos;
            return fresh;
        });
        synchronized (w) {
            if (nowNanos - w.start >= windowNanos) {
                w.start = nowNanos;
                w.used = 0;
            }
            if (w.used >= limit) {
                long waitNanos = windowNanos - (nowNanos - w.start);
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                throw new ApiException(ErrorCode.RATE_LIMITED, "rate limit of " + limit + " requests per "
                        + Duration.ofNanos(windowNanos).toSeconds() + " s reached for this key; retry in " + seconds
                        + " s", seconds);
            }
            w.used++;
        }
    }
}
