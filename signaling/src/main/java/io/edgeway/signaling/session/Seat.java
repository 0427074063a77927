package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.ChatMessage;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An admitted participant's place as whoever admitted it keeps it: the control plane's claim on a live
 * session (token joins, {@code io.edgeway.signaling.rtk}), or nothing but a chat rate window (open
 * sessions). A {@link JoinAuthenticator} hands one over with each admission; the session layer owns it
 * from then on and gives it back exactly once with {@link #release()}, whatever way the participant goes
 * (leave, disconnect, media failure, kick, meeting ended, server shutdown, or an admission the session
 * layer refused after all).
 *
 * <p><b>Threading:</b> the session layer calls every method on the media port's loop; none may block.
 * {@link #sendChat} completes later, from any thread. The {@link Removal} listener may be called from
 * any thread.
 */
public interface Seat {

    /**
     * Meetings of different realms never mix, even with the same id: an open session named after a
     * control-plane meeting's id is another meeting.
     */
    String realm();

    /** The live session joined (the control plane's session id), or null when there is none. */
    String sessionId();

    /** The chat a joiner is shown, oldest first, as read when the join was decided; may be empty. */
    List<ChatMessage> chatHistory();

    /**
     * Checks and keeps one chat message from this participant. The stage completes (from any thread) with
     * the message to deliver, or exceptionally with a {@link SignalingException} that says why not
     * ({@code chat_not_permitted}, {@code chat_message_empty}, {@code chat_message_too_long},
     * {@code chat_rate_limited}, {@code server_busy}). The session layer has at most one outstanding.
     */
    CompletionStage<ChatMessage> sendChat(String text);

    /**
     * Checks one private message from this participant (length, rate; the session layer checked who may send
     * and receive it). It is not stored. Completes like {@link #sendChat}; a seat of a kind that has no private
     * chat refuses with {@code not_supported}.
     */
    default CompletionStage<ChatMessage> sendPrivateChat(String text) {
        return java.util.concurrent.CompletableFuture.failedFuture(new SignalingException(ErrorCode.NOT_SUPPORTED,
                "private messages are not available to this participant"));
    }

    /**
     * From now on, tells {@code removals} when the server's side removes this participant (a REST kick,
     * the session ended for everyone); a removal that happened before this call is delivered at once.
     * Called once, when the participant enters its meeting.
     */
    void attach(Removal removals);

    /** The participant is gone: give its place back. Exactly once per admitted seat. */
    void release();

    /** Told when the participant is removed by the server's side. */
    @FunctionalInterface
    interface Removal {
        /**
         * @param reason {@link ErrorCode#KICKED} for this participant alone; any other code
         *     ({@link ErrorCode#SESSION_ENDED}, {@link ErrorCode#MEETING_INACTIVE},
         *     {@link ErrorCode#MEETING_DURATION_EXCEEDED}) ends the session for everyone
         * @param message for people
         */
        void removed(ErrorCode reason, String message);
    }
}
