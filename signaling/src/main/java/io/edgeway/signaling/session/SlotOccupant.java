package io.edgeway.signaling.session;

/**
 * What one of a participant's slots carries now, as {@code slotsUpdate} tells the page.
 *
 * @param kind {@code audio} or {@code video}
 * @param ssrc the slot's SSRC (the page finds the slot's m= section, and its mid, by it)
 * @param participantId who the slot carries, or null when it is empty
 * @param screenShare a screen rather than a camera
 * @param height the frame height of the layer it carries, 0 when unknown or audio
 */
record SlotOccupant(String kind, long ssrc, String participantId, boolean screenShare, int height) {
}
