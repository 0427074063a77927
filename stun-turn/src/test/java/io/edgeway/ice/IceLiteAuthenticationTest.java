package io.edgeway.ice;

import static io.edgeway.ice.AnswerChecks.assertFingerprinted;
import static io.edgeway.ice.AnswerChecks.integrityVerifies;
import static io.edgeway.ice.IceLiteHarness.BROWSER;
import static io.edgeway.ice.IceLiteHarness.EDGEWAY;
import static io.edgeway.ice.IceLiteHarness.HOST;
import static io.edgeway.ice.IceLiteHarness.HOST_V6;
import static io.edgeway.ice.IceLiteHarness.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link IceLiteResponder} answers checks: STUN short-term credentials (RFC 8489 §9.1.3), the ICE
 * attributes (RFC 8445 §7.1, §7.3.1.1) and FINGERPRINT on every answer. Each answer's bytes are
 * checked with the JDK's CRC32 and HmacSHA1, not with the codec under test.
 */
class IceLiteAuthenticationTest {

    private final IceLiteHarness h = new IceLiteHarness();

    @Test
    void checkIsAnsweredWithTheSourceAddressAuthenticatedWithTheLocalPassword() {
        ReceivedMessage answer = h.exchange(check(), HOST);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(answer.attributeTypes()).containsExactly(StunAttributeType.XOR_MAPPED_ADDRESS,
                StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
        assertThat(answer.mappedAddress()).isEqualTo(HOST);
        // RFC 8445 §7.2.2: the key is the password of the agent the check was addressed to (ours).
        assertThat(integrityVerifies(answer, EDGEWAY.password())).isTrue();
        assertThat(integrityVerifies(answer, BROWSER.password())).isFalse();
        assertFingerprinted(answer);
        assertThat(h.responder.count(IceCheckOutcome.ANSWERED)).isEqualTo(1);
    }

    @Test
    void ipv6SourceGetsAnIpv6MappedAddress() {
        ReceivedMessage answer = h.exchange(check(), HOST_V6);

        assertThat(answer.mappedAddress()).isEqualTo(HOST_V6);
        assertThat(integrityVerifies(answer, EDGEWAY.password())).isTrue();
        assertFingerprinted(answer);
    }

    @Test
    void sha256IntegrityIsAnsweredInKind() {
        ReceivedMessage answer = h.exchange(check().sha256(), HOST);

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.attributeTypes()).containsExactly(StunAttributeType.XOR_MAPPED_ADDRESS,
                StunAttributeType.MESSAGE_INTEGRITY_SHA256, StunAttributeType.FINGERPRINT);
        assertThat(answer.verifiesMessageIntegritySha256(EDGEWAY.password().getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertFingerprinted(answer);
    }

    @Test
    void wrongPasswordIs401WithoutIntegrity() {
        ReceivedMessage answer = h.exchange(check().password("notTheRightPassword1234"), HOST);

        assertUnauthenticatedError(answer, 401);
        assertThat(h.responder.count(IceCheckOutcome.UNAUTHENTICATED)).isEqualTo(1);
        assertThat(h.events).isEmpty();
    }

    @Test
    void checkSignedWithTheBrowsersOwnPasswordIs401() {
        // A classic mistake: keying the check with the sender's password instead of the receiver's.
        assertUnauthenticatedError(h.exchange(check().password(BROWSER.password()), HOST), 401);
    }

    @Test
    void unknownUfragIs401() {
        ReceivedMessage answer = h.exchange(check().username("NoSuchUfrag:" + BROWSER.ufrag()), HOST);

        assertUnauthenticatedError(answer, 401);
    }

    @Test
    void usernameThatIsNotTwoUfragsIs401() {
        assertUnauthenticatedError(h.exchange(check().username(EDGEWAY.ufrag()), HOST), 401);
        assertUnauthenticatedError(h.exchange(check().username(EDGEWAY.ufrag() + ":"), HOST), 401);
        assertUnauthenticatedError(h.exchange(check().username(":" + BROWSER.ufrag()), HOST), 401);
    }

    @Test
    void remoteUfragOtherThanTheParticipantsIs401() {
        ReceivedMessage answer = h.exchange(check().username(EDGEWAY.ufrag() + ":someoneElse"), HOST);

        assertUnauthenticatedError(answer, 401);
    }

    @Test
    void beforeTheRemoteDescriptionAnyRemoteUfragIsAcceptedThenOnlyTheSignalledOne() {
        IceCredentials local = IceCredentials.of("LateUfrg", "anotherLocalPassword0123");
        IceParticipant bob = h.responder.addParticipant("bob", local, null);
        IceCredentials bobsBrowser = IceCredentials.of("Bob1", "bobsBrowserPassword0123");

        // RFC 8445 §7.3: a check may arrive before the answer's SDP does; it is answered at once.
        ReceivedMessage early = h.exchange(IceChecks.from(bobsBrowser, local), HOST);
        assertThat(early.isSuccess()).isTrue();
        assertThat(integrityVerifies(early, local.password())).isTrue();

        bob.remoteCredentials(bobsBrowser);
        assertThat(h.exchange(IceChecks.from(bobsBrowser, local), HOST).isSuccess()).isTrue();
        assertUnauthenticatedError(h.exchange(IceChecks.from(BROWSER, local), HOST), 401);
    }

    @Test
    void missingUsernameIs400() {
        assertUnauthenticatedError(h.exchange(check().withoutUsername(), HOST), 400);
        assertThat(h.responder.count(IceCheckOutcome.BAD_REQUEST)).isEqualTo(1);
    }

    @Test
    void missingMessageIntegrityIs400() {
        assertUnauthenticatedError(h.exchange(check().withoutIntegrity(), HOST), 400);
    }

    @Test
    void missingFingerprintIs400() {
        assertUnauthenticatedError(h.exchange(check().withoutFingerprint(), HOST), 400);
    }

    @Test
    void missingPriorityIs400AuthenticatedSinceTheCheckWas() {
        ReceivedMessage answer = h.exchange(check().withoutPriority(), HOST);

        assertThat(answer.errorCode()).isEqualTo(400);
        assertThat(answer.attributeTypes()).containsExactly(StunAttributeType.ERROR_CODE,
                StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
        assertThat(integrityVerifies(answer, EDGEWAY.password())).isTrue();
        assertFingerprinted(answer);
    }

    @Test
    void controlledClaimIsARoleConflictAndNominatesNothing() {
        ReceivedMessage answer = h.exchange(check().controlled().useCandidate(), HOST);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(answer.errorCode()).isEqualTo(487);
        assertThat(answer.attributeTypes()).containsExactly(StunAttributeType.ERROR_CODE,
                StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
        assertThat(integrityVerifies(answer, EDGEWAY.password())).isTrue();
        assertFingerprinted(answer);
        assertThat(h.events).isEmpty();
        assertThat(h.alice.selectedPair()).isNull();
        assertThat(h.responder.count(IceCheckOutcome.ROLE_CONFLICT)).isEqualTo(1);
    }

    @Test
    void checkWithoutRoleAttributeIsAnswered() {
        assertThat(h.exchange(check().withoutRole(), HOST).isSuccess()).isTrue();
    }

    @Test
    void unknownComprehensionRequiredAttributeIs420ListingIt() {
        int unknown = 0x0031;
        ReceivedMessage answer = h.exchange(check().attribute(unknown)
                .attribute(StunAttributeType.REQUESTED_TRANSPORT), HOST);

        assertThat(answer.errorCode()).isEqualTo(420);
        assertThat(answer.unknownAttributes()).containsExactly(unknown, StunAttributeType.REQUESTED_TRANSPORT);
        assertThat(integrityVerifies(answer, EDGEWAY.password())).isTrue();
        assertFingerprinted(answer);
    }

    @Test
    void unknownComprehensionOptionalAttributeIsIgnored() {
        // Chrome adds GOOG-NETWORK-INFO (0xC057) to its checks.
        assertThat(h.exchange(check().attribute(0xC057), HOST).isSuccess()).isTrue();
    }

    @Test
    void removedParticipantsChecksAre401WithoutEvent() {
        assertThat(h.responder.removeParticipant(h.alice)).isTrue();

        assertUnauthenticatedError(h.exchange(check().useCandidate(), HOST), 401);
        assertThat(h.alice.isActive()).isFalse();
        assertThat(h.responder.removeParticipant(h.alice)).isFalse();
        assertThat(h.events).isEmpty();
    }

    @Test
    void bindingIndicationsAreKeepalivesAndGetNoAnswer() {
        h.silent(check().messageType(StunMessageType.of(0x001, 0b01)), HOST);
        assertThat(h.responder.count(IceCheckOutcome.IGNORED)).isEqualTo(1);
    }

    @Test
    void responsesAndOtherMethodsGetNoAnswer() {
        h.silent(check().messageType(StunMessageType.BINDING_SUCCESS), HOST);
        h.silent(check().messageType(StunMessageType.ALLOCATE_REQUEST), HOST);
        assertThat(h.responder.count(IceCheckOutcome.IGNORED)).isEqualTo(2);
    }

    @Test
    void nonStunIsRefusedForTheDemultiplexerToCount() {
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17, 18, 19, 20});
        try {
            assertThat(h.responder.onStun(h.clock.nanos(), HOST, garbage, h.udp)).isFalse();
        } finally {
            garbage.release();
        }
        assertThat(h.udp.pending()).isZero();
        assertThat(h.responder.count(IceCheckOutcome.NOT_STUN)).isEqualTo(1);
    }

    @Test
    void corruptedFingerprintIsNotStun() {
        ByteBuf packet = check().encode();
        try {
            int last = packet.writerIndex() - 1;
            packet.setByte(last, packet.getByte(last) ^ 1);
            assertThat(h.responder.onStun(h.clock.nanos(), HOST, packet, h.udp)).isFalse();
        } finally {
            packet.release();
        }
        assertThat(h.udp.pending()).isZero();
    }

    @Test
    void unauthenticatedAnswersArePerSourceRateLimited() {
        IceLiteHarness limited = new IceLiteHarness(new SourceRateLimiter(1, 2, 64, 7));
        IceChecks.Check wrong = check().password("notTheRightPassword1234");

        assertUnauthenticatedError(limited.exchange(wrong, HOST), 401);
        assertUnauthenticatedError(limited.exchange(check().withoutUsername(), HOST), 400);
        limited.silent(wrong, HOST);
        assertThat(limited.responder.count(IceCheckOutcome.RATE_LIMITED)).isEqualTo(1);

        // Authenticated checks are never limited.
        for (int i = 0; i < 5; i++) {
            assertThat(limited.exchange(check(), HOST).isSuccess()).isTrue();
        }
        // The bucket refills with time.
        limited.clock.advance(Duration.ofSeconds(1));
        assertUnauthenticatedError(limited.exchange(wrong, HOST), 401);
    }

    @Test
    void answersGoThroughTheSinkTheCheckArrivedOn() {
        ReceivedMessage answer = h.exchange(check(), HOST, h.tcp);

        assertThat(answer.isSuccess()).isTrue();
        assertThat(h.udp.pending()).isZero();
    }

    @Test
    void generatedLocalCredentialsAreRegisteredAndUnique() {
        IceParticipant carol = h.responder.addParticipant("carol", null);
        IceParticipant dave = h.responder.addParticipant("dave", null);

        assertThat(carol.localCredentials().ufrag()).isNotEqualTo(dave.localCredentials().ufrag());
        assertThat(h.responder.participant(carol.localCredentials().ufrag())).isSameAs(carol);
        assertThat(h.responder.participantCount()).isEqualTo(3);
        ReceivedMessage answer = h.exchange(IceChecks.from(BROWSER, carol.localCredentials()), HOST);
        assertThat(integrityVerifies(answer, carol.localCredentials().password())).isTrue();
    }

    @Test
    void duplicateLocalUfragIsRefused() {
        assertThatThrownBy(() -> h.responder.addParticipant("eve", EDGEWAY, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EDGEWAY.ufrag())
                .hasMessageNotContaining(EDGEWAY.password());
        assertThat(h.responder.participant(EDGEWAY.ufrag())).isSameAs(h.alice);
    }

    /** RFC 8489 §9.1.3: an error to a check that failed authentication has no integrity and no USERNAME. */
    private static void assertUnauthenticatedError(ReceivedMessage answer, int code) {
        assertThat(answer.messageType()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.attributeTypes()).isEqualTo(List.of(StunAttributeType.ERROR_CODE,
                StunAttributeType.FINGERPRINT));
        assertFingerprinted(answer);
    }
}
