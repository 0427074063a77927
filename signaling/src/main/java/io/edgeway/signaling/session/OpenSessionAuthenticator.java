package io.edgeway.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.chat.ChatRateLimiter;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.ChatMessage;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * Open named sessions, for development and demos: {@code {"type":"join","meeting":"demo","name":"Alice"}}
 * joins the meeting called {@code demo} (created by its first participant) as "Alice", with a fresh
 * random participant id, every publish permission and chat (kept in memory only: the live meeting's
 * recent messages are a joiner's history; the control plane's limits apply: 4,000 characters, 180 per
 * minute). Anyone who can reach the WebSocket can join any meeting; the {@code open-sessions} setting
 * turns this off for production, where participant tokens decide instead.
 *
 * <p>Thread-safe if {@code random} is (a {@code SecureRandom} is).
 */
public final class OpenSessionAuthenticator implements JoinAuthenticator {

    /** Participant ids are {@value} random bytes as lower-case hex: unguessable, short enough for msid. */
    static final int ID_BYTES = 8;
    /** The {@link Seat#realm()} of open sessions. */
    public static final String REALM = "open";

    private final RandomGenerator random;
    private final Clock clock;
    private final ChatRateLimiter chatRate = new ChatRateLimiter();

    public OpenSessionAuthenticator(RandomGenerator random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    @Override
    public CompletionStage<JoinDecision> authenticate(JsonNode join) {
        return CompletableFuture.completedFuture(decide(join));
    }

    private JoinDecision decide(JsonNode join) {
        JsonNode meeting = join.get("meeting");
        JsonNode name = join.get("name");
        if (meeting == null || !meeting.isTextual() || !ParticipantIdentity.isMeetingId(meeting.asText())) {
            return JoinDecision.refuse(ErrorCode.INVALID_REQUEST, "join needs \"meeting\": 1 to 64 characters of"
                    + " A-Z a-z 0-9 . _ - (the session's name)");
        }
        if (name == null || !name.isTextual() || !ParticipantIdentity.isDisplayName(name.asText().strip())) {
            return JoinDecision.refuse(ErrorCode.INVALID_REQUEST, "join needs \"name\": 1 to "
                    + ParticipantIdentity.MAX_NAME_LENGTH + " characters, no control characters");
        }
        String id = newParticipantId();
        ParticipantIdentity identity = new ParticipantIdentity(id, name.asText().strip(), meeting.asText(),
                meeting.asText(), true, true, true);
        return JoinDecision.admit(identity, new OpenSeat(identity));
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

    /** An open participant's seat: nothing to give back but its chat rate window; nobody removes it. */
    private final class OpenSeat implements Seat {
        private final ParticipantIdentity who;

        OpenSeat(ParticipantIdentity who) {
            this.who = who;
        }

        @Override
        public String realm() {
            return REALM;
        }

        @Override
        public String sessionId() {
            return null;
        }

        @Override
        public List<ChatMessage> chatHistory() {
            return List.of();
        }

        @Override
        public CompletionStage<ChatMessage> sendChat(String text) {
            try {
                who.permissions().requireSendChat("(open session)");
                Limits.checkChatMessage(text);
                chatRate.acquire(who.participantId(), clock.nanos());
            } catch (ApiException e) {
                return CompletableFuture.failedFuture(SignalingException.of(e));
            }
            return CompletableFuture.completedFuture(new ChatMessage(UUID.randomUUID().toString(), who.meetingId(),
                    null, who.participantId(), who.displayName(), text, clock.epochSeconds()));
        }

        @Override
        public CompletionStage<ChatMessage> sendPrivateChat(String text) {
            return sendChat(text);   // open sessions store nothing: checking is all there is
        }

        @Override
        public void attach(Removal removals) {
            // Open sessions have no server-side removal (no REST API reaches them).
        }

        @Override
        public void release() {
            chatRate.forget(who.participantId());
        }
    }
}
