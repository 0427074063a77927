package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.signaling.http.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides who a {@code join} message makes of its WebSocket connection. The seam for authentication:
 * {@link OpenSessionAuthenticator} lets anyone join a named session (development and demos); a token
 * authenticator (issue #5: participant tokens, presets) plugs in here without touching the session layer.
 *
 * <p><b>Threading:</b> called on the WebSocket's thread with the whole join message; it must not block
 * (a token lookup against a database completes the stage later, from any thread). The session layer
 * moves the decision onto the media port's loop. A stage that completes exceptionally is answered with
 * {@code join_failed}; its exception is logged, never sent. An admission hands over a {@link Seat}, which
 * the session layer releases exactly once, even when it does not let the participant in after all
 * (draining, the meeting full, the connection closed while the authenticator decided).
 */
@FunctionalInterface
public interface JoinAuthenticator {

    /**
     * @param join the client's message: {@code {"type":"join", ...}}, with whatever fields the
     *     authenticator reads (a meeting name, a display name, a token)
     */
    CompletionStage<JoinDecision> authenticate(JsonNode join);

    /**
     * The {@link MeetingKey} of the meeting {@code join} asks for, read without checking anything (a token's
     * claims unverified), or null when it names none this authenticator could admit. The process uses it
     * only to choose the event loop the join goes to (a meeting lives on one loop): {@link #authenticate}
     * still decides, on that loop, and a join that lies about its meeting is refused there. Any thread; must
     * not block or throw.
     */
    default String meetingKey(JsonNode join) {
        return null;
    }

    /** Refuses every join with {@code code}; for a process whose open sessions are turned off. */
    static JoinAuthenticator refusing(ErrorCode code, String message) {
        CompletionStage<JoinDecision> refused = CompletableFuture.completedFuture(JoinDecision.refuse(code, message));
        return join -> refused;
    }
}
