package io.edgeway.signaling.model;

/**
 * One chat message as stored and as delivered to late joiners. Immutable.
 *
 * @param sessionId   the live session it was sent in
 * @param displayName the sender's name when it was sent (null when they had none)
 * @param sentAt      Unix seconds
 */
public record ChatMessage(String id, String meetingId, String sessionId, String participantId, String displayName,
        String text, long sentAt) {
}
