package io.edgeway.signaling.session;

import io.edgeway.signaling.limits.Limits;
import io.edgeway.signaling.model.Permissions;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a joining participant is and what it may do, as a {@link JoinAuthenticator} decided: the
 * session layer trusts it as given. Immutable.
 *
 * @param participantId unique within the meeting; also the {@code a=msid} stream id of every track it
 *     publishes, so a page maps remote streams to participants. 1 to 40 characters of
 *     {@code [A-Za-z0-9_-]} (an msid id is at most 64 token characters, RFC 8830 §2, and track ids add
 *     a suffix); the control plane's ids are UUIDs (36 characters), which fit
 * @param displayName shown to the others; null when the participant has none (a control-plane participant
 *     added without a name), else at most {@value Limits#MAX_PARTICIPANT_NAME_CHARS} characters
 * @param meetingId the session to join; 1 to 64 characters of {@code [A-Za-z0-9._-]}
 * @param meetingTitle shown to the participants; null when the meeting has none, else at most
 *     {@value Limits#MAX_MEETING_TITLE_CHARS} characters
 * @param picture the participant's picture URL, or null
 * @param customParticipantId the app's own id for the user (control plane), or null
 * @param presetName the preset whose permissions apply (control plane), or null
 * @param permissions what the participant may do: publish (audio, video, screenshare), chat, record,
 *     kick; the publish rules ({@link Publication}) and the protocol's requests check them
 */
public record ParticipantIdentity(String participantId, String displayName, String meetingId, String meetingTitle,
                                  String picture, String customParticipantId, String presetName,
                                  Permissions permissions) {

    private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern MEETING_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int MAX_NAME_LENGTH = Limits.MAX_PARTICIPANT_NAME_CHARS;
    public static final int MAX_TITLE_LENGTH = Limits.MAX_MEETING_TITLE_CHARS;

    public ParticipantIdentity {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(permissions, "permissions");
        if (!isParticipantId(participantId)) {
            throw new IllegalArgumentException("participant id must be 1 to 40 of A-Z a-z 0-9 _ -");
        }
        if (!isMeetingId(meetingId)) {
            throw new IllegalArgumentException("meeting id must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (displayName != null && displayName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("display name must have at most " + MAX_NAME_LENGTH + " characters");
        }
        if (meetingTitle != null && meetingTitle.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("meeting title must have at most " + MAX_TITLE_LENGTH + " characters");
        }
    }

    /**
     * An identity without control-plane details (no picture, custom id or preset): it may publish what the
     * flags say and send chat, and nothing more (no recording, no kicking).
     */
    public ParticipantIdentity(String participantId, String displayName, String meetingId, String meetingTitle,
            boolean canPublishAudio, boolean canPublishVideo, boolean canPublishScreenshare) {
        this(participantId, displayName, meetingId, meetingTitle, null, null, null, Permissions.of(canPublishAudio,
                canPublishVideo, canPublishScreenshare, true, false, false, false));
    }

    /** The preset lets it produce audio and it is not hidden (a hidden participant publishes nothing). */
    public boolean canPublishAudio() {
        return permissions.canProduceAudio() && !permissions.hiddenParticipant();
    }

    public boolean canPublishVideo() {
        return permissions.canProduceVideo() && !permissions.hiddenParticipant();
    }

    public boolean canPublishScreenshare() {
        return permissions.canProduceScreenshare() && !permissions.hiddenParticipant();
    }

    /** Whether {@code participantId} can be a participant id (and so an msid stream id). */
    public static boolean isParticipantId(String participantId) {
        return participantId != null && PARTICIPANT_ID.matcher(participantId).matches();
    }

    /** Whether {@code meetingId} is a valid meeting id (so an authenticator can refuse it politely). */
    public static boolean isMeetingId(String meetingId) {
        return meetingId != null && MEETING_ID.matcher(meetingId).matches();
    }

    /**
     * Whether {@code name} can be a display name typed by a user (open sessions): 1 to
     * {@value #MAX_NAME_LENGTH} characters, not blank, no control characters.
     */
    public static boolean isDisplayName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
