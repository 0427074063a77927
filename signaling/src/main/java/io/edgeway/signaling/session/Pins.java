package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pin state of one meeting and the {@code pin} / {@code unpin} requests: a participant whose preset has
 * {@code pin_participant} pins or unpins anyone in the meeting (itself included), and everyone gets
 * {@code pinned} / {@code unpinned}, the requester included, even when nothing changed (its confirmation).
 * A participant that leaves is unpinned without a message ({@code participantLeft} says it). Confined to the
 * media port's loop.
 */
final class Pins implements PinnedParticipants {

    private final Set<String> pinned = new LinkedHashSet<>();

    @Override
    public Set<String> pinnedIds() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(pinned));
    }

    boolean isPinned(String participantId) {
        return pinned.contains(participantId);
    }

    /** {@code pin} or {@code unpin} from {@code by}. */
    void request(Participant by, ClientMessage.Pin pin) {
        if (!by.identity.permissions().pinParticipant()) {
            throw new SignalingException(ErrorCode.PIN_NOT_PERMITTED, "preset \"" + by.presetLabel()
                    + "\" does not allow pinning participants (pin_participant)");
        }
        Participant target = by.meeting.listed(pin.participantId());
        if (target == null && !pin.participantId().equals(by.id())) {
            throw new SignalingException(ErrorCode.PARTICIPANT_NOT_FOUND, "no participant " + pin.participantId()
                    + " in this meeting");
        }
        if (pin.pin()) {
            pinned.add(pin.participantId());
        } else {
            pinned.remove(pin.participantId());
        }
        List<Participant> everyone = by.meeting.everyone();
        Meeting.send(everyone, pin.pin() ? ServerMessages.pinned(pin.participantId(), by.id())
                : ServerMessages.unpinned(pin.participantId(), by.id()));
    }

    /** {@code participantId} left the meeting. */
    void left(String participantId) {
        pinned.remove(participantId);
    }
}
