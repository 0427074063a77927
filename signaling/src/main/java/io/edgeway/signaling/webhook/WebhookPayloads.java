package io.edgeway.signaling.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.signaling.http.ErrorCode;
import java.time.Instant;

/**
 * The bodies of the events Edgeway sends, in RealtimeKit's shapes (its webhook events list):
 *
 * <pre>
 * {"event": "meeting.started", "meeting": MEETING}
 * {"event": "meeting.ended", "meeting": MEETING, "reason": "ALL_PARTICIPANTS_LEFT" | "HOST_ENDED_MEETING"}
 * {"event": "meeting.participantJoined", "meeting": MEETING,
 *  "participant": {"peerId", "userDisplayName", "customParticipantId", "joinedAt"}}
 * {"event": "meeting.participantLeft", "meeting": MEETING, "participant": {... , "leftAt"}}
 * {"event": "meeting.chatSynced", "meeting": MEETING, "chatDownloadUrl", "chatDownloadUrlExpiry"}
 *
 * MEETING = {"id", "sessionId", "title", "status": "LIVE" | "ENDED", "createdAt", "startedAt", ["endedAt"],
 *            "organizedBy": {"id", "name"}}
 * </pre>
 * {@code id} is the meeting's, {@code sessionId} the live session's (RealtimeKit's sessions API), times are
 * ISO 8601, {@code organizedBy} is the app. A session ended by the app's server (kick-all, the meeting set
 * INACTIVE) or by the longest duration is {@code HOST_ENDED_MEETING}. Stateless.
 */
final class WebhookPayloads {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What every event says of its session. */
    record SessionInfo(String meetingId, String sessionId, String title, String appId, String appName, long startedAt) {
    }

    private WebhookPayloads() {
    }

    static ObjectNode started(SessionInfo s) {
        return event(WebhookEvent.MEETING_STARTED, s, "LIVE", 0);
    }

    static ObjectNode ended(SessionInfo s, long endedAt, ErrorCode endedBy) {
        ObjectNode o = event(WebhookEvent.MEETING_ENDED, s, "ENDED", endedAt);
        o.put("reason", endedBy == null ? "ALL_PARTICIPANTS_LEFT" : "HOST_ENDED_MEETING");
        return o;
    }

    static ObjectNode participantJoined(SessionInfo s, String peerId, String name, String customId, long joinedAt) {
        ObjectNode o = event(WebhookEvent.PARTICIPANT_JOINED, s, "LIVE", 0);
        participant(o, peerId, name, customId, joinedAt);
        return o;
    }

    static ObjectNode participantLeft(SessionInfo s, String peerId, String name, String customId, long joinedAt,
            long leftAt) {
        ObjectNode o = event(WebhookEvent.PARTICIPANT_LEFT, s, "LIVE", 0);
        participant(o, peerId, name, customId, joinedAt).put("leftAt", time(leftAt));
        return o;
    }

    static ObjectNode chatSynced(SessionInfo s, long endedAt, String downloadUrl, long expiresAt) {
        ObjectNode o = event(WebhookEvent.CHAT_SYNCED, s, "ENDED", endedAt);
        o.put("chatDownloadUrl", downloadUrl);
        o.put("chatDownloadUrlExpiry", time(expiresAt));
        return o;
    }

    private static ObjectNode event(WebhookEvent e, SessionInfo s, String status, long endedAt) {
        ObjectNode o = JSON.objectNode().put("event", e.wireName());
        ObjectNode m = o.putObject("meeting");
        m.put("id", s.meetingId());
        m.put("sessionId", s.sessionId());
        m.put("title", s.title());
        m.put("status", status);
        m.put("createdAt", time(s.startedAt()));
        m.put("startedAt", time(s.startedAt()));
        if (endedAt > 0) {
            m.put("endedAt", time(endedAt));
        }
        m.putObject("organizedBy").put("id", s.appId()).put("name", s.appName());
        return o;
    }

    private static ObjectNode participant(ObjectNode o, String peerId, String name, String customId, long joinedAt) {
        return o.putObject("participant").put("peerId", peerId).put("userDisplayName", name)
                .put("customParticipantId", customId).put("joinedAt", time(joinedAt));
    }

    private static String time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
