package io.edgeway.signaling.model;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Locale;

/**
 * What a preset lets its participants do, resolved from the preset's {@code permissions} document
 * ({@link PresetDocument}) into the decisions the session layer enforces. Immutable.
 *
 * @param canProduceAudio         {@code media.audio.can_produce} is ALLOWED
 * @param canProduceVideo         {@code media.video.can_produce} is ALLOWED
 * @param canProduceScreenshare   {@code media.screenshare.can_produce} is ALLOWED
 * @param canSendChat             {@code chat.public.can_send} and {@code chat.public.text}
 * @param canRecord               {@code can_record}
 * @param canStartStopRecording   {@code can_start_stop_recording}
 * @param kickParticipant         {@code kick_participant}
 * @param waitingRoom             {@code waiting_room_type}
 * @param acceptWaitingRequests   {@code accept_waiting_requests}: admits or rejects those in the waiting room
 * @param canSendPrivateChat      {@code chat.private.can_send} and {@code chat.private.text}
 * @param canReceivePrivateChat   {@code chat.private.can_receive}
 * @param pinParticipant          {@code pin_participant}
 * @param disableParticipantAudio {@code disable_participant_audio}: turns others' audio off
 * @param disableParticipantVideo {@code disable_participant_video}: turns others' video off
 * @param hiddenParticipant       {@code hidden_participant}: in the meeting, listed to nobody, publishing nothing
 * @param canCreatePolls          {@code polls.can_create}
 * @param canVotePolls            {@code polls.can_vote}
 * @param canViewPolls            {@code polls.can_view}
 */
public record Permissions(boolean canProduceAudio, boolean canProduceVideo, boolean canProduceScreenshare,
        boolean canSendChat, boolean canRecord, boolean canStartStopRecording, boolean kickParticipant,
        WaitingRoom waitingRoom, boolean acceptWaitingRequests, boolean canSendPrivateChat,
        boolean canReceivePrivateChat, boolean pinParticipant, boolean disableParticipantAudio,
        boolean disableParticipantVideo, boolean hiddenParticipant, boolean canCreatePolls, boolean canVotePolls,
        boolean canViewPolls) {

    /** The kinds of media a participant may ask to publish. */
    public enum Media { AUDIO, VIDEO, SCREENSHARE }

    /** RealtimeKit's {@code waiting_room_type}. */
    public enum WaitingRoom {
        /** Straight in. */
        SKIP,
        /** Waits, at every join, until a participant with {@code accept_waiting_requests} admits or rejects it. */
        ON_PRIVILEGED_USER_ENTRY,
        /** Waits until admitted; once admitted, later joins to the same live session go straight in. */
        SKIP_ON_ACCEPT
    }

    /**
     * The first seven decisions, with no waiting room and none of the moderation, private chat, hiding or poll
     * permissions (a preset's defaults for those).
     */
    public static Permissions of(boolean canProduceAudio, boolean canProduceVideo, boolean canProduceScreenshare,
            boolean canSendChat, boolean canRecord, boolean canStartStopRecording, boolean kickParticipant) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, WaitingRoom.SKIP, false, false, false, false, false, false,
                false, false, false, false);
    }

    /** These permissions with {@code waitingRoom} and {@code acceptWaitingRequests}. */
    public Permissions withWaitingRoom(WaitingRoom room, boolean accept) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, room, accept, canSendPrivateChat, canReceivePrivateChat,
                pinParticipant, disableParticipantAudio, disableParticipantVideo, hiddenParticipant, canCreatePolls,
                canVotePolls, canViewPolls);
    }

    /** These permissions with the moderation ones. */
    public Permissions withModeration(boolean pin, boolean disableAudio, boolean disableVideo) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, waitingRoom, acceptWaitingRequests, canSendPrivateChat,
                canReceivePrivateChat, pin, disableAudio, disableVideo, hiddenParticipant, canCreatePolls, canVotePolls,
                canViewPolls);
    }

    /** These permissions with private chat. */
    public Permissions withPrivateChat(boolean send, boolean receive) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, waitingRoom, acceptWaitingRequests, send, receive,
                pinParticipant, disableParticipantAudio, disableParticipantVideo, hiddenParticipant, canCreatePolls,
                canVotePolls, canViewPolls);
    }

    /** These permissions, hidden or not. */
    public Permissions withHidden(boolean hidden) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, waitingRoom, acceptWaitingRequests, canSendPrivateChat,
                canReceivePrivateChat, pinParticipant, disableParticipantAudio, disableParticipantVideo, hidden,
                canCreatePolls, canVotePolls, canViewPolls);
    }

    /** These permissions with the poll ones. */
    public Permissions withPolls(boolean create, boolean vote, boolean view) {
        return new Permissions(canProduceAudio, canProduceVideo, canProduceScreenshare, canSendChat, canRecord,
                canStartStopRecording, kickParticipant, waitingRoom, acceptWaitingRequests, canSendPrivateChat,
                canReceivePrivateChat, pinParticipant, disableParticipantAudio, disableParticipantVideo,
                hiddenParticipant, create, vote, view);
    }

    /** {@code waiting_room_type} is SKIP. */
    public boolean waitingRoomBypass() {
        return waitingRoom == WaitingRoom.SKIP;
    }

    /** @throws ApiException {@link ErrorCode#PUBLISH_NOT_PERMITTED} when this preset may not produce {@code media} */
    public void requireProduce(Media media, String presetName) {
        boolean allowed = media == Media.AUDIO ? canProduceAudio
                : media == Media.VIDEO ? canProduceVideo : canProduceScreenshare;
        if (!allowed) {
            String kind = media.name().toLowerCase(Locale.ROOT);
            throw new ApiException(ErrorCode.PUBLISH_NOT_PERMITTED, "preset \"" + presetName + "\" does not allow producing "
                    + kind + " (media." + kind + ".can_produce is not ALLOWED)");
        }
    }

    /** @throws ApiException {@link ErrorCode#CHAT_NOT_PERMITTED} */
    public void requireSendChat(String presetName) {
        if (!canSendChat) {
            throw new ApiException(ErrorCode.CHAT_NOT_PERMITTED, "preset \"" + presetName
                    + "\" does not allow sending chat messages (chat.public.can_send)");
        }
    }

    /**
     * Starting or stopping a recording needs both {@code can_record} and {@code can_start_stop_recording}.
     *
     * @throws ApiException {@link ErrorCode#RECORDING_NOT_PERMITTED}
     */
    public void requireStartStopRecording(String presetName) {
        if (!canRecord || !canStartStopRecording) {
            throw new ApiException(ErrorCode.RECORDING_NOT_PERMITTED, "preset \"" + presetName
                    + "\" does not allow starting or stopping recordings (needs can_record and can_start_stop_recording)");
        }
    }
}
