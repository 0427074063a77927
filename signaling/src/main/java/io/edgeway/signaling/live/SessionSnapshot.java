package io.edgeway.signaling.live;

import java.util.List;

/**
 * A meeting's live session at one moment. Immutable.
 *
 * @param startedAt    Unix seconds, when its first participant joined
 * @param participants in the order they joined
 */
public record SessionSnapshot(String sessionId, String meetingId, long startedAt, List<LiveParticipant> participants) {
}
