package io.edgeway.signaling.session;

/**
 * Decides a meeting's active speaker from its participants' audio loudness, sampled every
 * {@link SignalingService#SPEAKER_INTERVAL}. Loudness is what {@link MediaLeg#loudness} reports: 127
 * minus the RFC 6464 audio level of the loudest recent packet, decaying while nothing louder comes, so
 * 0 is silence and 127 is 0 dBov.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Someone speaks when their loudness is at least {@link #SPEAKING} (a level of -50 dBov or louder:
 *       speech into a microphone is around -20 to -35 dBov, a quiet room -60 and below).</li>
 *   <li>Nobody speaking changes nothing: the last speaker stays the active speaker, and no event is
 *       sent (RealtimeKit keeps showing the last speaker too).</li>
 *   <li>Hysteresis: the loudest speaker takes over from the current one only when the current one no
 *       longer speaks, or is at least {@link #MARGIN} dB quieter, so two people talking at about the same
 *       level do not make the active speaker flap every sample.</li>
 *   <li>The active speaker leaving clears it; the next one to speak becomes active (and is announced).</li>
 * </ul>
 * Pure and confined to the media port's loop, like the meeting that holds it.
 */
final class ActiveSpeakerDetector {

    /** Loudness from which a participant counts as speaking: 127 - 50, a level of -50 dBov. */
    static final int SPEAKING = 127 - 50;
    /** How much louder (dB) someone must be to take over from a speaker who still speaks. */
    static final int MARGIN = 6;

    private String current;

    /** The active speaker now, or null before anyone spoke (or after the last one left). */
    String current() {
        return current;
    }

    /**
     * One sample of the meeting.
     *
     * @param loudestId the loudest participant now, or null when nobody has audio
     * @param loudest its loudness
     * @param currentLoudness the current active speaker's loudness now (0 when there is none)
     * @return the new active speaker, or null when it does not change
     */
    String sample(String loudestId, int loudest, int currentLoudness) {
        if (loudestId == null || loudest < SPEAKING || loudestId.equals(current)) {
            return null;
        }
        if (current != null && currentLoudness >= SPEAKING && loudest < currentLoudness + MARGIN) {
            return null;
        }
        current = loudestId;
        return current;
    }

    /** {@code participantId} left the meeting. */
    void left(String participantId) {
        if (participantId.equals(current)) {
            current = null;
        }
    }
}
