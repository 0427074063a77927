package io.edgeway.signaling.live;

import io.edgeway.signaling.http.ErrorCode;

/**
 * Told when a live participant is removed by the server (not when they leave by themselves): kicked over
 * REST ({@link ErrorCode#KICKED}), or their session ran past the longest meeting duration
 * ({@link ErrorCode#MEETING_DURATION_EXCEEDED}). The session layer implements it to send the participant
 * a "kicked" event and close their connection. Called on the thread that kicked, outside any lock; must
 * not block.
 */
@FunctionalInterface
public interface KickListener {

    void kicked(ErrorCode reason, String message);
}
