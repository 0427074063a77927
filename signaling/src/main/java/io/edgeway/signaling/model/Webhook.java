package io.edgeway.signaling.model;

import java.util.List;

/**
 * A webhook of an app: where Edgeway POSTs the events it subscribes to. Immutable.
 *
 * @param events the RealtimeKit event names subscribed to ({@code meeting.started}, ...), in the order given
 * @param enabled whether events are delivered to it now (a disabled webhook gets nothing, not even later)
 */
public record Webhook(String id, String appId, String name, String url, List<String> events, boolean enabled,
        long createdAt, long updatedAt) {

    public Webhook {
        events = List.copyOf(events);
    }

    /** Whether it is enabled and subscribes to {@code event}. */
    public boolean wants(String event) {
        return enabled && events.contains(event);
    }
}
