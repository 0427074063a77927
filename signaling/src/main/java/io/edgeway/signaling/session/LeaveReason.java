package io.edgeway.signaling.session;

import java.util.Locale;

/** Why a participant left a meeting: the {@code reason} of {@code participantLeft}. */
public enum LeaveReason {
    /** It sent {@code leave}, or its browser closed the media connection (DTLS close_notify). */
    LEFT,
    /** Its WebSocket closed. */
    DISCONNECTED,
    /** Its media never connected in time after the answer, or stopped answering consent checks (RFC 7675). */
    MEDIA_TIMEOUT,
    /** Its DTLS handshake failed. */
    MEDIA_FAILED,
    /** Its answer broke the server's offer. */
    NEGOTIATION_FAILED,
    /** Removed by the app's server (REST kick, participant deleted) or by a participant allowed to kick. */
    KICKED,
    /**
     * The session ended for everyone (REST kick-all, the meeting set INACTIVE, the longest meeting
     * duration reached). Never sent as a {@code participantLeft} reason: everyone gets {@code meetingEnded}.
     */
    MEETING_ENDED,
    /** The server is shutting down. */
    SERVER_SHUTDOWN,
    /** A participant with {@code accept_waiting_requests} let it in from the waiting room (waiting room only). */
    ACCEPTED,
    /** A participant with {@code accept_waiting_requests} did not let it in (waiting room only). */
    REJECTED;

    /** The value on the wire, e.g. {@code media_timeout}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
