package io.edgeway.signaling.rtk;

import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.KickListener;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.model.ChatMessage;
import io.edgeway.signaling.session.Seat;
import io.edgeway.signaling.session.SignalingException;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.token.TokenGrant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token participant's {@link Seat}: its {@link Claim} on the live session. Releasing it releases the
 * claim (once, whatever calls it) and forgets the participant's chat rate window; chat goes to
 * {@link ChatService#send} on the control plane's executor; the claim's {@link KickListener} is this
 * object, which hands REST kicks and the session's end to the session layer, holding one that comes
 * before the session layer {@linkplain #attach attached} (between the claim and the join completing on
 * the loop) until it does.
 *
 * <p>Thread-safe: kicks come from REST threads and the housekeeping thread, the rest from the media loop.
 */
public final class ControlPlaneSeat implements Seat, KickListener {

    private final TokenGrant grant;
    private final LiveSessions sessions;
    private final ChatService chat;
    private final Executor executor;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Claim claim;
    private volatile List<ChatMessage> history = List.of();
    /** Guarded by this. */
    private Removal removals;
    private ErrorCode pendingReason;
    private String pendingMessage;

    ControlPlaneSeat(TokenGrant grant, LiveSessions sessions, ChatService chat, Executor executor) {
        this.grant = grant;
        this.sessions = sessions;
        this.chat = chat;
        this.executor = executor;
    }

    /** The claim succeeded; {@code history} is what the joiner is shown. */
    void claimed(Claim claim, List<ChatMessage> history) {
        this.claim = claim;
        this.history = List.copyOf(history);
    }

    @Override
    public String realm() {
        return TokenJoinAuthenticator.REALM;
    }

    @Override
    public String sessionId() {
        return claim.sessionId();
    }

    @Override
    public List<ChatMessage> chatHistory() {
        return history;
    }

    @Override
    public CompletionStage<ChatMessage> sendChat(String text) {
        Claim c = claim;
        return onExecutor(() -> chat.send(c, text));
    }

    @Override
    public CompletionStage<ChatMessage> sendPrivateChat(String text) {
        Claim c = claim;
        return onExecutor(() -> chat.checkPrivate(c, text));
    }

    /** Runs chat work on the control plane's executor; its refusals become {@link SignalingException}s. */
    private CompletionStage<ChatMessage> onExecutor(java.util.function.Supplier<ChatMessage> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.get();
                } catch (ApiException e) {
                    throw SignalingException.of(e);
                } catch (StoreException e) {
                    if (!e.isUnavailable()) {
                        throw e;
                    }
                    throw new SignalingException(ErrorCode.DATABASE_UNAVAILABLE,
                            "the message could not be stored (the server's database is unavailable); send it again in a few seconds");
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorCode.SERVER_BUSY,
                    "the server is too busy to take the message; send it again in a moment"));
        }
    }

    @Override
    public void attach(Removal listener) {
        ErrorCode reason;
        String message;
        synchronized (this) {
            removals = listener;
            reason = pendingReason;
            message = pendingMessage;
        }
        if (reason != null) {
            listener.removed(reason, message);
        }
    }

    /** From {@link LiveSessions}: the claim was ended by a REST kick or the session's end. */
    @Override
    public void kicked(ErrorCode reason, String message) {
        Removal listener;
        synchronized (this) {
            listener = removals;
            if (listener == null) {
                pendingReason = reason;
                pendingMessage = message;
            }
        }
        if (listener != null) {
            listener.removed(reason, message);
        }
    }

    @Override
    public void release() {
        if (released.compareAndSet(false, true)) {
            // Idempotent on the registry's side too: a claim already kicked (or replaced) is left alone.
            sessions.release(claim);
            chat.left(grant.participantId());
        }
    }

    /** Whether {@link #release()} ran. */
    public boolean released() {
        return released.get();
    }

    @Override
    public String toString() {
        return "ControlPlaneSeat[" + grant.participantId() + " in " + grant.meetingId() + "]";
    }
}
