package io.edgeway.signaling.model;

/**
 * A participant: someone allowed to join one meeting, with the preset (by name, case-sensitive) that
 * decides what they may do. Immutable.
 *
 * @param customParticipantId the app's own id for this user, unique within the meeting
 * @param name                null when none was given, as is {@code picture}
 */
public record Participant(String id, String meetingId, String customParticipantId, String presetName, String name,
        String picture, long createdAt, long updatedAt) {
}
