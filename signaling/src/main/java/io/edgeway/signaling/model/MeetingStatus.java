package io.edgeway.signaling.model;

/** A meeting's status (RealtimeKit's): an INACTIVE meeting refuses new joins. */
public enum MeetingStatus {
    ACTIVE,
    INACTIVE
}
