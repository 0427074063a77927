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
import java.util.List;
import java.util.Set;

/**
 * A meeting's live session ({@code .../meetings/{meeting_id}/active-session}): read it (every documented
 * field), kick some participants (by participant id or custom participant id), kick all (which ends it).
 */
final class ActiveSessionRoutes {

    private final MeetingStore meetings;
    private final ParticipantStore participants;
    private final ActiveSessions sessions;
    private final Clock clock;

    ActiveSessionRoutes(MeetingStore meetings, ParticipantStore participants, ActiveSessions sessions, Clock clock) {
        this.meetings = meetings;
        this.participants = participants;
        this.sessions = sessions;
        this.clock = clock;
    }

    void register(Router r) {
        String base = "/meetings/{meeting_id}/active-session";
        r.app("GET", base, this::activeSession);
        r.app("POST", base + "/kick", this::kick);
        r.app("POST", base + "/kick-all", this::kickAll);
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
