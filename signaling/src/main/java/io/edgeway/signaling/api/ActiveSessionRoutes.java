package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.live.LiveParticipant;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.store.MeetingStore;
import io.edgeway.signaling.store.ParticipantStore;
import io.edgeway.signaling.live.LivePolls;
import io.edgeway.signaling.model.Poll;
import io.edgeway.signaling.session.SignalingException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A meeting's live session ({@code .../meetings/{meeting_id}/active-session}): read it (every documented
 * field), kick some participants (by participant id or custom participant id), kick all (which ends it), and
 * create a poll in it ({@code .../poll}: {@code question}, {@code options}, {@code anonymous},
 * {@code hide_votes}; shown at once to its participants with {@code polls.can_view}).
 */
final class ActiveSessionRoutes {

    /** How long a poll's creation may wait for the session layer's loop. */
    private static final Duration POLL_WAIT = Duration.ofSeconds(5);

    private final MeetingStore meetings;
    private final ParticipantStore participants;
    private final ActiveSessions sessions;
    private final Supplier<LivePolls> polls;
    private final Clock clock;

    ActiveSessionRoutes(MeetingStore meetings, ParticipantStore participants, ActiveSessions sessions,
            Supplier<LivePolls> polls, Clock clock) {
        this.meetings = meetings;
        this.participants = participants;
        this.sessions = sessions;
        this.polls = polls;
        this.clock = clock;
    }

    void register(Router r) {
        String base = "/meetings/{meeting_id}/active-session";
        r.app("GET", base, this::activeSession);
        r.app("POST", base + "/kick", this::kick);
        r.app("POST", base + "/kick-all", this::kickAll);
        r.app("POST", base + "/poll", this::poll);
    }

    private ApiResponse poll(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        ObjectNode body = req.json();
        Fields.only(body, "a poll", Set.of("question", "options", "anonymous", "hide_votes"));
        String question = Fields.requiredText(body, "question");
        List<String> options = Fields.strings(body, "options");
        boolean anonymous = Fields.bool(body, "anonymous", false);
        boolean hideVotes = Fields.bool(body, "hide_votes", false);
        if (sessions.activeSession(m.id()).isEmpty()) {
            throw noSession(m, "there is nobody to poll");
        }
        Optional<Poll> created;
        try {
            created = polls.get().create(m.id(), question, options, anonymous, hideVotes).toCompletableFuture()
                    .get(POLL_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SignalingException s) {
                throw new ApiException(s.code(), s.getMessage());
            }
            if (cause instanceof ApiException a) {
                throw a;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.SERVER_BUSY, "the media sessions did not answer within "
                    + POLL_WAIT.toSeconds() + " s; try again", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SERVER_BUSY, "interrupted; try again", 1);
        }
        Poll poll = created.orElseThrow(() -> noSession(m, "none of its participants is connected to this server"));
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("action", "create");
        data.set("poll", Views.poll(poll));
        return ApiResponse.created(data);
    }

    private ApiResponse activeSession(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        return sessions.activeSession(m.id()).map(s -> ApiResponse.ok(Views.session(s, clock.epochSeconds())))
                .orElseThrow(() -> noSession(m, "nobody has joined it"));
    }

    private ApiResponse kick(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        ObjectNode body = req.json();
        Fields.only(body, "kick", Set.of("participant_ids", "custom_participant_ids"));
        List<String> ids = Fields.strings(body, "participant_ids");
        List<String> custom = Fields.strings(body, "custom_participant_ids");
        if (ids.isEmpty() && custom.isEmpty()) {
            throw Fields.invalid("give participant_ids or custom_participant_ids");
        }
        if (sessions.activeSession(m.id()).isEmpty()) {
            throw noSession(m, "there is nobody to kick");
        }
        List<LiveParticipant> kicked = sessions.kick(m.id(), ids, custom);
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("action", "kick");
        ArrayNode list = data.putArray("participants");
        for (LiveParticipant p : kicked) {
            list.add(Views.live(p, participants.find(p.participantId()).orElse(null)));
        }
        return ApiResponse.ok(data);
    }

    private ApiResponse kickAll(ApiRequest req) {
        Meeting m = MeetingRoutes.find(meetings, req);
        if (sessions.activeSession(m.id()).isEmpty()) {
            throw noSession(m, "there is nothing to end");
        }
        int n = sessions.kickAll(m.id());
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("action", "kick_all");
        data.put("kicked_participants_count", n);
        return ApiResponse.ok(data);
    }

    private static ApiException noSession(Meeting m, String why) {
        return new ApiException(ErrorCode.NO_ACTIVE_SESSION, "meeting " + m.id() + " has no live session: " + why);
    }
}
