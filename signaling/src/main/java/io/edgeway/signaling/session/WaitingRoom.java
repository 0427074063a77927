package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.Permissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waiting room of one meeting (RealtimeKit's {@code waiting_room_type}, {@code participants.waitlisted}).
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li>A participant whose preset's {@code waiting_room_type} is not SKIP does not enter the meeting when its
 *       join is admitted: it waits here, gets {@code waitlisted}, and every participant in the meeting whose
 *       preset has {@code accept_waiting_requests} (a host) gets {@code waitlistedParticipantJoined}. A host
 *       that joins later finds those waiting in its {@code roomJoined.waitlisted}. The others never hear of it.
 *       While waiting it may only {@code leave}; anything else is {@code waitlisted}.</li>
 *   <li>A host's {@code acceptWaitingRoomRequest} lets the named participants in, in the order named (each
 *       then gets {@code roomJoined} as any joiner, the others {@code participantJoined}); with
 *       {@code SKIP_ON_ACCEPT} that participant's later joins to the same live meeting go straight in.
 *       {@code rejectWaitingRoomRequest} sends them {@code waitlistRejected} and closes their connections.</li>
 *   <li>Every host hears {@code waitlistedParticipantLeft} with the reason when someone stops waiting:
 *       {@code accepted}, {@code rejected}, or the reason it left ({@code left}, {@code disconnected},
 *       {@code kicked}, ...).</li>
 * </ol>
 * Nobody is admitted while no host is there: those waiting wait (or leave). Confined to the media port's loop;
 * {@link SignalingService} moves participants in and out, this class keeps the list and tells the hosts.
 */
final class WaitingRoom {

    private final Map<String, Participant> waiting = new LinkedHashMap<>();
    /** With SKIP_ON_ACCEPT: who was admitted while the meeting lived. */
    private final Set<String> admittedOnce = new HashSet<>();

    /** Whether a participant of this identity must wait before entering. */
    boolean mustWait(ParticipantIdentity who) {
        Permissions.WaitingRoom type = who.permissions().waitingRoom();
        return type != Permissions.WaitingRoom.SKIP
                && !(type == Permissions.WaitingRoom.SKIP_ON_ACCEPT && admittedOnce.contains(who.participantId()));
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    boolean contains(String participantId) {
        return waiting.containsKey(participantId);
    }

    /** Those waiting, in arrival order; a copy. */
    List<Participant> participants() {
        return new ArrayList<>(waiting.values());
    }

    /** {@code p} starts waiting: it is told, and so is every host. */
    void enqueue(Participant p) {
        p.waiting = true;
        waiting.put(p.id(), p);
        p.connection.send(ServerMessages.waitlisted(p));
        Meeting.send(hosts(p.meeting), ServerMessages.waitlistedParticipantJoined(p));
    }

    /** {@code p} stops waiting for {@code reason}; every host is told. False when it was not waiting. */
    boolean remove(Participant p, LeaveReason reason) {
        if (!waiting.remove(p.id(), p)) {
            return false;
        }
        p.waiting = false;
        if (reason == LeaveReason.ACCEPTED) {
            admittedOnce.add(p.id());
        }
        Meeting.send(hosts(p.meeting), ServerMessages.waitlistedParticipantLeft(p.id(), reason));
        return true;
    }

    /**
     * Those waiting that {@code host}'s decision names, in the order named.
     *
     * @throws SignalingException {@link ErrorCode#WAITING_ROOM_NOT_PERMITTED} without {@code accept_waiting_requests},
     *     {@link ErrorCode#PARTICIPANT_NOT_FOUND} naming an id nobody waits with (nothing is decided then)
     */
    List<Participant> named(Participant host, ClientMessage.WaitingRoomDecision decision) {
        if (!host.identity.permissions().acceptWaitingRequests()) {
            throw new SignalingException(ErrorCode.WAITING_ROOM_NOT_PERMITTED, "preset \"" + host.presetLabel()
                    + "\" does not allow admitting or rejecting participants (accept_waiting_requests)");
        }
        List<Participant> out = new ArrayList<>();
        for (String id : decision.participantIds()) {
            Participant p = waiting.get(id);
            if (p == null) {
                throw new SignalingException(ErrorCode.PARTICIPANT_NOT_FOUND, "nobody with id " + id
                        + " is in the waiting room");
            }
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The meeting's participants whose preset has accept_waiting_requests. */
    private static Collection<Participant> hosts(Meeting meeting) {
        List<Participant> hosts = new ArrayList<>();
        for (Participant p : meeting.participants()) {
            if (p.identity.permissions().acceptWaitingRequests()) {
                hosts.add(p);
            }
        }
        return hosts;
    }
}
