package io.edgeway.turn.core;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.NonceStatus;
import io.edgeway.stun.auth.UserCredentials;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunParseException;
import java.util.List;

/**
 * Long-term credential checks for TURN requests (RFC 8489 §9.2.4, RFC 8656 §5), in the RFC's order:
 * no integrity -> 401 challenge; missing USERNAME/USERHASH, REALM or NONCE -> 400; nonce not valid ->
 * 438 with a fresh one; unknown user or bad integrity -> 401; credentials other than the allocation's
 * -> 441.
 *
 * <p>On success the outcome (credentials, the key that verified, whether SHA-256 integrity was used)
 * is left in this object's fields for the caller, which avoids allocating a result per request. On
 * failure the error response has been sent (or the request dropped by the rate limiter).
 *
 * <p>Confined to its core's event loop.
 */
final class TurnAuthenticator {

    private final TurnServerContext context;
    private final TurnResponder responder;
    private final TurnCounters counters;
    private final UnauthenticatedGate gate;

    UserCredentials credentials;
    byte[] key;
    boolean sha256;

    TurnAuthenticator(TurnServerContext context, TurnResponder responder, TurnCounters counters,
            UnauthenticatedGate gate) {
        this.context = context;
        this.responder = responder;
        this.counters = counters;
        this.gate = gate;
    }

    /** Responses sent before authentication succeed go through the per-source limiter. */
    interface UnauthenticatedGate {
        boolean admit(TurnClient client);
    }

    /**
     * Authenticates {@code request}. {@code allocation} is the client's existing allocation, whose
     * credentials later requests must match, or null.
     */
    boolean authenticate(TurnClient client, StunMessage request, Allocation allocation) throws StunParseException {
        reset();
        boolean hasSha1 = request.integrityIndex() >= 0;
        boolean hasSha256 = request.integritySha256Index() >= 0;
        if (!hasSha1 && !hasSha256) {
            // RFC 8489 §9.2.4: a request without integrity is challenged.
            if (gate.admit(client)) {
                counters.count(TurnEvent.AUTH_CHALLENGED);
                responder.challenge(client, request, ErrorCode.UNAUTHENTICATED);
            }
            return false;
        }
        int usernameIndex = request.indexOf(StunAttributeType.USERNAME);
        int userHashIndex = request.indexOf(StunAttributeType.USERHASH);
        int realmIndex = request.indexOf(StunAttributeType.REALM);
        int nonceIndex = request.indexOf(StunAttributeType.NONCE);
        if ((usernameIndex < 0 && userHashIndex < 0) || realmIndex < 0 || nonceIndex < 0) {
            reject(client, request, ErrorCode.BAD_REQUEST);
            return false;
        }
        String nonce = TextAttribute.read(request, nonceIndex);
        NonceStatus status = context.nonces().check(nonce, client.remoteAddress().getAddress());
        if (status != NonceStatus.VALID) {
            // RFC 8489 §9.2.4: a nonce that is no longer valid gets 438 and a fresh one. A forged nonce
            // is treated the same: the client simply retries with the new one.
            if (gate.admit(client)) {
                counters.count(TurnEvent.AUTH_STALE_NONCE);
                responder.challenge(client, request, ErrorCode.STALE_NONCE);
            }
            return false;
        }
        String realm = TextAttribute.read(request, realmIndex);
        if (!realm.equals(context.config().realm())) {
            challengeAgain(client, request, TurnEvent.AUTH_UNKNOWN_USER);
            return false;
        }
        CredentialStore store = context.credentials();
        UserCredentials found;
        if (usernameIndex >= 0) {
            found = store.lookup(TextAttribute.read(request, usernameIndex), realm,
                    context.clock().epochSeconds());
        } else {
            if (request.valueLength(userHashIndex) != 32) {
                reject(client, request, ErrorCode.BAD_REQUEST);
                return false;
            }
            byte[] hash = new byte[32];
            request.buffer().getBytes(request.valueOffset(userHashIndex), hash);
            found = store.lookupByUserHash(hash, realm);
        }
        if (found == null) {
            challengeAgain(client, request, TurnEvent.AUTH_UNKNOWN_USER);
            return false;
        }
        int algorithm = passwordAlgorithm(request);
        if (algorithm < 0) {
            reject(client, request, ErrorCode.BAD_REQUEST);
            return false;
        }
        List<byte[]> candidates = algorithm == PasswordAlgorithms.SHA256 ? found.sha256Keys() : found.md5Keys();
        byte[] verified = null;
        for (int i = 0; i < candidates.size() && verified == null; i++) {
            byte[] candidate = candidates.get(i);
            // RFC 8489 §9.2.4: when both are present, MESSAGE-INTEGRITY-SHA256 is the one checked.
            boolean ok = hasSha256 ? MessageIntegritySha256.verify(request, candidate)
                    : MessageIntegrity.verify(request, candidate);
            if (ok) {
                verified = candidate;
            }
        }
        if (verified == null) {
            challengeAgain(client, request, TurnEvent.AUTH_BAD_INTEGRITY);
            return false;
        }
        if (allocation != null && !sameUser(allocation.credentials(), found)) {
            // RFC 8656 §5: requests on an allocation must use the credentials that created it.
            counters.count(TurnEvent.AUTH_WRONG_CREDENTIALS);
            responder.error(client, request, ErrorCode.WRONG_CREDENTIALS, verified, hasSha256);
            return false;
        }
        credentials = found;
        key = verified;
        sha256 = hasSha256;
        return true;
    }

    /** Forgets the last outcome: nothing is authenticated until {@link #authenticate} succeeds again. */
    void reset() {
        credentials = null;
        key = null;
        sha256 = false;
    }

    /** Same user and realm; with REST credentials the key may differ after a secret rotation. */
    private static boolean sameUser(UserCredentials original, UserCredentials now) {
        return original.username().equals(now.username()) && original.realm().equals(now.realm());
    }

    /**
     * RFC 8489 §9.2.4: without PASSWORD-ALGORITHM(S) the algorithm is MD5; with both, PASSWORD-ALGORITHMS
     * must repeat the list this server offered and PASSWORD-ALGORITHM must be one of them. Returns -1
     * when the request breaks that rule.
     */
    private static int passwordAlgorithm(StunMessage request) throws StunParseException {
        int listIndex = request.indexOf(StunAttributeType.PASSWORD_ALGORITHMS);
        int chosenIndex = request.indexOf(StunAttributeType.PASSWORD_ALGORITHM);
        if (listIndex < 0 && chosenIndex < 0) {
            return PasswordAlgorithms.MD5;
        }
        if (listIndex < 0 || chosenIndex < 0 || !PasswordAlgorithms.matches(request, listIndex,
                TurnResponder.PASSWORD_ALGORITHMS, TurnResponder.PASSWORD_ALGORITHMS.length)) {
            return -1;
        }
        int chosen = PasswordAlgorithm.algorithm(request, chosenIndex);
        return chosen == PasswordAlgorithms.MD5 || chosen == PasswordAlgorithms.SHA256 ? chosen : -1;
    }

    private void challengeAgain(TurnClient client, StunMessage request, TurnEvent reason) {
        if (gate.admit(client)) {
            counters.count(reason);
            responder.challenge(client, request, ErrorCode.UNAUTHENTICATED);
        }
    }

    private void reject(TurnClient client, StunMessage request, int code) {
        if (gate.admit(client)) {
            counters.count(TurnEvent.REQUEST_REJECTED);
            responder.error(client, request, code, null, false);
        }
    }
}
