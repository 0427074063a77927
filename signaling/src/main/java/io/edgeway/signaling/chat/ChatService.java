package io.edgeway.signaling.chat;

import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.model.ChatMessage;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.store.ChatStore;
import io.edgeway.signaling.store.MeetingStore;
import io.edgeway.signaling.token.TokenGrant;
import java.util.List;
import java.util.UUID;

/**
 * Chat storage and its rules, for the session layer to deliver: {@link #send} checks and stores a
 * message, {@link #history} gives a joiner what came before.
 *
 * <p>Every message is stored with its session, and kept: a session's chat can be exported after it ended
 * (the sessions API's chat download). A late joiner gets the messages of the session it joins; when the
 * meeting persists chat ({@code persist_chat}) it gets the meeting's earlier sessions' messages too.
 *
 * <p>Thread-safe. Blocks on the database: call off the event loops.
 */
public final class ChatService {

    /** Most messages {@link #history} returns (the newest ones). */
    public static final int HISTORY_LIMIT = 1000;

    private final ChatStore store;
    private final MeetingStore meetings;
    private final ChatRateLimiter rate;
    private final Clock clock;

    public ChatService(ChatStore store, MeetingStore meetings, ChatRateLimiter rate, Clock clock) {
        this.store = store;
        this.meetings = meetings;
        this.rate = rate;
        this.clock = clock;
    }

    /**
     * Checks and stores a text message from the claim's participant; the caller then delivers the result.
     *
     * @throws ApiException {@link ErrorCode#CHAT_NOT_PERMITTED}, {@link ErrorCode#CHAT_MESSAGE_EMPTY},
     *     {@link ErrorCode#CHAT_MESSAGE_TOO_LONG} or {@link ErrorCode#CHAT_RATE_LIMITED}
     */
    public ChatMessage send(Claim claim, String text) {
        TokenGrant g = claim.grant();
        g.permissions().requireSendChat(g.presetName());
        Limits.checkChatMessage(text);
        rate.acquire(g.participantId(), clock.nanos());
        ChatMessage m = new ChatMessage(UUID.randomUUID().toString(), g.meetingId(), claim.sessionId(),
                g.participantId(), g.name(), text, clock.epochSeconds());
        store.insert(m);
        return m;
    }

    /**
     * Checks a private message from the claim's participant (its preset's {@code chat.private.can_send}, length,
     * rate) without storing it: private messages are relayed, never kept, so no history or export shows them.
     *
     * @throws ApiException as {@link #send}
     */
    public ChatMessage checkPrivate(Claim claim, String text) {
        TokenGrant g = claim.grant();
        if (!g.permissions().canSendPrivateChat()) {
            throw new ApiException(ErrorCode.CHAT_NOT_PERMITTED, "preset \"" + g.presetName()
                    + "\" does not allow private messages (chat.private.can_send)");
        }
        Limits.checkChatMessage(text);
        rate.acquire(g.participantId(), clock.nanos());
        return new ChatMessage(UUID.randomUUID().toString(), g.meetingId(), claim.sessionId(), g.participantId(),
                g.name(), text, clock.epochSeconds());
    }

    /** What a participant joining {@code sessionId} of {@code meetingId} is shown, oldest first. */
    public List<ChatMessage> history(String meetingId, String sessionId) {
        boolean persist = meetings.find(meetingId).map(Meeting::persistChat).orElse(false);
        return store.latest(meetingId, persist ? null : sessionId, HISTORY_LIMIT);
    }

    /** Every message of one session, oldest first (the chat export). */
    public List<ChatMessage> sessionMessages(String meetingId, String sessionId) {
        return store.latest(meetingId, sessionId, Integer.MAX_VALUE);
    }

    /** The participant left: its rate window is forgotten. */
    public void left(String participantId) {
        rate.forget(participantId);
    }
}
