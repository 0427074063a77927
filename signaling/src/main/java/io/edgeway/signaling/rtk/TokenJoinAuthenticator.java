package io.edgeway.signaling.rtk;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.Claim;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.session.JoinAuthenticator;
import io.edgeway.signaling.session.JoinDecision;
import io.edgeway.signaling.session.ParticipantIdentity;
import io.edgeway.signaling.store.StoreException;
import io.edgeway.signaling.token.ParticipantTokens;
import io.edgeway.signaling.token.TokenGrant;
import io.edgeway.signaling.token.TokenVerification;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins with a participant token: {@code {"type":"join","token":"<participant token>"}}.
 *
 * <ol>
 *   <li>{@link ParticipantTokens#verify} (signature, expiry, and from the database: the participant, its
 *       meeting's status, its preset) refuses with the control plane's code unchanged:
 *       {@code token_invalid}, {@code token_expired}, {@code participant_deleted}, {@code meeting_not_found},
 *       {@code meeting_inactive}, {@code preset_not_found};</li>
 *   <li>{@link LiveSessions#claim} makes the participant live in its meeting's session, or refuses:
 *       {@code token_reuse}, {@code session_full}, {@code too_many_sessions},
 *       {@code meeting_duration_exceeded};</li>
 *   <li>the chat history a joiner is shown is read ({@link ChatService#history});</li>
 *   <li>the participant is admitted with its identity from the grant (the control plane's participant
 *       and meeting ids, name, picture, custom id, preset name and permissions) and a
 *       {@link ControlPlaneSeat} holding the claim.</li>
 * </ol>
 * All of it blocks on the database, so it runs on the control plane's executor, never on an event loop;
 * a full executor refuses with {@code server_busy}.
 *
 * <p>Thread-safe.
 */
public final class TokenJoinAuthenticator implements JoinAuthenticator {

    /** The {@code Seat.realm()} of token joins: their meetings never mix with open sessions'. */
    public static final String REALM = "token";

    private static final Logger LOG = LoggerFactory.getLogger(TokenJoinAuthenticator.class);

    private final ParticipantTokens tokens;
    private final LiveSessions sessions;
    private final ChatService chat;
    private final Executor executor;

    /** @param executor where the blocking work runs (the control plane's) */
    public TokenJoinAuthenticator(ParticipantTokens tokens, LiveSessions sessions, ChatService chat, Executor executor) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.chat = Objects.requireNonNull(chat, "chat");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** On a running control plane: its tokens, live sessions, chat and executor. */
    public static TokenJoinAuthenticator of(ControlPlane plane) {
        return new TokenJoinAuthenticator(plane.tokens(), plane.sessions(), plane.chat(), plane.executor());
    }

    @Override
    public CompletionStage<JoinDecision> authenticate(JsonNode join) {
        JsonNode token = join.get("token");
        if (token == null || !token.isTextual()) {
            return CompletableFuture.completedFuture(JoinDecision.refuse(ErrorCode.INVALID_REQUEST,
                    "join needs \"token\": the participant token your app's server got when it added you"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> decide(token.asText()), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(JoinDecision.refuse(ErrorCode.SERVER_BUSY,
                    "the server is too busy to check the token; try again in a moment"));
        }
    }

    /** On the executor: verify, claim, read the history; a database that cannot be reached refuses at once. */
    private JoinDecision decide(String token) {
        try {
            return verifyClaimAndAdmit(token);
        } catch (StoreException e) {
            if (!e.isUnavailable()) {
                throw e;
            }
            return JoinDecision.refuse(ErrorCode.DATABASE_UNAVAILABLE,
                    "the server cannot check tokens right now (its database is unavailable); join again in a few seconds");
        }
    }

    private JoinDecision verifyClaimAndAdmit(String token) {
        TokenVerification verification = tokens.verify(token);
        if (verification instanceof TokenVerification.Refused refused) {
            return JoinDecision.refuse(refused.code(), refused.message());
        }
        TokenGrant grant = ((TokenVerification.Valid) verification).grant();
        ParticipantIdentity identity;
        try {
            identity = new ParticipantIdentity(grant.participantId(), grant.name(), grant.meetingId(),
                    grant.meetingTitle(), grant.picture(), grant.customParticipantId(), grant.presetName(),
                    grant.permissions());
        } catch (IllegalArgumentException e) {
            // The control plane issues UUIDs, which always fit; anything else is a bug worth a log line.
            LOG.warn("participant {} of meeting {} cannot join: {}", grant.participantId(), grant.meetingId(),
                    e.getMessage());
            return JoinDecision.refuse(ErrorCode.INTERNAL_ERROR, "this participant's ids cannot be used for media");
        }
        ControlPlaneSeat seat = new ControlPlaneSeat(grant, sessions, chat, executor);
        Claim claim;
        try {
            claim = sessions.claim(grant, seat);
        } catch (ApiException e) {
            return JoinDecision.refuse(e.code(), e.getMessage());
        }
        try {
            seat.claimed(claim, chat.history(grant.meetingId(), claim.sessionId()));
        } catch (RuntimeException e) {
            sessions.release(claim);
            throw e;
        }
        return JoinDecision.admit(identity, seat);
    }
}
