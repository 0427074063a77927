package io.edgeway.signaling.limits;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.time.Duration;

/**
 * Every fixed limit of the control plane, in one place, each with the error it is refused with. The
 * values are RealtimeKit's (see shared/reference/realtimekit-gotchas.txt, "Limits"), so an app written
 * against RealtimeKit meets the same walls here. Lengths count UTF-16 code units, as JavaScript's
 * {@code String.length} does, so a browser can check them before sending.
 *
 * <p>The settings that operators may change (token lifetime, API rate limit) are configuration keys,
 * not constants; their defaults are here. Stateless and thread-safe.
 */
public final class Limits {

    private Limits() {
    }

    /** Participants live in one session at once; the 101st join is refused with {@link ErrorCode#SESSION_FULL}. */
    public static final int MAX_PARTICIPANTS_PER_SESSION = 100;
    /** Sessions live at once in this app (this process); refused with {@link ErrorCode#TOO_MANY_SESSIONS}. */
    public static final int MAX_CONCURRENT_SESSIONS = 1000;
    /** How long one session may run; {@link ErrorCode#MEETING_DURATION_EXCEEDED}. */
    public static final Duration MAX_MEETING_DURATION = Duration.ofHours(24);
    /** How long one recording may run; {@link ErrorCode#RECORDING_DURATION_EXCEEDED}. */
    public static final Duration MAX_RECORDING_DURATION = Duration.ofHours(6);
    /** {@link ErrorCode#CHAT_MESSAGE_TOO_LONG}. */
    public static final int MAX_CHAT_MESSAGE_CHARS = 4000;
    /** Chat messages per participant per {@link #CHAT_WINDOW}; {@link ErrorCode#CHAT_RATE_LIMITED}. */
    public static final int CHAT_MESSAGES_PER_WINDOW = 180;
    public static final Duration CHAT_WINDOW = Duration.ofMinutes(1);
    /** {@link ErrorCode#PRESET_NAME_TOO_LONG}. */
    public static final int MAX_PRESET_NAME_CHARS = 64;
    /** {@link ErrorCode#TITLE_TOO_LONG}. */
    public static final int MAX_MEETING_TITLE_CHARS = 256;
    /** {@link ErrorCode#PARTICIPANT_NAME_TOO_LONG}. */
    public static final int MAX_PARTICIPANT_NAME_CHARS = 256;
    /** Default lifetime of a participant token (configuration key participant-token-ttl). */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);
    /** Default API rate limit: requests per API key per {@link #DEFAULT_API_RATE_WINDOW} (api-rate-limit). */
    public static final int DEFAULT_API_RATE_LIMIT = 3500;
    public static final Duration DEFAULT_API_RATE_WINDOW = Duration.ofMinutes(5);
    /** Longest TURN credential lifetime generate-ice-servers grants (Cloudflare's bound: 48 h). */
    public static final Duration MAX_TURN_CREDENTIAL_TTL = Duration.ofHours(48);
    /** TURN credential lifetime when the request names none. */
    public static final Duration DEFAULT_TURN_CREDENTIAL_TTL = Duration.ofHours(24);

    /** @throws ApiException {@link ErrorCode#TITLE_TOO_LONG}, or {@link ErrorCode#INVALID_REQUEST} for a control character */
    public static void checkMeetingTitle(String title) {
        if (title != null && title.length() > MAX_MEETING_TITLE_CHARS) {
            throw new ApiException(ErrorCode.TITLE_TOO_LONG, "title has " + title.length()
                    + " characters; a meeting title may have at most " + MAX_MEETING_TITLE_CHARS);
        }
        checkNoControlCharacters("title", title);
    }

    /** @throws ApiException {@link ErrorCode#PRESET_NAME_TOO_LONG}, or {@link ErrorCode#INVALID_REQUEST} for a control character */
    public static void checkPresetName(String name) {
        if (name.length() > MAX_PRESET_NAME_CHARS) {
            throw new ApiException(ErrorCode.PRESET_NAME_TOO_LONG, "preset name has " + name.length()
                    + " characters; a preset name may have at most " + MAX_PRESET_NAME_CHARS);
        }
        checkNoControlCharacters("preset name", name);
    }

    /** @throws ApiException {@link ErrorCode#PARTICIPANT_NAME_TOO_LONG}, or {@link ErrorCode#INVALID_REQUEST} for a control character */
    public static void checkParticipantName(String name) {
        if (name != null && name.length() > MAX_PARTICIPANT_NAME_CHARS) {
            throw new ApiException(ErrorCode.PARTICIPANT_NAME_TOO_LONG, "name has " + name.length()
                    + " characters; a participant name may have at most " + MAX_PARTICIPANT_NAME_CHARS);
        }
        checkNoControlCharacters("name", name);
    }

    /**
     * Names and titles are shown to people and written to logs: a C0 control character (U+0000-U+001F,
     * tab and newline included) or DEL has no place in them and could forge log lines or break a page.
     */
    private static void checkNoControlCharacters(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, String.format("%s contains the control character"
                        + " U+%04X at position %d; names and titles may not contain control characters", field, (int) c, i));
            }
        }
    }

    /**
     * A chat message's text: not empty, at most {@link #MAX_CHAT_MESSAGE_CHARS}.
     *
     * @throws ApiException {@link ErrorCode#CHAT_MESSAGE_EMPTY} or {@link ErrorCode#CHAT_MESSAGE_TOO_LONG}
     */
    public static void checkChatMessage(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(ErrorCode.CHAT_MESSAGE_EMPTY, "a chat message needs some text");
        }
        if (text.length() > MAX_CHAT_MESSAGE_CHARS) {
            throw new ApiException(ErrorCode.CHAT_MESSAGE_TOO_LONG, "chat message has " + text.length()
                    + " characters; a chat message may have at most " + MAX_CHAT_MESSAGE_CHARS);
        }
    }

    /**
     * A recording that started at {@code startedEpochSeconds} may go on at {@code nowEpochSeconds}.
     *
     * @throws ApiException {@link ErrorCode#RECORDING_DURATION_EXCEEDED}
     */
    public static void checkRecordingDuration(long startedEpochSeconds, long nowEpochSeconds) {
        if (nowEpochSeconds - startedEpochSeconds >= MAX_RECORDING_DURATION.getSeconds()) {
            throw new ApiException(ErrorCode.RECORDING_DURATION_EXCEEDED, "a recording may run at most "
                    + MAX_RECORDING_DURATION.toHours() + " hours; start a new one");
        }
    }

    /**
     * A session that started at {@code startedEpochSeconds} may go on (and take joins) at {@code now}.
     *
     * @throws ApiException {@link ErrorCode#MEETING_DURATION_EXCEEDED}
     */
    public static void checkMeetingDuration(long startedEpochSeconds, long nowEpochSeconds) {
        if (nowEpochSeconds - startedEpochSeconds >= MAX_MEETING_DURATION.getSeconds()) {
            throw new ApiException(ErrorCode.MEETING_DURATION_EXCEEDED, "a session may run at most "
                    + MAX_MEETING_DURATION.toHours() + " hours; this one has ended, join again to start a new one");
        }
    }
}
