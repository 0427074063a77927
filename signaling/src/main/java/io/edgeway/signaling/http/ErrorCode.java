package io.edgeway.signaling.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every error the process answers with, over HTTP (the operations endpoints and the REST control
 * plane) and over the signaling WebSocket ({@code {"type":"error","code":...}}, and the {@code code} of
 * {@code kicked} and {@code reason} of {@code meetingEnded}): one list, so that a refusal means the same
 * wherever it is met (the 101st participant is {@code session_full} over REST and over the WebSocket). A
 * stable machine-readable {@link #code()} that apps may switch on, and the HTTP status it is answered
 * with over HTTP (codes that only the WebSocket uses carry the status they would have). The human message
 * is given where the error is raised; it says what to do next. docs/SIGNALING.md lists the WebSocket's.
 *
 * <p>Codes are part of the API: never rename one; add a new constant instead.
 */
public enum ErrorCode {

    // ------------------------------------------------------------------ any route
    NOT_FOUND("not_found", HttpResponseStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpResponseStatus.METHOD_NOT_ALLOWED),
    INTERNAL_ERROR("internal_error", HttpResponseStatus.INTERNAL_SERVER_ERROR),
    /** The control plane's bounded work queue is full; retry after the Retry-After seconds. */
    SERVER_BUSY("server_busy", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** The control plane's database cannot be reached; retry after the Retry-After seconds. */
    DATABASE_UNAVAILABLE("database_unavailable", HttpResponseStatus.SERVICE_UNAVAILABLE),
    INVALID_JSON("invalid_json", HttpResponseStatus.BAD_REQUEST),
    INVALID_REQUEST("invalid_request", HttpResponseStatus.BAD_REQUEST),
    /** The request (head and body) is larger than the port accepts. */
    REQUEST_TOO_LARGE("request_too_large", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    /** The source (or the listener) has as many connections open as it may; close some and retry. */
    TOO_MANY_CONNECTIONS("too_many_connections", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** The request carried an Origin header: REST calls belong on the app's server, never in a browser. */
    BROWSER_REQUEST_REFUSED("browser_request_refused", HttpResponseStatus.FORBIDDEN),

    // ------------------------------------------------------------------ API keys and rate limits
    MISSING_API_KEY("missing_api_key", HttpResponseStatus.UNAUTHORIZED),
    INVALID_API_KEY("invalid_api_key", HttpResponseStatus.UNAUTHORIZED),
    RATE_LIMITED("rate_limited", HttpResponseStatus.TOO_MANY_REQUESTS),
    API_KEY_NOT_FOUND("api_key_not_found", HttpResponseStatus.NOT_FOUND),
    /** Deleting the last API key would lock every client out. */
    LAST_API_KEY("last_api_key", HttpResponseStatus.CONFLICT),

    // ------------------------------------------------------------------ meetings, presets, participants
    MEETING_NOT_FOUND("meeting_not_found", HttpResponseStatus.NOT_FOUND),
    PRESET_NOT_FOUND("preset_not_found", HttpResponseStatus.NOT_FOUND),
    PARTICIPANT_NOT_FOUND("participant_not_found", HttpResponseStatus.NOT_FOUND),
    PRESET_NAME_TAKEN("preset_name_taken", HttpResponseStatus.CONFLICT),
    PARTICIPANT_EXISTS("participant_exists", HttpResponseStatus.CONFLICT),
    TITLE_TOO_LONG("title_too_long", HttpResponseStatus.BAD_REQUEST),
    PRESET_NAME_TOO_LONG("preset_name_too_long", HttpResponseStatus.BAD_REQUEST),
    PARTICIPANT_NAME_TOO_LONG("participant_name_too_long", HttpResponseStatus.BAD_REQUEST),
    NO_ACTIVE_SESSION("no_active_session", HttpResponseStatus.NOT_FOUND),

    // ------------------------------------------------------------------ accounts, apps, sessions, webhooks
    /** The path's account_id is not the one this server serves ({@code account-id}). */
    ACCOUNT_NOT_FOUND("account_not_found", HttpResponseStatus.NOT_FOUND),
    APP_NOT_FOUND("app_not_found", HttpResponseStatus.NOT_FOUND),
    /** The API key is limited to another app (or the route is account-wide and the key is limited to an app). */
    APP_NOT_PERMITTED("app_not_permitted", HttpResponseStatus.FORBIDDEN),
    SESSION_NOT_FOUND("session_not_found", HttpResponseStatus.NOT_FOUND),
    WEBHOOK_NOT_FOUND("webhook_not_found", HttpResponseStatus.NOT_FOUND),
    /**
     * A webhook URL whose host is an address webhooks may not reach (loopback, private, link-local, metadata, ...)
     * unless the operator opens it with {@code webhook-allowed-target}.
     */
    WEBHOOK_TARGET_REFUSED("webhook_target_refused", HttpResponseStatus.BAD_REQUEST),
    RECORDING_NOT_FOUND("recording_not_found", HttpResponseStatus.NOT_FOUND),
    /** A chat export link that expired, was forged, or names another session. */
    DOWNLOAD_LINK_INVALID("download_link_invalid", HttpResponseStatus.FORBIDDEN),
    /**
     * A RealtimeKit feature or setting Edgeway does not have (transcripts, summaries, livestreams, analytics,
     * recordings, a preset permission it cannot enforce): refused by name rather than accepted and ignored.
     */
    NOT_SUPPORTED("not_supported", HttpResponseStatus.NOT_IMPLEMENTED),

    // ------------------------------------------------------------------ participant tokens and joining
    /** The token's expiry has passed: the app refreshes it (POST .../participants/{id}/token). */
    TOKEN_EXPIRED("token_expired", HttpResponseStatus.UNAUTHORIZED),
    /** Not a token this server signed: malformed, forged, or signed by an unknown key. */
    TOKEN_INVALID("token_invalid", HttpResponseStatus.UNAUTHORIZED),
    /** The token's participant is already live in a session: one live session per token. */
    TOKEN_REUSE("token_reuse", HttpResponseStatus.CONFLICT),
    PARTICIPANT_DELETED("participant_deleted", HttpResponseStatus.UNAUTHORIZED),
    /** The meeting's status is INACTIVE: it refuses new joins. */
    MEETING_INACTIVE("meeting_inactive", HttpResponseStatus.FORBIDDEN),
    /** The session already has the most participants a session may have (the 101st join). */
    SESSION_FULL("session_full", HttpResponseStatus.FORBIDDEN),
    /** Starting a session would exceed the concurrent sessions an app may have. */
    TOO_MANY_SESSIONS("too_many_sessions", HttpResponseStatus.FORBIDDEN),
    MEETING_DURATION_EXCEEDED("meeting_duration_exceeded", HttpResponseStatus.FORBIDDEN),
    RECORDING_DURATION_EXCEEDED("recording_duration_exceeded", HttpResponseStatus.FORBIDDEN),
    /** The preset lacks canStartStopRecording (or canRecord). */
    RECORDING_NOT_PERMITTED("recording_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** The preset does not allow producing this kind of media (a view-only preset). */
    PUBLISH_NOT_PERMITTED("publish_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** Kicked by the REST API (kick, or the participant deleted) or by a participant allowed to kick. */
    KICKED("kicked", HttpResponseStatus.FORBIDDEN),
    /** The app's server ended the live session for everyone (REST kick-all). */
    SESSION_ENDED("session_ended", HttpResponseStatus.FORBIDDEN),
    /** A participant without the preset's {@code kick_participant} asked to kick someone. */
    KICK_NOT_PERMITTED("kick_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** A participant without the preset's {@code accept_waiting_requests} tried to admit or reject someone. */
    WAITING_ROOM_NOT_PERMITTED("waiting_room_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** A message other than {@code leave} from a participant still in the waiting room. */
    WAITLISTED("waitlisted", HttpResponseStatus.CONFLICT),
    /** A participant with {@code accept_waiting_requests} did not let this one in; the connection closes. */
    WAITLIST_REJECTED("waitlist_rejected", HttpResponseStatus.FORBIDDEN),
    /** A participant without the preset's {@code pin_participant} tried to pin or unpin. */
    PIN_NOT_PERMITTED("pin_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** A participant without {@code disable_participant_audio} / {@code _video} tried to turn another's off. */
    DISABLE_NOT_PERMITTED("disable_not_permitted", HttpResponseStatus.FORBIDDEN),
    /** The preset lacks {@code polls.can_create} (creating) or {@code polls.can_vote} (voting). */
    POLL_NOT_PERMITTED("poll_not_permitted", HttpResponseStatus.FORBIDDEN),
    POLL_NOT_FOUND("poll_not_found", HttpResponseStatus.NOT_FOUND),
    /** A participant votes once per poll. */
    POLL_ALREADY_VOTED("poll_already_voted", HttpResponseStatus.CONFLICT),
    /** Recording was asked for, with permission, but this server has no recorder. */
    RECORDING_UNAVAILABLE("recording_unavailable", HttpResponseStatus.NOT_IMPLEMENTED),

    // ------------------------------------------------------------------ chat
    CHAT_MESSAGE_TOO_LONG("chat_message_too_long", HttpResponseStatus.BAD_REQUEST),
    CHAT_MESSAGE_EMPTY("chat_message_empty", HttpResponseStatus.BAD_REQUEST),
    CHAT_RATE_LIMITED("chat_rate_limited", HttpResponseStatus.TOO_MANY_REQUESTS),
    CHAT_NOT_PERMITTED("chat_not_permitted", HttpResponseStatus.FORBIDDEN),

    // ------------------------------------------------------------------ the signaling WebSocket only
    /** A plain HTTP request to the WebSocket's path. */
    WEBSOCKET_REQUIRED("websocket_required", HttpResponseStatus.BAD_REQUEST),
    /** The development TURN credentials route, with no static-auth-secret to mint them from. */
    NO_REST_SECRET("no_rest_secret", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** A message without a {@code type}, or with one the server does not know. */
    UNKNOWN_TYPE("unknown_type", HttpResponseStatus.BAD_REQUEST),
    /** A binary frame: the protocol is JSON in text frames. */
    UNSUPPORTED_FRAME("unsupported_frame", HttpResponseStatus.BAD_REQUEST),
    /** A request that needs a joined meeting before {@code join} succeeded. */
    NOT_JOINED("not_joined", HttpResponseStatus.CONFLICT),
    /** A second {@code join} on a connection that joined (or is joining) already. */
    ALREADY_JOINED("already_joined", HttpResponseStatus.CONFLICT),
    /** The join could not be checked (the authenticator failed, not refused): try again later. */
    JOIN_FAILED("join_failed", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** Joining by meeting name is turned off ({@code open-sessions: false}): join with a token. */
    OPEN_SESSIONS_DISABLED("open_sessions_disabled", HttpResponseStatus.FORBIDDEN),
    /** A participant with the same id is in the meeting already. */
    DUPLICATE_PARTICIPANT("duplicate_participant", HttpResponseStatus.CONFLICT),
    /** The server is draining before a restart and takes no new joins. */
    DRAINING("draining", HttpResponseStatus.SERVICE_UNAVAILABLE),
    /** The SDP does not parse. */
    INVALID_SDP("invalid_sdp", HttpResponseStatus.BAD_REQUEST),
    /** The SDP parses but cannot be negotiated (no BUNDLE, no common codec, an ICE restart, ...). */
    SDP_REJECTED("sdp_rejected", HttpResponseStatus.BAD_REQUEST),
    /** The client offered while the server's offer is outstanding: roll back, answer, offer again. */
    NEGOTIATION_GLARE("negotiation_glare", HttpResponseStatus.CONFLICT),
    /** An answer arrived but the server has no offer outstanding. */
    NO_OFFER_PENDING("no_offer_pending", HttpResponseStatus.CONFLICT),
    /** The answer breaks the server's offer; the participant is removed from the meeting. */
    INVALID_ANSWER("invalid_answer", HttpResponseStatus.BAD_REQUEST),
    /** The participant's media connection ended (consent lost, DTLS failed, never connected); it was removed. */
    MEDIA_DISCONNECTED("media_disconnected", HttpResponseStatus.GONE),

    // ------------------------------------------------------------------ TURN keys and credentials
    TURN_KEY_NOT_FOUND("turn_key_not_found", HttpResponseStatus.NOT_FOUND),
    INVALID_TURN_KEY_TOKEN("invalid_turn_key_token", HttpResponseStatus.UNAUTHORIZED),
    TTL_OUT_OF_RANGE("ttl_out_of_range", HttpResponseStatus.BAD_REQUEST),
    TURN_CREDENTIAL_NOT_FOUND("turn_credential_not_found", HttpResponseStatus.NOT_FOUND);

    private final String code;
    private final HttpResponseStatus status;

    ErrorCode(String code, HttpResponseStatus status) {
        this.code = code;
        this.status = status;
    }

    /** The stable code, as it appears in {@code errors[].code}. */
    public String code() {
        return code;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
