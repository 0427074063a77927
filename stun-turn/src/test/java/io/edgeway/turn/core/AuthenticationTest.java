package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static io.edgeway.turn.core.CoreHarness.BOB;
import static io.edgeway.turn.core.CoreHarness.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long-term credentials on TURN requests (RFC 8489 §9.2, RFC 8656 §5). */
class AuthenticationTest extends CoreTestBase {

    @Test
    void anUnauthenticatedAllocateIsChallengedWithRealmNonceAndPasswordAlgorithms() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        TurnRequests.Builder request = TurnRequests.allocate();
        int requestLength = request.bytes().length;

        ReceivedMessage challenge = h.exchange(client, request);

        assertThat(challenge.messageType()).isEqualTo(StunMessageType.response(StunMessageType.ALLOCATE_REQUEST, false));
        assertThat(challenge.transactionId()).isEqualTo(request.transactionId());
        assertThat(challenge.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(challenge.realm()).isEqualTo(REALM);
        // RFC 8489 §9.2.1: the nonce cookie announces "Password algorithms" (and username anonymity).
        assertThat(challenge.nonce()).startsWith(NonceService.NONCE_COOKIE);
        assertThat(NonceService.securityFeaturesRequested(challenge.nonce())).isTrue();
        assertThat(challenge.passwordAlgorithms()).containsExactly(PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5);
        // Nothing an unauthenticated sender does not need: no SOFTWARE, no integrity.
        assertThat(challenge.has(StunAttributeType.SOFTWARE)).isFalse();
        assertThat(challenge.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
        assertThat(challenge.has(StunAttributeType.MESSAGE_INTEGRITY_SHA256)).isFalse();
        assertThat(client.allocation()).isNull();
        assertThat(h.count(TurnEvent.AUTH_CHALLENGED)).isEqualTo(1);

        // Amplification bound. Measured: a 28-byte Allocate (header + REQUESTED-TRANSPORT) earns a
        // 112-byte 401 (ERROR-CODE 24, REALM 16, NONCE 40, PASSWORD-ALGORITHMS 12): 4.0x, +84 bytes.
        assertThat(requestLength).isEqualTo(28);
        assertThat(challenge.length()).isEqualTo(112);
        assertThat(challenge.length()).isLessThanOrEqualTo(requestLength + 120);
    }

    @Test
    void theChallengeToAFingerprintedRequestCarriesAFingerprintAndStaysWithinTheBound() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        TurnRequests.Builder request = TurnRequests.allocate().fingerprint();
        int requestLength = request.bytes().length;

        ReceivedMessage challenge = h.exchange(client, request);

        assertThat(challenge.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(challenge.attributeTypes()).last().isEqualTo(StunAttributeType.FINGERPRINT);
        // Measured: 36 bytes in, 120 out (3.3x).
        assertThat(challenge.length()).isEqualTo(120).isLessThanOrEqualTo(requestLength + 120);
    }

    @Test
    void allocateWithTheMd5KeyAndMessageIntegritySucceeds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(answer.has(StunAttributeType.MESSAGE_INTEGRITY_SHA256)).isFalse();
        assertThat(alice.allocation()).isNotNull();
        assertThat(alice.allocation().credentials().username()).isEqualTo("alice");
    }

    @Test
    void allocateWithPasswordAlgorithmMd5Succeeds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE).algorithm(TurnRequests.Algorithm.MD5);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void allocateWithPasswordAlgorithmSha256AndMessageIntegritySha256Succeeds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE).algorithm(TurnRequests.Algorithm.SHA256);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.isSuccess()).isTrue();
        // RFC 8489 §9.2.4: the response is protected the way the request was, with the SHA-256 key.
        assertThat(answer.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
        assertThat(answer.verifiesMessageIntegritySha256(ALICE.sha256Key())).isTrue();
        assertThat(answer.verifiesMessageIntegritySha256(ALICE.md5Key())).isFalse();

        // Later requests on the allocation are answered with the same algorithm.
        ReceivedMessage refresh = alice.refresh(600);
        assertThat(refresh.isSuccess()).isTrue();
        assertThat(refresh.verifiesMessageIntegritySha256(ALICE.sha256Key())).isTrue();
    }

    @Test
    void allocateWithUserHashForAStaticUserSucceeds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE).userHash(true);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(alice.allocation().credentials().username()).isEqualTo("alice");
    }

    @Test
    void userHashWithSha256Succeeds() {
        harness();
        TurnSession bob = h.session("198.51.100.8", 40001, BOB).userHash(true).algorithm(TurnRequests.Algorithm.SHA256);

        ReceivedMessage answer = bob.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.verifiesMessageIntegritySha256(BOB.sha256Key())).isTrue();
    }

    @Test
    void turnRestCredentialsAreAccepted() {
        harness();
        TurnSession carol = h.session("198.51.100.9", 40001, rest(CoreHarness.REST_SECRET, 3600, "carol"));

        ReceivedMessage answer = carol.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.verifiesMessageIntegrity(carol.user().md5Key())).isTrue();
        assertThat(carol.allocation().credentials().quotaKey()).isEqualTo("carol");
    }

    @Test
    void anExpiredTurnRestUsernameIsChallengedAgain() {
        harness();
        TurnSession carol = h.session("198.51.100.9", 40001, rest(CoreHarness.REST_SECRET, 60, "carol"));
        carol.challenge();
        h.advance(Duration.ofSeconds(60));

        ReceivedMessage answer = carol.callOnce(TurnRequests.allocate());

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(answer.has(StunAttributeType.NONCE)).isTrue();
        assertThat(answer.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
        assertThat(carol.allocation()).isNull();
        assertThat(h.count(TurnEvent.AUTH_UNKNOWN_USER)).isEqualTo(1);
    }

    @Test
    void aTurnRestUsernameOneSecondBeforeItsExpiryStillWorks() {
        harness();
        TurnSession carol = h.session("198.51.100.9", 40001, rest(CoreHarness.REST_SECRET, 60, "carol"));
        carol.challenge();
        h.advance(Duration.ofSeconds(59));

        assertThat(carol.callOnce(TurnRequests.allocate()).isSuccess()).isTrue();
    }

    @Test
    void duringSecretRotationCredentialsFromBothSecretsAreAccepted() {
        harness(b -> b.authSecrets(List.of("secret-old", "secret-new")));
        TurnSession minted = h.session("198.51.100.9", 40001, rest("secret-old", 3600, "carol"));
        TurnSession remintedAfterRotation = h.session("198.51.100.10", 40001, rest("secret-new", 3600, "dave"));
        TurnSession unknownSecret = h.session("198.51.100.11", 40001, rest("secret-other", 3600, "erin"));

        ReceivedMessage old = minted.allocate();
        ReceivedMessage fresh = remintedAfterRotation.allocate();
        ReceivedMessage other = unknownSecret.allocate();

        assertThat(old.isSuccess()).isTrue();
        assertThat(old.verifiesMessageIntegrity(minted.user().md5Key())).isTrue();
        assertThat(fresh.isSuccess()).isTrue();
        assertThat(fresh.verifiesMessageIntegrity(remintedAfterRotation.user().md5Key())).isTrue();
        assertThat(other.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void userHashCannotNameATurnRestUser() {
        harness();
        TurnSession carol = h.session("198.51.100.9", 40001, rest(CoreHarness.REST_SECRET, 3600, "carol")).userHash(true);

        assertThat(carol.allocate().errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void aWrongPasswordIsChallengedAgainWithAFreshNonce() {
        harness();
        TurnSession mallory = h.session("198.51.100.66", 40001, ALICE.withPassword("guess"));
        String first = mallory.challenge().nonce();

        ReceivedMessage answer = mallory.callOnce(TurnRequests.allocate());

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(answer.realm()).isEqualTo(REALM);
        assertThat(answer.nonce()).isNotEmpty();
        assertThat(answer.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
        assertThat(answer.has(StunAttributeType.SOFTWARE)).isFalse();
        assertThat(mallory.client().allocation()).isNull();
        assertThat(h.count(TurnEvent.AUTH_BAD_INTEGRITY)).isEqualTo(1);
        assertThat(h.count(TurnEvent.ALLOCATION_CREATED)).isZero();
        assertThat(first).isNotNull();
    }

    @Test
    void anUnknownUserIsChallengedAgain() {
        harness();
        TurnSession nobody = h.session("198.51.100.66", 40001, new TurnRequests.Credentials("nobody", "x", REALM));

        assertThat(nobody.allocate().errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(h.count(TurnEvent.AUTH_UNKNOWN_USER)).isEqualTo(1);
    }

    @Test
    void anotherRealmIsChallengedAgain() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        TurnSession alice = h.session(client, ALICE);
        alice.challenge();

        ReceivedMessage answer = h.exchange(client, alice.sign(TurnRequests.allocate()).realm("other.realm"));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(answer.realm()).isEqualTo(REALM);
    }

    @Test
    void aStaleNonceGets438WithAFreshNonceThatThenWorks() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        String issued = alice.challenge().nonce();
        h.advance(h.config().nonceLifetime());

        ReceivedMessage stale = alice.callOnce(TurnRequests.allocate());

        assertThat(stale.errorCode()).isEqualTo(ErrorCode.STALE_NONCE);
        assertThat(stale.realm()).isEqualTo(REALM);
        assertThat(stale.nonce()).isNotEqualTo(issued);
        assertThat(stale.passwordAlgorithms()).containsExactly(PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5);
        assertThat(h.count(TurnEvent.AUTH_STALE_NONCE)).isEqualTo(1);
        assertThat(alice.allocation()).isNull();

        ReceivedMessage retried = alice.callOnce(TurnRequests.allocate());

        assertThat(retried.isSuccess()).isTrue();
        assertThat(retried.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void aNonceIsValidUntilOneSecondBeforeItsLifetimeEnds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        h.advance(h.config().nonceLifetime().minusSeconds(1));

        assertThat(alice.callOnce(TurnRequests.allocate()).isSuccess()).isTrue();
    }

    @Test
    void aNonceIssuedToAnotherAddressIsNotAccepted() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        TurnSession elsewhere = h.session("198.51.100.8", 40001, ALICE);
        elsewhere.nonce(alice.challenge().nonce());

        ReceivedMessage answer = elsewhere.callOnce(TurnRequests.allocate());

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.STALE_NONCE);
        assertThat(elsewhere.allocation()).isNull();
    }

    @Test
    void aRequestWithIntegrityButNoNonceIsABadRequest() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);

        ReceivedMessage answer = h.exchange(client, TurnRequests.allocate().auth(ALICE, null));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(client.allocation()).isNull();
    }

    @Test
    void passwordAlgorithmWithoutPasswordAlgorithmsIsABadRequest() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        TurnSession alice = h.session(client, ALICE);
        alice.challenge();
        // RFC 8489 §9.2.4: PASSWORD-ALGORITHM and PASSWORD-ALGORITHMS come together or not at all.
        TurnRequests.Builder request = TurnRequests.allocate()
                .attribute(StunAttributeType.PASSWORD_ALGORITHM, new byte[] {0, 2, 0, 0});

        ReceivedMessage answer = h.exchange(client, alice.sign(request));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(client.allocation()).isNull();
    }

    @Test
    void requestsOnAnAllocationWithAnotherUsersCredentialsGet441() {
        harness();
        TurnSession session = h.session("198.51.100.7", 40001, ALICE);
        session.allocated();
        session.user(BOB);

        ReceivedMessage refresh = session.refresh(600);
        ReceivedMessage permission = session.createPermission(PEER);
        ReceivedMessage channel = session.channelBind(0x4000, PEER);

        for (ReceivedMessage answer : List.of(refresh, permission, channel)) {
            assertThat(answer.errorCode()).isEqualTo(ErrorCode.WRONG_CREDENTIALS);
            // Bob's request verified with Bob's key, so the error is protected with it.
            assertThat(answer.verifiesMessageIntegrity(BOB.md5Key())).isTrue();
        }
        assertThat(h.count(TurnEvent.AUTH_WRONG_CREDENTIALS)).isEqualTo(3);
        assertThat(session.allocation().permissionCount()).isZero();
        assertThat(session.allocation().channelCount()).isZero();
    }

    @Test
    void aNewlyMintedRestUsernameIsAnotherUserOnTheAllocation() {
        harness();
        TurnSession carol = h.session("198.51.100.9", 40001, rest(CoreHarness.REST_SECRET, 3600, "carol"));
        carol.allocated();
        carol.user(rest(CoreHarness.REST_SECRET, 7200, "carol"));

        ReceivedMessage refresh = carol.refresh(600);

        // A new username is a different long-term user (RFC 8656 §5 compares USERNAME).
        assertThat(refresh.errorCode()).isEqualTo(ErrorCode.WRONG_CREDENTIALS);
    }

    private TurnRequests.Credentials rest(String secret, long validForSeconds, String userId) {
        String username = TurnRestCredentialStore.username(h.clock().epochSeconds() + validForSeconds, userId);
        return new TurnRequests.Credentials(username, TurnRestCredentialStore.password(secret, username), REALM);
    }
}
