package io.edgeway.signaling.model;

/**
 * One session of a meeting as the history keeps it. Immutable.
 *
 * @param live               whether it is running (RealtimeKit's status LIVE, else ENDED)
 * @param endedAt            Unix seconds, or 0 while live
 * @param participantSeconds seconds spent in it by every peer (a peer still in counts until the time read)
 */
public record SessionRecord(String id, String appId, String meetingId, String meetingTitle, boolean live,
        long startedAt, long endedAt, int maxConcurrent, long participantSeconds, long updatedAt) {
}
