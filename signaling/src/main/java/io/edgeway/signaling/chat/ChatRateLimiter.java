package io.edgeway.signaling.chat;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@link Limits#CHAT_MESSAGES_PER_WINDOW} chat messages per participant in any
 * {@link Limits#CHAT_WINDOW} (a sliding window: the send times of the last messages are kept, so a burst
 * cannot straddle a window boundary to send twice the limit). Pure: time is passed in as monotonic nanos.
 *
 * <p>Thread-safe (one lock; each send does a few deque operations). Memory: up to the limit of longs per
 * participant who sent recently; {@link #forget} drops a participant who left.
 */
public final class ChatRateLimiter {

    private final int limit;
    private final long windowNanos;
    private final Map<String, ArrayDeque<Long>> sent = new HashMap<>();

    public ChatRateLimiter() {
        this(Limits.CHAT_MESSAGES_PER_WINDOW, Limits.CHAT_WINDOW);
    }

    ChatRateLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /**
     * Counts one message by {@code participantId} at {@code nowNanos}.
     *
     * @throws ApiException {@link ErrorCode#CHAT_RATE_LIMITED}, with the seconds until one more may be sent
     */
    public synchronized void acquire(String participantId, long nowNanos) {
        ArrayDeque<Long> times = sent.computeIfAbsent(participantId, k -> new ArrayDeque<>());
        while (!times.isEmpty() && nowNanos - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            long waitNanos = windowNanos - (nowNanos - times.peekFirst());
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(ErrorCode.CHAT_RATE_LIMITED, "at most " + limit + " chat messages per "
                    + Duration.ofNanos(windowNanos).toSeconds() + " s; try again in " + seconds + " s", seconds);
        }
        times.addLast(nowNanos);
    }

    public synchronized void forget(String participantId) {
        sent.remove(participantId);
    }
}
