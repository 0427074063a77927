package io.edgeway.signaling.live;

import io.edgeway.signaling.http.ErrorCode;

/**
 * Told when a live participant is removed by the server (not when they leave by themselves): kicked over
 * REST or deleted ({@link ErrorCode#KICKED}: this participant alone), or their session ended for
 * everyone: REST kick-all ({@link ErrorCode#SESSION_ENDED}), the meeting set INACTIVE
 * ({@link ErrorCode#MEETING_INACTIVE}), the session ran past the longest meeting duration
 * ({@link ErrorCode#MEETING_DURATION_EXCEEDED}). The session layer implements it to send the participant
 * {@code kicked} or {@code meetingEnded} and close their connection. Called on the thread that kicked,
 * outside any lock; must not block.
 */
@FunctionalInterface
public interface KickListener {

    void kicked(ErrorCode reason, String message);
}
