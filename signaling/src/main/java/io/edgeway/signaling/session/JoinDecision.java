package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import java.util.Objects;

/** What a {@link JoinAuthenticator} decided about one {@code join} message. Immutable. */
public sealed interface JoinDecision {

    /**
     * Let the participant in with this identity.
     *
     * @param seat its place as the authenticator keeps it; from now on the session layer's to release
     */
    record Admitted(ParticipantIdentity identity, Seat seat) implements JoinDecision {
        public Admitted {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(seat, "seat");
        }
    }

    /**
     * Keep it out. The code and message go to the client as an {@code error} message.
     *
     * @param message for people; never a secret
     */
    record Refused(ErrorCode code, String message) implements JoinDecision {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    static JoinDecision admit(ParticipantIdentity identity, Seat seat) {
        return new Admitted(identity, seat);
    }

    static JoinDecision refuse(ErrorCode code, String message) {
        return new Refused(code, message);
    }
}
