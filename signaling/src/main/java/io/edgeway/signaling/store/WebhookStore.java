package io.edgeway.signaling.store;

import io.edgeway.signaling.model.Webhook;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An app's webhooks. Deleting one deletes its deliveries (the log goes with it). Blocking; thread-safe.
 */
public final class WebhookStore {

    private static final String COLUMNS = "id, app_id, name, url, events, enabled, created_at, updated_at";

    private final Jdbc jdbc;

    public WebhookStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Webhook w) {
        jdbc.update("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", w.id(), w.appId(), w.name(),
                w.url(), String.join(",", w.events()), w.enabled(), w.createdAt(), w.updatedAt());
    }

    /** Replaces the changeable fields; false when it no longer exists. */
    public boolean update(Webhook w) {
        return jdbc.update("UPDATE webhooks SET name = ?, url = ?, events = ?, enabled = ?, updated_at = ? WHERE id = ?"
                + " AND app_id = ?", w.name(), w.url(), String.join(",", w.events()), w.enabled(), w.updatedAt(), w.id(),
                w.appId()) == 1;
    }

    public Optional<Webhook> find(String appId, String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND app_id = ?", WebhookStore::row, id, appId);
    }

    /** The webhook with this id, whatever its app (the dispatcher's look-up). */
    public Optional<Webhook> find(String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?", WebhookStore::row, id);
    }

    /** The app's webhooks in creation order. */
    public List<Webhook> list(String appId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhooks WHERE app_id = ? ORDER BY seq", WebhookStore::row, appId);
    }

    /** Deletes the webhook and its deliveries; false when there was none. */
    public boolean delete(String appId, String id) {
        return jdbc.transaction(tx -> {
            if (tx.update("DELETE FROM webhooks WHERE id = ? AND app_id = ?", id, appId) == 0) {
                return false;
            }
            tx.update("DELETE FROM webhook_deliveries WHERE webhook_id = ?", id);
            return true;
        });
    }

    private static Webhook row(ResultSet rs) throws SQLException {
        String events = rs.getString(5);
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                events.isEmpty() ? List.of() : Arrays.asList(events.split(",")), rs.getBoolean(6), rs.getLong(7),
                rs.getLong(8));
    }
}
