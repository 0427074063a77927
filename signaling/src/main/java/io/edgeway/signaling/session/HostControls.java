package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A host turning others' media off: {@code disableAudio} / {@code disableVideo} name one participant,
 * {@code disableAllAudio} / {@code disableAllVideo} mean everyone else. Needs the preset's
 * {@code disable_participant_audio} / {@code disable_participant_video}. Each participant turned off becomes
 * {@code audioEnabled} / {@code videoEnabled} false and everyone gets the {@code audioUpdate} / {@code videoUpdate}
 * (the named participant always, as the requester's confirmation); the participant's own SDK, told its media is
 * off without having asked, stops sending it. As in RealtimeKit, the participant may turn it on again
 * ({@code mediaState}) if its preset lets it produce. Stateless; runs on the media port's loop.
 */
final class HostControls {

    private HostControls() {
    }

    static void disable(Participant by, ClientMessage.DisableMedia request) {
        String kind = request.audio() ? "audio" : "video";
        boolean allowed = request.audio() ? by.identity.permissions().disableParticipantAudio()
                : by.identity.permissions().disableParticipantVideo();
        if (!allowed) {
            throw new SignalingException(ErrorCode.DISABLE_NOT_PERMITTED, "preset \"" + by.presetLabel()
                    + "\" does not allow turning off others' " + kind + " (disable_participant_" + kind + ")");
        }
        List<Participant> targets = new ArrayList<>();
        if (request.participantId() == null) {
            for (Participant p : by.meeting.others(by)) {
                if (!p.hidden() && (request.audio() ? p.audioEnabled : p.videoEnabled)) {
                    targets.add(p);
                }
            }
        } else {
            if (request.participantId().equals(by.id())) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, "to turn off your own " + kind
                        + ", send mediaState");
            }
            Participant target = by.meeting.listed(request.participantId());
            if (target == null) {
                throw new SignalingException(ErrorCode.PARTICIPANT_NOT_FOUND, "no participant "
                        + request.participantId() + " in this meeting");
            }
            targets.add(target);
        }
        List<Participant> everyone = by.meeting.everyone();
        for (Participant p : targets) {
            if (request.audio()) {
                p.audioEnabled = false;
                Meeting.send(everyone, ServerMessages.audioUpdate(p.id(), false));
            } else {
                p.videoEnabled = false;
                Meeting.send(everyone, ServerMessages.videoUpdate(p.id(), false));
            }
        }
    }
}
