package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.model.WebhookDelivery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The webhooks' durable outbox and delivery log ({@code webhook_deliveries}). Deliveries of one webhook go
 * out one at a time in the order they were written: only the oldest PENDING row of a webhook is ever
 * {@linkplain #due due}. A process takes a due row with {@link #claim}, a conditional update that also
 * counts the attempt and sets a lease, so two processes sharing a database never deliver the same row at
 * once, and a row whose process died mid-delivery is taken again when its lease runs out. Times are Unix
 * seconds. Blocking; thread-safe.
 */
public final class WebhookDeliveryStore {

    private static final String COLUMNS = "id, webhook_id, event_id, event, body, state, attempts, next_attempt_at,"
            + " last_attempt_at, last_status, last_error, created_at, finished_at";
    private static final int MAX_ERROR = 512;

    private final Jdbc jdbc;

    public WebhookDeliveryStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes new PENDING deliveries, all or none, due at once. */
    public void enqueue(List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.transaction(tx -> {
            for (WebhookDelivery d : deliveries) {
                tx.update("INSERT INTO webhook_deliveries (id, webhook_id, event_id, event, body, state, attempts,"
                        + " next_attempt_at, lease_until, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, 0, ?)",
                        d.id(), d.webhookId(), d.eventId(), d.event(), d.body(), d.createdAt(), d.createdAt());
            }
            return null;
        });
    }

    /**
     * The deliveries to attempt now, oldest first: of each webhook its oldest PENDING row, if its next attempt is
     * due and no live lease holds it.
     */
    public List<WebhookDelivery> due(long now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_deliveries d WHERE d.state = 'PENDING'"
                + " AND d.next_attempt_at <= ? AND d.lease_until <= ? AND d.seq = (SELECT MIN(e.seq) FROM"
                + " webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.state = 'PENDING') ORDER BY d.seq LIMIT ?",
                WebhookDeliveryStore::row, now, now, limit);
    }

    /**
     * Takes {@code d} for an attempt: counts it and leases the row until {@code leaseUntil}. False when another
     * process (or an earlier claim) took it since it was read.
     */
    public boolean claim(WebhookDelivery d, long now, long leaseUntil) {
        return jdbc.update("UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, lease_until = ?"
                + " WHERE id = ? AND state = 'PENDING' AND attempts = ? AND lease_until <= ?", now, leaseUntil, d.id(),
                d.attempts(), now) == 1;
    }

    /** The receiver answered 2xx. */
    public void delivered(String id, int status, long now) {
        jdbc.update("UPDATE webhook_deliveries SET state = 'DELIVERED', last_status = ?, last_error = NULL, lease_until = 0,"
                + " finished_at = ? WHERE id = ?", status, now, id);
    }

    /** The attempt failed and will be repeated at {@code nextAttemptAt}. */
    public void retryAt(String id, int status, String error, long nextAttemptAt) {
        jdbc.update("UPDATE webhook_deliveries SET last_status = ?, last_error = ?, next_attempt_at = ?, lease_until = 0"
                + " WHERE id = ?", status, clip(error), nextAttemptAt, id);
    }

    /** Given up. */
    public void failed(String id, int status, String error, long now) {
        jdbc.update("UPDATE webhook_deliveries SET state = 'FAILED', last_status = ?, last_error = ?, lease_until = 0,"
                + " finished_at = ? WHERE id = ?", status, clip(error), now, id);
    }

    /**
     * Frees every lease: for a database only this process can open (embedded H2), whose leases can only be
     * those of a previous run that stopped mid-delivery. Returns how many were held.
     */
    public int releaseLeases() {
        return jdbc.update("UPDATE webhook_deliveries SET lease_until = 0 WHERE state = 'PENDING' AND lease_until > 0");
    }

    /** A page of a webhook's deliveries, newest first; {@code state} null for all. */
    public Page<WebhookDelivery> log(String webhookId, WebhookDelivery.State state, long offset, int limit) {
        String where = state == null ? " WHERE webhook_id = ?" : " WHERE webhook_id = ? AND state = ?";
        Object[] params = state == null ? new Object[] {webhookId} : new Object[] {webhookId, state.name()};
        long total = jdbc.count("SELECT COUNT(*) FROM webhook_deliveries" + where, params);
        Object[] page = state == null ? new Object[] {webhookId, limit, offset}
                : new Object[] {webhookId, state.name(), limit, offset};
        return new Page<>(jdbc.query("SELECT " + COLUMNS + " FROM webhook_deliveries" + where
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", WebhookDeliveryStore::row, page), offset, total);
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private static WebhookDelivery row(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                WebhookDelivery.State.valueOf(rs.getString(6)), rs.getInt(7), rs.getLong(8), rs.getLong(9), rs.getInt(10),
                rs.getString(11), rs.getLong(12), rs.getLong(13));
    }
}
