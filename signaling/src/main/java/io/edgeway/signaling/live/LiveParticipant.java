package io.edgeway.signaling.live;

import io.edgeway.signaling.token.TokenGrant;

/**
 * One participant live in a session. Immutable.
 *
 * @param joinedAt Unix seconds
 */
public record LiveParticipant(TokenGrant grant, long joinedAt) {

    public String participantId() {
        return grant.participantId();
    }
}
