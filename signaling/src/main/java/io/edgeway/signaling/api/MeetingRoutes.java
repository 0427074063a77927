package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.live.LiveParticipant;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.store.MeetingStore;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/meetings}: create, list, get, update (PATCH: the fields given) and replace (PUT: every field,
 * defaults for those left out; setting {@code status} INACTIVE ends the live session for everyone), and the
 * active session: read it, kick some participants, kick all.
 */
final class MeetingRoutes {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final MeetingStore meetings;
    private final ActiveSessions sessions;
    private final Clock clock;

    MeetingRoutes(MeetingStore meetings, ActiveSessions sessions, Clock clock) {
        this.meetings = meetings;
        this.sessions = sessions;
        this.clock = clock;
    }

    void register(Router r) {
        r.add("POST", "/v1/meetings", Auth.API_KEY, this::create);
        r.add("GET", "/v1/meetings", Auth.API_KEY, req -> ApiResponse.page(meetings.list(offset(req), perPage(req)),
                Views::meeting));
        r.add("GET", "/v1/meetings/{meeting_id}", Auth.API_KEY, req -> ApiResponse.ok(Views.meeting(find(req))));
        r.add("PATCH", "/v1/meetings/{meeting_id}", Auth.API_KEY, req -> update(req, find(req)));
        r.add("PUT", "/v1/meetings/{meeting_id}", Auth.API_KEY, req -> update(req, blank(find(req))));
        r.add("GET", "/v1/meetings/{meeting_id}/active-session", Auth.API_KEY, this::activeSession);
        r.add("POST", "/v1/meetings/{meeting_id}/active-session/kick", Auth.API_KEY, this::kick);
        r.add("POST", "/v1/meetings/{meeting_id}/active-session/kick-all", Auth.API_KEY, this::kickAll);
    }

    static long offset(ApiRequest req) {
        int page = req.queryInt("page_no", 1, 1, Integer.MAX_VALUE);
        return (long) (page - 1) * perPage(req);
    }

    static int perPage(ApiRequest req) {
        return req.queryInt("per_page", DEFAULT_PAGE, 1, MAX_PAGE);
    }

    private ApiResponse create(ApiRequest req) {
        long now = clock.epochSeconds();
        Meeting m = apply(req.json(), new Meeting(UUID.randomUUID().toString(), null, MeetingStatus.ACTIVE, false,
                false, false, false, now, now), now);
        meetings.insert(m);
        return ApiResponse.created(Views.meeting(m));
    }

    private ApiResponse update(ApiRequest req, Meeting base) {
        Meeting m = apply(req.json(), base, clock.epochSeconds());
        if (!meetings.update(m)) {
            throw notFound(m.id());
        }
        if (m.status() == MeetingStatus.INACTIVE) {
            // An INACTIVE meeting refuses new joins (ParticipantTokens.verify); its live session ends too.
            sessions.endSession(m.id(), ErrorCode.MEETING_INACTIVE, "meeting " + m.id()
                    + " was set INACTIVE, which ends its session; it takes joins again once set ACTIVE");
        }
        return ApiResponse.ok(Views.meeting(m));
    }

    /** The meeting with every changeable field at its default (for PUT). */
    private static Meeting blank(Meeting m) {
        return new Meeting(m.id(), null, MeetingStatus.ACTIVE, false, false, false, false, m.createdAt(), m.updatedAt());
    }

    private static Meeting apply(ObjectNode body, Meeting base, long now) {
        String title = Fields.has(body, "title") ? Fields.text(body, "title") : base.title();
        Limits.checkMeetingTitle(title);
        MeetingStatus status = base.status();
        String s = Fields.text(body, "status");
        if (s != null) {
            try {
                status = MeetingStatus.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw Fields.invalid("status must be ACTIVE or INACTIVE");
            }
        }
        return new Meeting(base.id(), title, status,
                Fields.bool(body, "record_on_start", base.recordOnStart()),
                Fields.bool(body, "persist_chat", base.persistChat()),
                Fields.bool(body, "live_stream_on_start", base.liveStreamOnStart()),
                Fields.bool(body, "summarize_on_end", base.summarizeOnEnd()),
                base.createdAt(), now);
    }

    private Meeting find(ApiRequest req) {
        String id = req.param("meeting_id");
        return meetings.find(id).orElseThrow(() -> notFound(id));
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.MEETING_NOT_FOUND, "no meeting " + id);
    }

    private ApiResponse activeSession(ApiRequest req) {
        Meeting m = find(req);
        return sessions.activeSession(m.id()).map(s -> ApiResponse.ok(Views.session(s)))
                .orElseThrow(() -> new ApiException(ErrorCode.NO_ACTIVE_SESSION, "meeting " + m.id()
                        + " has no live session: nobody has joined it"));
    }

    private ApiResponse kick(ApiRequest req) {
        Meeting m = find(req);
        ObjectNode body = req.json();
        List<String> ids = Fields.strings(body, "participant_ids");
        List<String> custom = Fields.strings(body, "custom_participant_ids");
        if (ids.isEmpty() && custom.isEmpty()) {
            throw Fields.invalid("give participant_ids or custom_participant_ids");
        }
        if (sessions.activeSession(m.id()).isEmpty()) {
            throw new ApiException(ErrorCode.NO_ACTIVE_SESSION, "meeting " + m.id() + " has no live session to kick from");
        }
        List<LiveParticipant> kicked = sessions.kick(m.id(), ids, custom);
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("action", "kick");
        ArrayNode list = data.putArray("participants");
        for (LiveParticipant p : kicked) {
            list.add(Views.live(p));
        }
        return ApiResponse.ok(data);
    }

    private ApiResponse kickAll(ApiRequest req) {
        Meeting m = find(req);
        if (sessions.activeSession(m.id()).isEmpty()) {
            throw new ApiException(ErrorCode.NO_ACTIVE_SESSION, "meeting " + m.id() + " has no live session to end");
        }
        int n = sessions.kickAll(m.id());
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.put("action", "kick_all");
        data.put("kicked_participants_count", n);
        return ApiResponse.ok(data);
    }
}
