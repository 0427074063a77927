package io.edgeway.signaling.webhook;

import java.util.Optional;

/**
 * The events of RealtimeKit's webhooks API, by their wire names. Edgeway sends the first five; a webhook
 * subscribing to one of the others is refused when written ({@code not_supported}, naming the event), since it
 * would never be called for it.
 */
public enum WebhookEvent {
    MEETING_STARTED("meeting.started", null),
    MEETING_ENDED("meeting.ended", null),
    PARTICIPANT_JOINED("meeting.participantJoined", null),
    PARTICIPANT_LEFT("meeting.participantLeft", null),
    CHAT_SYNCED("meeting.chatSynced", null),
    RECORDING_STATUS_UPDATE("recording.statusUpdate", "recordings (Edgeway has no recorder)"),
    LIVESTREAMING_STATUS_UPDATE("livestreaming.statusUpdate", "livestreaming"),
    TRANSCRIPT("meeting.transcript", "transcripts"),
    SUMMARY("meeting.summary", "summaries");

    private final String wireName;
    private final String missing;

    WebhookEvent(String wireName, String missing) {
        this.wireName = wireName;
        this.missing = missing;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether Edgeway sends this event. */
    public boolean sent() {
        return missing == null;
    }

    /** The feature Edgeway lacks to send it, or null when it is sent. */
    public String missingFeature() {
        return missing;
    }

    public static Optional<WebhookEvent> of(String wireName) {
        for (WebhookEvent e : values()) {
            if (e.wireName.equals(wireName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
