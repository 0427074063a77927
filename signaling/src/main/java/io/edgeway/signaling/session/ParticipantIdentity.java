package io.edgeway.signaling.session;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a joining participant is and what it may do, as a {@link JoinAuthenticator} decided: the
 * session layer trusts it as given. Immutable.
 *
 * @param participantId unique within the meeting; also the {@code a=msid} stream id of every track it
 *     publishes, so a page maps remote streams to participants. 1 to 40 characters of
 *     {@code [A-Za-z0-9_-]} (an msid id is at most 64 token characters, RFC 8830 §2, and track ids add
 *     a suffix)
 * @param displayName shown to the others; 1 to 64 characters, no control characters
 * @param meetingId the session to join; 1 to 64 characters of {@code [A-Za-z0-9._-]}
 * @param meetingTitle shown to the participants; 1 to 200 characters
 * @param canPublishAudio may send one audio track
 * @param canPublishVideo may send one camera track
 * @param canPublishScreenshare may send one more video track (a screen)
 */
public record ParticipantIdentity(String participantId, String displayName, String meetingId, String meetingTitle,
                                  boolean canPublishAudio, boolean canPublishVideo, boolean canPublishScreenshare) {

    private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern MEETING_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_TITLE_LENGTH = 200;

    public ParticipantIdentity {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(meetingTitle, "meetingTitle");
        if (!PARTICIPANT_ID.matcher(participantId).matches()) {
            throw new IllegalArgumentException("participant id must be 1 to 40 of A-Z a-z 0-9 _ -");
        }
        if (!MEETING_ID.matcher(meetingId).matches()) {
            throw new IllegalArgumentException("meeting id must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        requireText("display name", displayName, MAX_NAME_LENGTH);
        requireText("meeting title", meetingTitle, MAX_TITLE_LENGTH);
    }

    /** Whether {@code meetingId} is a valid meeting id (so an authenticator can refuse it politely). */
    public static boolean isMeetingId(String meetingId) {
        return meetingId != null && MEETING_ID.matcher(meetingId).matches();
    }

    /** Whether {@code name} can be a display name: 1 to {@value #MAX_NAME_LENGTH} characters, no controls. */
    public static boolean isDisplayName(String name) {
        return name != null && isText(name, MAX_NAME_LENGTH);
    }

    private static void requireText(String what, String value, int max) {
        if (!isText(value, max)) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters without control characters");
        }
    }

    private static boolean isText(String value, int max) {
        if (value.isBlank() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
