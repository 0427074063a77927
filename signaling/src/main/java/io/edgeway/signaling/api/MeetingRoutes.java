package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.store.MeetingStore;
import java.util.Set;
import java.util.UUID;

/**
 * An app's meetings ({@code .../meetings}): create, list (filters {@code search}, {@code status},
 * {@code start_time}, {@code end_time}), get, update (PATCH: the fields given) and replace (PUT: every field,
 * defaults for those left out). Setting {@code status} INACTIVE ends the live session for everyone.
 *
 * <p>Every documented request field is honoured ({@code title}, {@code status}, {@code persist_chat},
 * {@code session_keep_alive_time_in_secs}) or, when it asks for a feature Edgeway lacks, refused naming it
 * ({@code record_on_start}, {@code live_stream_on_start}, {@code summarize_on_end}, {@code transcribe_on_end}
 * set to true; {@code ai_config}, {@code recording_config} given); an unknown field is refused too.
 */
final class MeetingRoutes {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    /** The longest {@code session_keep_alive_time_in_secs} accepted (RealtimeKit documents no bound). */
    static final int MAX_KEEP_ALIVE_SECS = 3600;

    private static final Set<String> BODY = Set.of("title", "status", "persist_chat", "session_keep_alive_time_in_secs",
            "record_on_start", "live_stream_on_start", "summarize_on_end", "transcribe_on_end", "ai_config",
            "recording_config");
    private static final Set<String> LIST_QUERY = Set.of("page_no", "per_page", "search", "status", "start_time",
            "end_time");

    private final MeetingStore meetings;
    private final ActiveSessions sessions;
    private final Clock clock;

    MeetingRoutes(MeetingStore meetings, ActiveSessions sessions, Clock clock) {
        this.meetings = meetings;
        this.sessions = sessions;
        this.clock = clock;
    }

    void register(Router r) {
        r.app("POST", "/meetings", this::create);
        r.app("GET", "/meetings", this::list);
        r.app("GET", "/meetings/{meeting_id}", req -> {
            req.onlyQuery(Set.of());
            return ApiResponse.ok(Views.meeting(find(meetings, req)));
        });
        r.app("PATCH", "/meetings/{meeting_id}", req -> update(req, find(meetings, req)));
        r.app("PUT", "/meetings/{meeting_id}", req -> update(req, blank(find(meetings, req))));
    }

    static long offset(ApiRequest req) {
        int page = req.queryInt("page_no", 1, 1, Integer.MAX_VALUE);
        return (long) (page - 1) * perPage(req);
    }

    static int perPage(ApiRequest req) {
        return req.queryInt("per_page", DEFAULT_PAGE, 1, MAX_PAGE);
    }

    private ApiResponse list(ApiRequest req) {
        req.onlyQuery(LIST_QUERY);
        String status = Fields.oneOf(req, "status", Set.of("ACTIVE", "INACTIVE"));
        String search = req.queryText("search");
        MeetingStore.Filter filter = new MeetingStore.Filter(search == null || search.isEmpty() ? null : search,
                status == null ? null : MeetingStatus.valueOf(status), Fields.isoTime(req, "start_time"),
                Fields.isoTime(req, "end_time"));
        return ApiResponse.page(meetings.list(req.appId(), filter, offset(req), perPage(req)), Views::meeting);
    }

    private ApiResponse create(ApiRequest req) {
        long now = clock.epochSeconds();
        Meeting m = apply(req.json(), new Meeting(UUID.randomUUID().toString(), req.appId(), null, MeetingStatus.ACTIVE,
                false, false, false, false, 0, now, now), now);
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
        return new Meeting(m.id(), m.appId(), null, MeetingStatus.ACTIVE, false, false, false, false, 0, m.createdAt(),
                m.updatedAt());
    }

    private static Meeting apply(ObjectNode body, Meeting base, long now) {
        Fields.only(body, "a meeting", BODY);
        Fields.unsupportedIfTrue(body, "record_on_start", "a recorder");
        Fields.unsupportedIfTrue(body, "live_stream_on_start", "livestreaming");
        Fields.unsupportedIfTrue(body, "summarize_on_end", "transcripts and summaries");
        Fields.unsupportedIfTrue(body, "transcribe_on_end", "transcripts");
        Fields.unsupportedIfGiven(body, "ai_config", "transcripts and summaries");
        Fields.unsupportedIfGiven(body, "recording_config", "a recorder");
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
        long keepAlive = Fields.number(body, "session_keep_alive_time_in_secs", base.sessionKeepAliveSecs());
        if (keepAlive < 0 || keepAlive > MAX_KEEP_ALIVE_SECS) {
            throw Fields.invalid("session_keep_alive_time_in_secs must be from 0 to " + MAX_KEEP_ALIVE_SECS);
        }
        return new Meeting(base.id(), base.appId(), title, status, false,
                Fields.bool(body, "persist_chat", base.persistChat()), false, false, (int) keepAlive,
                base.createdAt(), now);
    }

    /** The meeting of the request's app named by the path's {@code meeting_id}. */
    static Meeting find(MeetingStore meetings, ApiRequest req) {
        String id = req.param("meeting_id");
        return meetings.find(req.appId(), id).orElseThrow(() -> notFound(id));
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.MEETING_NOT_FOUND, "no meeting " + id + " in this app");
    }
}
