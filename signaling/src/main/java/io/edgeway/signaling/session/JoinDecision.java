package io.edgeway.signaling.session;

import java.util.Objects;

/** What a {@link JoinAuthenticator} decided about one {@code join} message. Immutable. */
public sealed interface JoinDecision {

    /** Let the participant in with this identity. */
    record Admitted(ParticipantIdentity identity) implements JoinDecision {
        public Admitted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * Keep it out. The code and message go to the client as an {@code error} message.
     *
     * @param code a stable, lower-case wire code such as {@code invalid_token}
     * @param message for people; never a secret
     */
    record Refused(String code, String message) implements JoinDecision {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    static JoinDecision admit(ParticipantIdentity identity) {
        return new Admitted(identity);
    }

    static JoinDecision refuse(String code, String message) {
        return new Refused(code, message);
    }
}
