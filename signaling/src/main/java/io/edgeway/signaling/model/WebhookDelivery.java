package io.edgeway.signaling.model;

/**
 * One event to deliver to one webhook, and what became of it: a row of the durable outbox, which is also the
 * operator's delivery log. Immutable.
 *
 * @param eventId       the event's id, the same at every attempt (and for every webhook it goes to): the
 *                      {@code rtk-event-id} header, by which a receiver drops a repeat
 * @param state         {@link State}
 * @param attempts      attempts started so far (one that a crash cut short counts)
 * @param nextAttemptAt Unix seconds; meaningful while PENDING
 * @param lastAttemptAt Unix seconds, or 0 before the first attempt
 * @param lastStatus    the HTTP status of the last answer, or 0 when the last attempt got none
 * @param lastError     why the last attempt failed (connection refused, a timeout, the target policy), or null
 * @param finishedAt    Unix seconds when it was delivered or given up, or 0
 */
public record WebhookDelivery(String id, String webhookId, String eventId, String event, String body, State state,
        int attempts, long nextAttemptAt, long lastAttemptAt, int lastStatus, String lastError, long createdAt,
        long finishedAt) {

    /** Where a delivery stands. */
    public enum State {
        /** Not delivered yet: waiting for its turn, its next attempt, or an attempt under way. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Given up: an answer that is not retried, the last attempt failed, or the webhook was deleted. */
        FAILED
    }
}
