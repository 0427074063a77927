package io.edgeway.signaling.api;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.http.JsonEnvelope;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.Page;
import io.edgeway.signaling.store.MeetingStore;
import java.util.List;

/**
 * RealtimeKit's recordings ({@code .../recordings}) on a server without a recorder: starting one (composite or
 * track) is refused with {@code recording_unavailable} (501), as the WebSocket's {@code recording} is; the list
 * is truthfully empty; one recording, a meeting's active recording and pause/resume/stop find none
 * ({@code recording_not_found}).
 */
final class RecordingRoutes {

    private static final String NO_RECORDER = "this Edgeway server has no recorder, so no recording was started"
            + " (recording is not implemented yet)";

    private final MeetingStore meetings;

    RecordingRoutes(MeetingStore meetings) {
        this.meetings = meetings;
    }

    void register(Router r) {
        r.app("GET", "/recordings", req -> ApiResponse.page(new Page<>(List.<Object>of(), 0, 0),
                x -> JsonEnvelope.JSON.nullNode()));
        r.app("POST", "/recordings", req -> {
            throw new ApiException(ErrorCode.RECORDING_UNAVAILABLE, NO_RECORDER);
        });
        r.app("POST", "/recordings/track", req -> {
            throw new ApiException(ErrorCode.RECORDING_UNAVAILABLE, NO_RECORDER);
        });
        r.app("GET", "/recordings/{recording_id}", req -> {
            throw notFound(req.param("recording_id"));
        });
        r.app("PUT", "/recordings/{recording_id}", req -> {
            throw notFound(req.param("recording_id"));
        });
        r.app("GET", "/recordings/active-recording/{meeting_id}", req -> {
            Meeting m = MeetingRoutes.find(meetings, req);
            throw new ApiException(ErrorCode.RECORDING_NOT_FOUND, "meeting " + m.id() + " has no active recording: "
                    + NO_RECORDER);
        });
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.RECORDING_NOT_FOUND, "no recording " + id + ": " + NO_RECORDER);
    }
}
