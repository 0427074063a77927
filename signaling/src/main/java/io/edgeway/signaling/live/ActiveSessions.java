package io.edgeway.signaling.live;

import io.edgeway.signaling.http.ErrorCode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the REST API asks of the live sessions: read a meeting's active session, kick some of its
 * participants, kick them all. {@link LiveSessions} implements it in process: a kick ends the
 * participant's claim and calls the {@link KickListener} the session layer gave when it claimed the
 * token, which closes that participant's connection.
 *
 * <p>Implementations are thread-safe; calls may come from any thread and do not block on the network.
 */
public interface ActiveSessions {

    /** The meeting's live session, if one is running. */
    Optional<SessionSnapshot> activeSession(String meetingId);

    /**
     * Kicks the live participants of the meeting's session whose participant id is in
     * {@code participantIds} or whose custom participant id is in {@code customParticipantIds}.
     *
     * @return those kicked (not live ones are ignored)
     */
    List<LiveParticipant> kick(String meetingId, Collection<String> participantIds,
            Collection<String> customParticipantIds);

    /**
     * Kicks everyone in the meeting's session, which ends it ({@link ErrorCode#SESSION_ENDED}); returns how
     * many were kicked.
     */
    int kickAll(String meetingId);

    /**
     * Ends the meeting's session for everyone with {@code reason} (e.g. {@link ErrorCode#MEETING_INACTIVE}
     * when the meeting is set INACTIVE); returns how many were in it.
     */
    int endSession(String meetingId, ErrorCode reason, String message);
}
