package io.edgeway.signaling.api;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.store.MeetingStore;

/**
 * RealtimeKit operations for features Edgeway does not have: each answers 501 {@code not_supported} naming
 * the feature (never an empty success that would read as "nothing there"), after the checks every route
 * makes (key, account, app). Livestreams and analytics; recordings
 * have {@link RecordingRoutes}.
 */
final class UnsupportedRoutes {

    private final MeetingStore meetings;

    UnsupportedRoutes(MeetingStore meetings) {
        this.meetings = meetings;
    }

    void register(Router r) {
        String livestreams = "livestreaming (Edgeway has no RTMP/HLS output)";
        unsupported(r, "GET", "/livestreams", livestreams);
        unsupported(r, "GET", "/livestreams/{livestream_id}", livestreams);
        unsupported(r, "GET", "/livestreams/{livestream_id}/active-livestream-session", livestreams);
        unsupported(r, "GET", "/livestreams/sessions/{livestream_session_id}", livestreams);
        unsupported(r, "GET", "/analytics/livestreams/overall", livestreams);
        unsupported(r, "GET", "/analytics/livestreams/daywise", livestreams);
        meetingScoped(r, "GET", "/meetings/{meeting_id}/active-livestream", livestreams);
        meetingScoped(r, "POST", "/meetings/{meeting_id}/livestreams", livestreams);
        meetingScoped(r, "POST", "/meetings/{meeting_id}/active-livestream/stop", livestreams);
        unsupported(r, "GET", "/analytics/daywise", "analytics (use the Prometheus metrics on /metrics and the sessions"
                + " API for usage)");
    }

    private static void unsupported(Router r, String method, String template, String feature) {
        r.app(method, template, req -> {
            throw refused(feature);
        });
    }

    /** Checks the meeting exists first, so a wrong id still reads as such. */
    private void meetingScoped(Router r, String method, String template, String feature) {
        r.app(method, template, req -> {
            Meeting m = MeetingRoutes.find(meetings, req);
            throw refused(feature + "; meeting " + m.id() + " exists, but this is not available");
        });
    }

    static ApiException refused(String feature) {
        return new ApiException(ErrorCode.NOT_SUPPORTED, "not supported by Edgeway: " + feature);
    }
}
