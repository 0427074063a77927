package io.edgeway.signaling.model;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;

/**
 * What a preset lets its participants do, resolved from the preset's {@code permissions} document
 * ({@link PresetDocument}) into the decisions the session layer enforces. Immutable.
 *
 * @param canProduceAudio        {@code media.audio.can_produce} is ALLOWED
 * @param canProduceVideo        {@code media.video.can_produce} is ALLOWED
 * @param canProduceScreenshare  {@code media.screenshare.can_produce} is ALLOWED
 * @param canSendChat            {@code chat.public.can_send} and {@code chat.public.text}
 * @param canRecord              {@code can_record}
 * @param canStartStopRecording  {@code can_start_stop_recording}
 * @param kickParticipant        {@code kick_participant}
 * @param waitingRoomBypass      {@code waiting_room_type} is SKIP
 */
public record Permissions(boolean canProduceAudio, boolean canProduceVideo, boolean canProduceScreenshare,
        boolean canSendChat, boolean canRecord, boolean canStartStopRecording, boolean kickParticipant,
        boolean waitingRoomBypass) {

    /** The kinds of media a participant may ask to publish. */
    public enum Media { AUDIO, VIDEO, SCREENSHARE }

    /** @throws ApiException {@link ErrorCode#PUBLISH_NOT_PERMITTED} when this preset may not produce {@code media} */
    public void requireProduce(Media media, String presetName) {
        boolean allowed = media == Media.AUDIO ? canProduceAudio
                : media == Media.VIDEO ? canProduceVideo : canProduceScreenshare;
        if (!allowed) {
            throw new ApiException(ErrorCode.PUBLISH_NOT_PERMITTED, "preset \"" + presetName + "\" does not allow producing "
                    + media.name().toLowerCase(java.util.Locale.ROOT) + " (media." + media.name().toLowerCase(java.util.Locale.ROOT)
                    + ".can_produce is not ALLOWED)");
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
