package io.edgeway.signaling.live;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.Poll;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Polls in live meetings for the REST API ({@code POST .../active-session/poll}): the session layer keeps the
 * polls (its meetings hold the participants who see them and vote), and implements this; the control plane
 * calls it. Thread-safe; the stage completes on the session layer's thread.
 */
@FunctionalInterface
public interface LivePolls {

    /** No session layer in this process (media off): polls cannot be held. */
    LivePolls NONE = (meetingId, question, options, anonymous, hideVotes) -> CompletableFuture.failedFuture(
            new ApiException(ErrorCode.NOT_SUPPORTED, "this process runs no media sessions (media-port: off), so no"
                    + " meeting of it has participants to poll"));

    /**
     * Creates a poll in the meeting's live session and shows it to its participants.
     *
     * @return the poll as created (all its votes visible: none yet), or empty when nobody is connected to the
     *     meeting's session here
     */
    CompletionStage<Optional<Poll>> create(String meetingId, String question, List<String> options, boolean anonymous,
            boolean hideVotes);
}
