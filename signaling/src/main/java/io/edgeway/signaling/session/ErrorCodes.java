package io.edgeway.signaling.session;

/**
 * The stable {@code code} values of the signaling protocol's {@code error} messages
 * ({@code {"type":"error","code":...,"message":...}}); clients branch on the code, people read the
 * message. docs/SIGNALING.md lists them with what the client should do.
 */
public final class ErrorCodes {

    /** The frame is not a JSON object. The connection stays open. */
    public static final String INVALID_JSON = "invalid_json";
    /** A known message type with missing or malformed fields. The connection stays open. */
    public static final String INVALID_MESSAGE = "invalid_message";
    /** {@code type} is missing or not one the server knows. The connection stays open. */
    public static final String UNKNOWN_TYPE = "unknown_type";
    /** A binary frame: the protocol is text JSON only. The connection stays open. */
    public static final String UNSUPPORTED_FRAME = "unsupported_frame";
    /** offer, answer, candidate or leave before a successful join. */
    public static final String NOT_JOINED = "not_joined";
    /** A second join on a connection that joined (or is joining) already. */
    public static final String ALREADY_JOINED = "already_joined";
    /** The authenticator failed (not refused): try again later. */
    public static final String JOIN_FAILED = "join_failed";
    /** Joining by meeting name is turned off ({@code open-sessions: false}). */
    public static final String OPEN_SESSIONS_DISABLED = "open_sessions_disabled";
    /** The meeting has the maximum number of participants already. */
    public static final String MEETING_FULL = "meeting_full";
    /** A participant with the same id is in the meeting already. */
    public static final String DUPLICATE_PARTICIPANT = "duplicate_participant";
    /** The server is draining (about to restart): it takes no new joins; try another server or later. */
    public static final String DRAINING = "draining";
    /** The SDP does not parse. */
    public static final String INVALID_SDP = "invalid_sdp";
    /** The SDP parses but cannot be negotiated (no BUNDLE, no common codec, an ICE restart, ...). */
    public static final String SDP_REJECTED = "sdp_rejected";
    /**
     * The client offered while an offer of the server is outstanding. The server never rolls back: the
     * client (the polite peer) rolls back its offer, answers the server's, then offers again.
     */
    public static final String NEGOTIATION_GLARE = "negotiation_glare";
    /** An answer arrived but the server has no offer outstanding. */
    public static final String NO_OFFER_PENDING = "no_offer_pending";
    /** The answer breaks the offer's rules; the participant is removed from the meeting. */
    public static final String INVALID_ANSWER = "invalid_answer";
    /** The participant's media connection ended (ICE consent lost, DTLS failed, or never connected). */
    public static final String MEDIA_DISCONNECTED = "media_disconnected";
    /** A bug on the server's side; the message says no more than that. */
    public static final String INTERNAL_ERROR = "internal_error";

    private ErrorCodes() {
    }
}
