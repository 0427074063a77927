package io.edgeway.signaling.model;

/**
 * A meeting: a re-usable room; each time people join it a new session runs. Immutable.
 *
 * @param title     null when none was given
 * @param createdAt Unix seconds, as is {@code updatedAt}
 */
public record Meeting(String id, String title, MeetingStatus status, boolean recordOnStart, boolean persistChat,
        boolean liveStreamOnStart, boolean summarizeOnEnd, long createdAt, long updatedAt) {
}
