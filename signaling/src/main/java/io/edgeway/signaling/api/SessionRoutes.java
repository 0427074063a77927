package io.edgeway.signaling.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.api.Router.Auth;
import io.edgeway.signaling.chat.ChatExports;
import io.edgeway.signaling.chat.ChatService;
import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.live.ActiveSessions;
import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.model.SessionPeer;
import io.edgeway.signaling.model.SessionRecord;
import io.edgeway.signaling.store.SessionStore;
import java.util.Set;

/**
 * An app's session history ({@code .../sessions}), kept across restarts: list (filters {@code associated_id},
 * {@code search}, {@code status}, {@code start_time}, {@code end_time}; sorted by {@code createdAt} or
 * {@code minutesConsumed}; paged), details, participants (one per join, with join and leave times and
 * durations; searched, sorted by {@code joinedAt} or {@code duration}), one participant (with its peer events on
 * {@code include_peer_events}), the peer report, and the chat export: an expiring link Edgeway itself serves
 * ({@link ChatExports}). Transcripts and summaries answer {@code not_supported}.
 */
final class SessionRoutes {

    private static final Set<String> LIST_QUERY = Set.of("associated_id", "end_time", "page_no", "per_page", "search",
            "sort_by", "sort_order", "start_time", "status", "participants");
    private static final Set<String> PEERS_QUERY = Set.of("include_peer_events", "page_no", "per_page", "search",
            "sort_by", "sort_order", "view");

    private final SessionStore store;
    private final ActiveSessions live;
    private final ChatService chat;
    private final ChatExports exports;
    private final Clock clock;

    SessionRoutes(SessionStore store, ActiveSessions live, ChatService chat, ChatExports exports, Clock clock) {
        this.store = store;
        this.live = live;
        this.chat = chat;
        this.exports = exports;
        this.clock = clock;
    }

    void register(Router r) {
        r.app("GET", "/sessions", this::list);
        r.app("GET", "/sessions/{session_id}", req -> {
            req.onlyQuery(Set.of("include_breakout_rooms"));
            return ApiResponse.ok(view(find(req)));
        });
        r.app("GET", "/sessions/{session_id}/participants", this::participants);
        r.app("GET", "/sessions/{session_id}/participants/{participant_id}", req -> {
            req.onlyQuery(Set.of("include_peer_events"));
            SessionRecord s = find(req);
            SessionPeer p = store.peer(s.id(), req.param("participant_id")).orElseThrow(() -> new ApiException(
                    ErrorCode.PARTICIPANT_NOT_FOUND, "no participant " + req.param("participant_id") + " in session " + s.id()));
            ObjectNode data = JsonEnvelope.JSON.createObjectNode();
            data.set("participant", peer(p, flag(req, "include_peer_events")));
            return ApiResponse.ok(data);
        });
        r.app("GET", "/sessions/peer-report/{peer_id}", req -> {
            req.onlyQuery(Set.of("include_peer_events", "filters"));
            SessionPeer p = store.peerInApp(req.appId(), req.param("peer_id")).orElseThrow(() -> new ApiException(
                    ErrorCode.PARTICIPANT_NOT_FOUND, "no peer " + req.param("peer_id") + " in this app's sessions"));
            ObjectNode participant = peer(p, flag(req, "include_peer_events"));
            participant.put("role", p.presetName());
            participant.put("session_id", p.sessionId());
            // Edgeway keeps no client-side call statistics (devices, IP information, quality): the report
            // says so by being empty rather than inventing figures.
            ObjectNode report = participant.putObject("peer_report");
            report.putObject("metadata");
            report.putObject("quality");
            ObjectNode data = JsonEnvelope.JSON.createObjectNode();
            data.set("participant", participant);
            return ApiResponse.ok(data);
        });
        r.app("GET", "/sessions/{session_id}/chat", req -> {
            SessionRecord s = find(req);
            ChatExports.Link link = exports.link(s.id(), clock.epochSeconds());
            ObjectNode data = JsonEnvelope.JSON.createObjectNode();
            data.put("chat_download_url", (req.origin() == null ? "" : req.origin()) + ChatExports.path(s.id(), link));
            data.put("chat_download_url_expiry", Views.time(link.expiresAt()));
            return ApiResponse.ok(data);
        });
        r.add("GET", ApiPaths.V1 + "/sessions/{session_id}/chat/download", Auth.SIGNED_LINK, req -> {
            String id = req.param("session_id");
            long now = clock.epochSeconds();
            if (!exports.valid(id, req.queryText("expires"), req.queryText("signature"), now)) {
                throw new ApiException(ErrorCode.DOWNLOAD_LINK_INVALID, "this chat download link has expired or is not"
                        + " valid; ask for a new one (GET .../sessions/" + id + "/chat)");
            }
            SessionRecord s = store.find(id, now).orElseThrow(() -> notFound(id));
            return ApiResponse.file("text/csv; charset=utf-8", ChatExports.csv(chat.sessionMessages(s.meetingId(), s.id())));
        });
        String ai = "transcripts and summaries (Edgeway does not transcribe)";
        r.app("GET", "/sessions/{session_id}/transcript", req -> {
            find(req);
            throw UnsupportedRoutes.refused(ai);
        });
        r.app("GET", "/sessions/{session_id}/summary", req -> {
            find(req);
            throw UnsupportedRoutes.refused(ai);
        });
        r.app("POST", "/sessions/{session_id}/summary", req -> {
            find(req);
            throw UnsupportedRoutes.refused(ai);
        });
    }

    private ApiResponse list(ApiRequest req) {
        req.onlyQuery(LIST_QUERY);
        if (req.queryText("participants") != null) {
            throw Fields.notSupported("the participants filter", "a meaning RealtimeKit does not document");
        }
        String status = Fields.oneOf(req, "status", Set.of("LIVE", "ENDED"));
        String sortBy = Fields.oneOf(req, "sort_by", Set.of("minutesConsumed", "createdAt"));
        String order = Fields.oneOf(req, "sort_order", Set.of("ASC", "DESC"));
        String search = req.queryText("search");
        String meeting = req.queryText("associated_id");
        SessionStore.Query q = new SessionStore.Query(meeting == null || meeting.isEmpty() ? null : meeting,
                search == null || search.isEmpty() ? null : search, status == null ? null : status.equals("LIVE"),
                Fields.isoTime(req, "start_time"), Fields.isoTime(req, "end_time"), "minutesConsumed".equals(sortBy),
                "DESC".equals(order));
        Page<SessionRecord> page = store.list(req.appId(), q, clock.epochSeconds(), MeetingRoutes.offset(req),
                MeetingRoutes.perPage(req));
        ArrayNode sessions = JsonEnvelope.JSON.createArrayNode();
        page.items().forEach(s -> sessions.add(view(s)));
        return pageOf("sessions", sessions, page);
    }

    private ApiResponse participants(ApiRequest req) {
        req.onlyQuery(PEERS_QUERY);
        Fields.oneOf(req, "view", Set.of("raw", "consolidated")); // no breakout rooms: both views are the same
        String sortBy = Fields.oneOf(req, "sort_by", Set.of("joinedAt", "duration"));
        String order = Fields.oneOf(req, "sort_order", Set.of("ASC", "DESC"));
        String search = req.queryText("search");
        SessionRecord s = find(req);
        Page<SessionPeer> page = store.peers(s.id(), search == null || search.isEmpty() ? null : search,
                "duration".equals(sortBy), "DESC".equals(order), clock.epochSeconds(), MeetingRoutes.offset(req),
                MeetingRoutes.perPage(req));
        boolean events = flag(req, "include_peer_events");
        ArrayNode list = JsonEnvelope.JSON.createArrayNode();
        page.items().forEach(p -> list.add(peer(p, events)));
        return pageOf("participants", list, page);
    }

    /** RealtimeKit's {@code {"data": {name: [...]}, "paging": ...}} shape of these lists. */
    private static ApiResponse pageOf(String name, ArrayNode items, Page<?> page) {
        ObjectNode root = JsonEnvelope.page(items, page.start(), page.total());
        ObjectNode data = JsonEnvelope.JSON.createObjectNode();
        data.set(name, items);
        root.set("data", data);
        return new ApiResponse(io.netty.handler.codec.http.HttpResponseStatus.OK, root);
    }

    private ObjectNode view(SessionRecord s) {
        long now = clock.epochSeconds();
        int liveCount = !s.live() ? 0 : live.activeSession(s.meetingId())
                .filter(snapshot -> snapshot.sessionId().equals(s.id())).map(snapshot -> snapshot.participants().size())
                .orElse(0);
        return Views.session(s.id(), s.meetingId(), s.meetingTitle(), s.appId(), s.live(), liveCount, s.maxConcurrent(),
                s.participantSeconds(), s.startedAt(), s.live() ? now : s.updatedAt(), s.endedAt());
    }

    /** A peer as the session participant routes document it; its events are derived from its join and leave. */
    private ObjectNode peer(SessionPeer p, boolean events) {
        long now = clock.epochSeconds();
        ObjectNode o = JsonEnvelope.JSON.createObjectNode();
        o.put("id", p.id());
        o.put("user_id", p.participantId());
        o.put("custom_participant_id", p.customParticipantId());
        o.put("display_name", p.displayName());
        o.put("preset_name", p.presetName());
        o.put("joined_at", Views.time(p.joinedAt()));
        if (p.leftAt() != 0) {
            o.put("left_at", Views.time(p.leftAt()));
        }
        o.put("duration", Views.minutes(p.seconds(now)));
        o.put("created_at", Views.time(p.joinedAt()));
        o.put("updated_at", Views.time(p.updatedAt()));
        if (events) {
            ArrayNode list = o.putArray("peer_events");
            list.add(event(p, "PEER_CREATED", p.joinedAt()));
            list.add(event(p, "PEER_JOINING", p.joinedAt()));
            if (p.leftAt() != 0) {
                list.add(event(p, "PEER_LEAVING", p.leftAt()));
            }
        }
        return o;
    }

    private static ObjectNode event(SessionPeer p, String name, long at) {
        ObjectNode e = JsonEnvelope.JSON.createObjectNode();
        e.put("id", p.id() + ":" + name.toLowerCase(java.util.Locale.ROOT));
        e.put("event_name", name);
        e.put("peer_id", p.id());
        e.put("participant_id", p.participantId());
        e.put("session_id", p.sessionId());
        e.put("preset_view_type", "GROUP_CALL");
        e.put("minutes_consumed", name.equals("PEER_LEAVING") ? Views.minutes(p.seconds(at)) : 0);
        e.put("created_at", Views.time(at));
        e.put("updated_at", Views.time(at));
        return e;
    }

    private static boolean flag(ApiRequest req, String name) {
        String v = Fields.oneOf(req, name, Set.of("true", "false"));
        return "true".equals(v);
    }

    private SessionRecord find(ApiRequest req) {
        String id = req.param("session_id");
        return store.find(req.appId(), id, clock.epochSeconds()).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.SESSION_NOT_FOUND, "no session " + id + " in this app");
    }
}
