package io.edgeway.signaling.session;

/**
 * How the session layer keys a meeting: the realm of the seats that join it ({@link Seat#realm()}: open
 * sessions or participant tokens) and the meeting id, so that an open session named after a control-plane
 * meeting's id is another meeting. One meeting per key in a process, on one event loop.
 */
public final class MeetingKey {

    private MeetingKey() {
    }

    /** The key of meeting {@code meetingId} of {@code realm}. */
    public static String of(String realm, String meetingId) {
        return realm + ":" + meetingId;
    }

    /** Whether {@code key} is a meeting of {@code realm}. */
    static boolean inRealm(String key, String realm) {
        return key.startsWith(realm) && key.length() > realm.length() && key.charAt(realm.length()) == ':';
    }
}
