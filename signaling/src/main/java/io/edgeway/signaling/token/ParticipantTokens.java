package io.edgeway.signaling.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.edgeway.core.time.Clock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.PresetMessages;
import io.edgeway.signaling.store.MeetingStore;
import io.edgeway.signaling.store.ParticipantStore;
import io.edgeway.signaling.store.PresetStore;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Participant tokens: JWTs signed with ES256 ({@link SigningKeys}), bound to one participant of one
 * meeting, valid for the configured lifetime (24 h by default).
 *
 * <pre>
 *   header  {"alg": "ES256", "typ": "JWT", "kid": thumbprint of the signing key}
 *   claims  {"iss": "edgeway", "sub": participant id, "meeting_id": ..., "preset_name": ...,
 *            "iat": ..., "exp": iat + ttl, "jti": random UUID}
 * </pre>
 *
 * <p>{@link #verify} checks the signature and expiry with the injected clock, then resolves the grant
 * from the database: the participant must still exist, its meeting must be ACTIVE and its preset must
 * exist. Name, picture and permissions come from the database, not the token, so edits apply at the next
 * join. One live session per token is not checked here: that is {@code LiveSessions.claim}.
 *
 * <p>Thread-safe. {@link #verify} and {@link #issue} block on the database: never call them on an event loop.
 */
public final class ParticipantTokens {

    static final String ISSUER = "edgeway";
    static final String MEETING_CLAIM = "meeting_id";
    static final String PRESET_CLAIM = "preset_name";

    private final SigningKeys keys;
    private final ParticipantStore participants;
    private final MeetingStore meetings;
    private final PresetStore presets;
    private final Clock clock;
    private final Duration ttl;

    /** A freshly signed token and its expiry (Unix seconds). */
    public record Issued(String token, long expiresAt) {
    }

    public ParticipantTokens(SigningKeys keys, ParticipantStore participants, MeetingStore meetings,
            PresetStore presets, Clock clock, Duration ttl) {
        this.keys = keys;
        this.participants = participants;
        this.meetings = meetings;
        this.presets = presets;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Signs a new token for {@code participant}, valid for {@link #ttl()} from now. */
    public Issued issue(Participant participant) {
        ECKey key = keys.signingKey();
        long now = clock.epochSeconds();
        long exp = now + ttl.getSeconds();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(participant.id())
                .claim(MEETING_CLAIM, participant.meetingId())
                .claim(PRESET_CLAIM, participant.presetName())
                .issueTime(Date.from(Instant.ofEpochSecond(now)))
                .expirationTime(Date.from(Instant.ofEpochSecond(exp)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the ES256 key " + key.getKeyID(), e);
        }
        return new Issued(jwt.serialize(), exp);
    }

    /**
     * The meeting id a token's claims name, read WITHOUT verifying anything (signature, issuer, expiry), or
     * null when it is no JWT with a {@code meeting_id}. Only for choosing where a join is checked (the event
     * loop of that meeting); never a reason to trust it: {@link #verify} decides.
     */
    public static String unverifiedMeetingId(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            Object meetingId = SignedJWT.parse(token.trim()).getJWTClaimsSet().getClaim(MEETING_CLAIM);
            return meetingId instanceof String id ? id : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** Checks {@code token} and resolves what it grants; see {@link TokenVerification} for the refusals. */
    public TokenVerification verify(String token) {
        if (token == null || token.isBlank()) {
            return refused(ErrorCode.TOKEN_INVALID, "no token given");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return refused(ErrorCode.TOKEN_INVALID, "not a participant token (malformed JWT)");
        }
        // RFC 8725 §3.1: accept only the one algorithm we sign with, never what the header asks for.
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            return refused(ErrorCode.TOKEN_INVALID, "not a participant token (must be signed with ES256)");
        }
        String kid = jwt.getHeader().getKeyID();
        Optional<ECKey> key = kid == null ? Optional.empty() : keys.forKid(kid);
        if (key.isEmpty()) {
            return refused(ErrorCode.TOKEN_INVALID, "token signed by a key this server does not know");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key.get().toECPublicKey()))) {
                return refused(ErrorCode.TOKEN_INVALID, "token signature does not verify");
            }
        } catch (JOSEException e) {
            return refused(ErrorCode.TOKEN_INVALID, "token signature does not verify");
        }
        String participantId = claims.getSubject();
        Object meetingId = claims.getClaim(MEETING_CLAIM);
        Date exp = claims.getExpirationTime();
        if (!ISSUER.equals(claims.getIssuer()) || participantId == null || !(meetingId instanceof String) || exp == null) {
            return refused(ErrorCode.TOKEN_INVALID, "not a participant token (claims missing)");
        }
        long expiresAt = exp.toInstant().getEpochSecond();
        // RFC 7519 §4.1.4: not accepted on or after the expiration time.
        if (clock.epochSeconds() >= expiresAt) {
            return refused(ErrorCode.TOKEN_EXPIRED, "token expired at " + Instant.ofEpochSecond(expiresAt)
                    + "; ask your server for a fresh one (POST /v1/meetings/" + meetingId + "/participants/"
                    + participantId + "/token)");
        }
        Optional<Participant> participant = participants.find(participantId);
        if (participant.isEmpty()) {
            return refused(ErrorCode.PARTICIPANT_DELETED, "this participant was deleted from the meeting");
        }
        Participant p = participant.get();
        if (!p.meetingId().equals(meetingId)) {
            return refused(ErrorCode.TOKEN_INVALID, "token does not belong to this participant's meeting");
        }
        Optional<Meeting> meeting = meetings.find(p.meetingId());
        if (meeting.isEmpty()) {
            return refused(ErrorCode.MEETING_NOT_FOUND, "meeting " + p.meetingId() + " does not exist");
        }
        if (meeting.get().status() == MeetingStatus.INACTIVE) {
            return refused(ErrorCode.MEETING_INACTIVE, "meeting " + p.meetingId()
                    + " is INACTIVE and refuses new joins; set its status to ACTIVE to open it again");
        }
        Optional<Preset> preset = presets.findByName(meeting.get().appId(), p.presetName());
        if (preset.isEmpty()) {
            return refused(ErrorCode.PRESET_NOT_FOUND, PresetMessages.missing(p.presetName()));
        }
        return new TokenVerification.Valid(new TokenGrant(p.meetingId(), meeting.get().title(), p.id(),
                p.customParticipantId(), p.presetName(), preset.get().permissions(), p.name(), p.picture(), expiresAt,
                claims.getJWTID(), meeting.get().appId(), meeting.get().sessionKeepAliveSecs()));
    }

    private static TokenVerification refused(ErrorCode code, String message) {
        return new TokenVerification.Refused(code, message);
    }
}
