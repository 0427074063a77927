package io.edgeway.signaling.live;

import io.edgeway.signaling.token.TokenGrant;

/**
 * A participant's place in a live session, held from a successful {@link LiveSessions#claim} until
 * {@link LiveSessions#release} (or a kick). Identity matters: releasing a claim that was already kicked
 * and replaced by a newer one for the same participant does nothing.
 */
public final class Claim {

    private final String sessionId;
    private final String peerId = java.util.UUID.randomUUID().toString();
    private final TokenGrant grant;
    private final long joinedAt;
    final KickListener listener;

    Claim(String sessionId, TokenGrant grant, long joinedAt, KickListener listener) {
        this.sessionId = sessionId;
        this.grant = grant;
        this.joinedAt = joinedAt;
        this.listener = listener;
    }

    /** The live session joined: chat messages and history are per session. */
    public String sessionId() {
        return sessionId;
    }

    /** This join's id (RealtimeKit's peer id): a participant that joins twice has two. */
    public String peerId() {
        return peerId;
    }

    public TokenGrant grant() {
        return grant;
    }

    public long joinedAt() {
        return joinedAt;
    }

    LiveParticipant participant() {
        return new LiveParticipant(grant, joinedAt);
    }

    @Override
    public String toString() {
        return "Claim[session=" + sessionId + ", participant=" + grant.participantId() + "]";
    }
}
