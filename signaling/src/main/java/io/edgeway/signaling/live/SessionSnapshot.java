package io.edgeway.signaling.live;

import java.util.List;

/**
 * A meeting's live session at one moment. Immutable.
 *
 * @param startedAt          Unix seconds, when its first participant joined
 * @param maxConcurrent      the most participants it had at once
 * @param participantSeconds seconds spent in it by everyone so far (those still in count until now)
 * @param participants       in the order they joined; empty while a kept-alive session waits for a join
 */
public record SessionSnapshot(String sessionId, String meetingId, String appId, String meetingTitle, long startedAt,
        int maxConcurrent, long participantSeconds, List<LiveParticipant> participants) {
}
