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
 * <p>A private message ({@code peerIds}) needs the sender's {@code chat.private.can_send} and each recipient's
 * {@code chat.private.can_receive}, and the recipients must be in the meeting (hidden ones included: the sender
 * names them); it is checked by the seat (length, rate) but not stored, so it is in no history or export, and
 * goes, with {@code targetUserIds}, to the sender and the recipients alone.
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
    void send(Participant p, ClientMessage.Chat chat) {
        if (chat.isPrivate()) {
            checkPrivate(p, chat.peerIds());
        }
        if (p.chatQueue.size() >= MAX_QUEUED) {
            throw new SignalingException(ErrorCode.CHAT_RATE_LIMITED, MAX_QUEUED + " chat messages are waiting to be"
                    + " stored already; wait for their chatUpdate before sending more");
        }
        p.chatQueue.addLast(chat);
        if (!p.chatInFlight) {
            next(p);
        }
    }

    private static void checkPrivate(Participant p, List<String> peerIds) {
        if (!p.identity.permissions().canSendPrivateChat()) {
            throw new SignalingException(ErrorCode.CHAT_NOT_PERMITTED, "preset \"" + p.presetLabel()
                    + "\" does not allow private messages (chat.private.can_send)");
        }
        for (String id : peerIds) {
            Participant to = p.meeting.get(id);
            if (to == null || id.equals(p.id())) {
                throw new SignalingException(ErrorCode.PARTICIPANT_NOT_FOUND, "no other participant " + id
                        + " in this meeting to send a private message to");
            }
            if (!to.identity.permissions().canReceivePrivateChat()) {
                throw new SignalingException(ErrorCode.CHAT_NOT_PERMITTED, "participant " + id + "'s preset \""
                        + to.presetLabel() + "\" does not receive private messages (chat.private.can_receive)");
            }
        }
    }

    private void next(Participant p) {
        ClientMessage.Chat chat = p.chatQueue.pollFirst();
        if (chat == null || p.gone) {
            p.chatQueue.clear();
            return;
        }
        CompletionStage<ChatMessage> stored;
        try {
            stored = chat.isPrivate() ? p.seat.sendPrivateChat(chat.text()) : p.seat.sendChat(chat.text());
        } catch (RuntimeException e) {
            refused(p, e);
            next(p);
            return;
        }
        p.chatInFlight = true;
        stored.whenComplete((message, failure) -> loop.execute(() -> done(p, chat, message, failure)));
    }

    private void done(Participant p, ClientMessage.Chat chat, ChatMessage message, Throwable failure) {
        p.chatInFlight = false;
        if (failure != null) {
            refused(p, failure);
        } else if (chat.isPrivate()) {
            deliverPrivately(p, chat.peerIds(), message);
        } else {
            deliver(p.meeting, message);
        }
        next(p);
    }

    /** The sender and those of {@code peerIds} still in the meeting get {@code message}, marked with its recipients. */
    private static void deliverPrivately(Participant from, List<String> peerIds, ChatMessage message) {
        if (from.gone) {
            return;
        }
        List<Participant> to = new ArrayList<>();
        to.add(from);
        for (String id : peerIds) {
            Participant q = from.meeting.get(id);
            if (q != null && !to.contains(q)) {
                to.add(q);
            }
        }
        Meeting.send(to, ServerMessages.chatUpdate(message, peerIds));
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
                q.connection.send(ServerMessages.chatUpdate(message, List.of()));
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
