package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * Open named sessions, for development and demos: {@code {"type":"join","meeting":"demo","name":"Alice"}}
 * joins the meeting called {@code demo} (created by its first participant) as "Alice", with a fresh
 * random participant id and every publish permission. Anyone who can reach the WebSocket can join any
 * meeting; the {@code open-sessions} setting turns this off for production, where issue #5's tokens
 * decide instead.
 *
 * <p>Thread-safe if {@code random} is (a {@code SecureRandom} is).
 */
public final class OpenSessionAuthenticator implements JoinAuthenticator {

    /** Participant ids are {@value} random bytes as lower-case hex: unguessable, short enough for msid. */
    static final int ID_BYTES = 8;

    private final RandomGenerator random;

    public OpenSessionAuthenticator(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public CompletionStage<JoinDecision> authenticate(JsonNode join) {
        return CompletableFuture.completedFuture(decide(join));
    }

    private JoinDecision decide(JsonNode join) {
        JsonNode meeting = join.get("meeting");
        JsonNode name = join.get("name");
        if (meeting == null || !meeting.isTextual() || !ParticipantIdentity.isMeetingId(meeting.asText())) {
            return JoinDecision.refuse(ErrorCodes.INVALID_MESSAGE, "join needs \"meeting\": 1 to 64 characters of"
                    + " A-Z a-z 0-9 . _ - (the session's name)");
        }
        if (name == null || !name.isTextual() || !ParticipantIdentity.isDisplayName(name.asText().strip())) {
            return JoinDecision.refuse(ErrorCodes.INVALID_MESSAGE, "join needs \"name\": 1 to "
                    + ParticipantIdentity.MAX_NAME_LENGTH + " characters, no control characters");
        }
        String id = newParticipantId();
        return JoinDecision.admit(new ParticipantIdentity(id, name.asText().strip(), meeting.asText(),
                meeting.asText(), true, true, true));
    }

    private String newParticipantId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(ID_BYTES * 2);
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
