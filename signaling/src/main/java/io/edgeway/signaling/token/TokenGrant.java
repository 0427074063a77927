package io.edgeway.signaling.token;

import io.edgeway.signaling.model.Permissions;

/**
 * What a valid participant token lets its holder do, resolved at verification time from the database
 * (so a renamed participant or an edited preset takes effect at the next join). Immutable.
 *
 * @param meetingTitle null when the meeting has none, as are {@code name} and {@code picture}
 * @param expiresAt    the token's expiry, Unix seconds
 * @param tokenId      the token's {@code jti}: different for every token issued
 * @param appId        the meeting's app
 * @param sessionKeepAliveSecs the meeting's {@code session_keep_alive_time_in_secs} at this join
 */
public record TokenGrant(String meetingId, String meetingTitle, String participantId, String customParticipantId,
        String presetName, Permissions permissions, String name, String picture, long expiresAt, String tokenId,
        String appId, int sessionKeepAliveSecs) {
}
