package io.edgeway.signaling.model;

/**
 * A meeting: a re-usable room of one app; each time people join it a new session runs. Immutable.
 *
 * @param title                null when none was given
 * @param sessionKeepAliveSecs how long its session stays open after the last participant left (RealtimeKit's
 *                             {@code session_keep_alive_time_in_secs}); 0 ends it at once
 * @param createdAt            Unix seconds, as is {@code updatedAt}
 */
public record Meeting(String id, String appId, String title, MeetingStatus status, boolean recordOnStart,
        boolean persistChat, boolean liveStreamOnStart, boolean summarizeOnEnd, int sessionKeepAliveSecs,
        long createdAt, long updatedAt) {
}
