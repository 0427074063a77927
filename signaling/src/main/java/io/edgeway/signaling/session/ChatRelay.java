package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat in the session layer: each participant's messages go through its {@link Seat} (checked and
 * stored by the control plane, off the loop) one at a time, in the order sent, and each stored message
 * is delivered as {@code chatUpdate} to everyone in the meeting, the sender included. A joiner's
 * {@code roomJoined.chat} is its seat's history completed with what the meeting delivered since (see
 * {@link #historyFor}).
 *
 * <p>Confined to the media port's loop; {@code loop} brings a seat's completion back onto it.
 */
final class ChatRelay {

    /** Messages of one participant waiting behind the one being stored; more are refused. */
    static final int MAX_QUEUED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ChatRelay.class);

    private final Executor loop;

    ChatRelay(Executor loop) {
        this.loop = loop;
    }

    /** {@code {"type":"chat"}} from {@code p}. */
    void send(Participant p, String text) {
        if (p.chatQueue.size() >= MAX_QUEUED) {
            throw new SignalingException(ErrorCode.CHAT_RATE_LIMITED, MAX_QUEUED + " chat messages are waiting to be"
                    + " stored already; wait for their chatUpdate before sending more");
        }
        p.chatQueue.addLast(text);
        if (!p.chatInFlight) {
            next(p);
        }
    }

    private void next(Participant p) {
        String text = p.chatQueue.pollFirst();
        if (text == null || p.gone) {
            p.chatQueue.clear();
            return;
        }
        CompletionStage<ChatMessage> stored;
        try {
            stored = p.seat.sendChat(text);
        } catch (RuntimeException e) {
            refused(p, e);
            next(p);
            return;
        }
        p.chatInFlight = true;
        stored.whenComplete((message, failure) -> loop.execute(() -> done(p, message, failure)));
    }

    private void done(Participant p, ChatMessage message, Throwable failure) {
        p.chatInFlight = false;
        if (failure != null) {
            refused(p, failure);
        } else {
            deliver(p.meeting, message);
        }
        next(p);
    }

    private void refused(Participant p, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (p.gone) {
            return;
        }
        if (cause instanceof SignalingException e) {
            p.connection.send(ServerMessages.error(e.code(), e.getMessage()));
        } else {
            LOG.warn("chat message of participant {} failed", p.id(), cause);
            p.connection.send(ServerMessages.error(ErrorCode.INTERNAL_ERROR, "the chat message could not be stored"));
        }
    }

    /** Everyone in {@code meeting} gets {@code message} (once: not those whose history had it). */
    private static void deliver(Meeting meeting, ChatMessage message) {
        meeting.delivered(message);
        for (Participant q : meeting.participants()) {
            if (!q.chatSeen.contains(message.id())) {
                q.connection.send(ServerMessages.chatUpdate(message));
            }
        }
    }

    /**
     * What {@code p} is shown on joining {@code meeting}: its seat's history (read when the join was
     * decided, off the loop) followed by the messages the meeting delivered that it lacks (stored after the
     * history was read, or never stored: open sessions). Remembers the newest ids of that history so that
     * a message stored before the history was read but delivered after the join is not shown twice.
     */
    static List<ChatMessage> historyFor(Participant p, Meeting meeting) {
        List<ChatMessage> history = new ArrayList<>(p.seat.chatHistory());
        Set<String> ids = new HashSet<>();
        for (ChatMessage m : history) {
            ids.add(m.id());
        }
        for (ChatMessage m : meeting.recentChat()) {
            if (ids.add(m.id())) {
                history.add(m);
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = Math.max(0, history.size() - Meeting.RECENT_CHAT); i < history.size(); i++) {
            seen.add(history.get(i).id());
        }
        p.chatSeen = seen;
        return history;
    }
}
