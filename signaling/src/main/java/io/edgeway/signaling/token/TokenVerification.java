package io.edgeway.signaling.token;

import io.edgeway.signaling.http.ApiException;
import io.edgeway.signaling.http.ErrorCode;

/**
 * The outcome of {@link ParticipantTokens#verify}: a {@link Valid} grant or a {@link Refused} with a
 * stable code. Refusal codes:
 * <ul>
 *   <li>{@link ErrorCode#TOKEN_EXPIRED}: refresh the token (POST /v1/meetings/{id}/participants/{pid}/token)</li>
 *   <li>{@link ErrorCode#TOKEN_INVALID}: malformed, forged, or signed by a key this server does not know</li>
 *   <li>{@link ErrorCode#PARTICIPANT_DELETED}: the participant was deleted after the token was issued</li>
 *   <li>{@link ErrorCode#MEETING_INACTIVE}: the meeting's status is INACTIVE</li>
 *   <li>{@link ErrorCode#PRESET_NOT_FOUND}: the participant's preset no longer exists (message names it)</li>
 * </ul>
 */
public sealed interface TokenVerification permits TokenVerification.Valid, TokenVerification.Refused {

    /** The grant, or throws the refusal as an {@link ApiException}. */
    TokenGrant grantOrThrow();

    record Valid(TokenGrant grant) implements TokenVerification {
        @Override
        public TokenGrant grantOrThrow() {
            return grant;
        }
    }

    record Refused(ErrorCode code, String message) implements TokenVerification {
        @Override
        public TokenGrant grantOrThrow() {
            throw new ApiException(code, message);
        }
    }
}
