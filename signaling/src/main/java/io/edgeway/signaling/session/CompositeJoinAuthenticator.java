package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends each {@code join} to the authenticator its fields call for: one with {@code token} to the token
 * authenticator (participant tokens of the control plane), one with {@code meeting} and {@code name} to
 * the open-session one. Either may be a {@link JoinAuthenticator#refusing} stand-in when the process has
 * it turned off ({@code open_sessions_disabled}; tokens without a control plane). A join with neither is
 * refused with {@code invalid_request}. Thread-safe if both are.
 */
public final class CompositeJoinAuthenticator implements JoinAuthenticator {

    private static final CompletionStage<JoinDecision> NEITHER = CompletableFuture.completedFuture(JoinDecision.refuse(
            ErrorCode.INVALID_REQUEST, "join needs \"token\" (a participant token from your app's server), or"
                    + " \"meeting\" and \"name\" (open sessions)"));

    private final JoinAuthenticator tokens;
    private final JoinAuthenticator open;

    public CompositeJoinAuthenticator(JoinAuthenticator tokens, JoinAuthenticator open) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.open = Objects.requireNonNull(open, "open");
    }

    @Override
    public CompletionStage<JoinDecision> authenticate(JsonNode join) {
        if (join.has("token")) {
            return tokens.authenticate(join);
        }
        if (join.has("meeting") || join.has("name")) {
            return open.authenticate(join);
        }
        return NEITHER;
    }

    @Override
    public String meetingKey(JsonNode join) {
        if (join.has("token")) {
            return tokens.meetingKey(join);
        }
        if (join.has("meeting") || join.has("name")) {
            return open.meetingKey(join);
        }
        return null;
    }
}
