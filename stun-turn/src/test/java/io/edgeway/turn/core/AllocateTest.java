package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static io.edgeway.turn.core.CoreHarness.BOB;
import static io.edgeway.turn.core.CoreHarness.RELAY_V4;
import static io.edgeway.turn.core.CoreHarness.RELAY_V6;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.turn.wire.TurnAttributes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Allocate (RFC 8656 §7.1, §7.2) and what it answers, success or error. */
class AllocateTest extends CoreTestBase {

    @Test
    void aSuccessfulAllocateCarriesRelayedAddressLifetimeMappedAddressAndIntegrity() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        TurnRequests.Builder request = alice.sign(TurnRequests.allocate());

        ReceivedMessage answer = h.exchange(alice.client(), request);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.response(StunMessageType.ALLOCATE_REQUEST, true));
        assertThat(answer.transactionId()).isEqualTo(request.transactionId());
        InetSocketAddress relayed = answer.relayedAddress();
        assertThat(relayed.getAddress()).isEqualTo(RELAY_V4);
        assertThat(relayed.getPort()).isBetween(49152, 65535);
        assertThat(answer.count(StunAttributeType.XOR_RELAYED_ADDRESS)).isEqualTo(1);
        assertThat(answer.lifetime()).isEqualTo(600);
        assertThat(answer.mappedAddress()).isEqualTo(alice.client().remoteAddress());
        assertThat(answer.text(StunAttributeType.SOFTWARE)).isEqualTo("Edgeway test");
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(answer.has(StunAttributeType.RESERVATION_TOKEN)).isFalse();
        assertThat(answer.has(StunAttributeType.ADDRESS_ERROR_CODE)).isFalse();

        Allocation allocation = alice.allocation();
        assertThat(allocation.relayedAddressV4()).isEqualTo(relayed);
        assertThat(allocation.relayedAddressV6()).isNull();
        assertThat(h.relays().at(relayed).owner()).isSameAs(allocation);
        assertThat(h.relayPortUsed(relayed.getPort())).isTrue();
        assertThat(h.core().allocationCount()).isEqualTo(1);
        assertThat(h.context().quotas().active("alice")).isEqualTo(1);
        assertThat(h.count(TurnEvent.ALLOCATION_CREATED)).isEqualTo(1);
    }

    @Test
    void externalIpMappingIsWhatTheClientIsTold() {
        harness(b -> b.externalIps(java.util.Map.of(RELAY_V4, CoreHarness.ip("198.18.0.10"))));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.relayedAddress().getAddress()).isEqualTo(CoreHarness.ip("198.18.0.10"));
        assertThat(h.relays().opened().get(0).localAddress().getAddress()).isEqualTo(RELAY_V4);
        assertThat(answer.relayedAddress().getPort()).isEqualTo(h.relays().opened().get(0).localAddress().getPort());
    }

    @Test
    void dontFragmentIsAccepted() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().dontFragment());

        assertThat(answer.isSuccess()).isTrue();
        assertThat(alice.allocation().dontFragment()).isTrue();
    }

    @Test
    void missingRequestedTransportIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.bareAllocate());

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    @Test
    void tcpRequestedTransportGets442() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.bareAllocate().requestedTransport(TurnAttributes.TCP));

        assertRefused(answer, ErrorCode.UNSUPPORTED_TRANSPORT);
    }

    @Test
    void requestedAndAdditionalAddressFamilyTogetherAreABadRequest() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate()
                .requestedFamily(TurnAttributes.FAMILY_IPV4).additionalFamily(TurnAttributes.FAMILY_IPV6));

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    @Test
    void additionalAddressFamilyIpv4IsABadRequest() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().additionalFamily(TurnAttributes.FAMILY_IPV4));

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    @Test
    void reservationTokenWithEvenPortIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().evenPort(false).reservationToken(42));

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    @Test
    void reservationTokenWithRequestedAddressFamilyIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate()
                .requestedFamily(TurnAttributes.FAMILY_IPV4).reservationToken(42));

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    @Test
    void anIpv6AllocationWithoutAnIpv6RelayGets440() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().requestedFamily(TurnAttributes.FAMILY_IPV6));

        assertRefused(answer, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
    }

    @Test
    void anIpv4AllocationOnAnIpv6OnlyServerGets440() {
        harness(b -> { }, List.of(RELAY_V6));
        TurnSession alice = h.session("2001:db8:1::7", 40001, ALICE);

        ReceivedMessage answer = alice.allocate();

        assertRefused(answer, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
    }

    @Test
    void requestedAddressFamilyIpv6GetsAnIpv6RelayOnly() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().requestedFamily(TurnAttributes.FAMILY_IPV6));

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.relayedAddresses()).hasSize(1);
        assertThat(answer.relayedAddress().getAddress()).isEqualTo(RELAY_V6);
        assertThat(alice.allocation().relayedAddressV4()).isNull();
    }

    @Test
    void additionalIpv6WithoutAnIpv6RelaySucceedsForIpv4WithAddressErrorCode440() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().additionalFamily(TurnAttributes.FAMILY_IPV6));

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.relayedAddresses()).hasSize(1);
        assertThat(answer.relayedAddress().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(answer.addressError()).containsExactly(TurnAttributes.FAMILY_IPV6, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void aDualAllocationGetsBothRelayedAddresses() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().additionalFamily(TurnAttributes.FAMILY_IPV6));

        assertThat(answer.isSuccess()).isTrue();
        List<InetSocketAddress> relayed = answer.relayedAddresses();
        assertThat(relayed).hasSize(2);
        assertThat(relayed.get(0).getAddress()).isEqualTo(RELAY_V4);
        assertThat(relayed.get(1).getAddress()).isEqualTo(RELAY_V6).isInstanceOf(Inet6Address.class);
        assertThat(answer.has(StunAttributeType.ADDRESS_ERROR_CODE)).isFalse();
        assertThat(alice.allocation().relayedAddressV4()).isEqualTo(relayed.get(0));
        assertThat(alice.allocation().relayedAddressV6()).isEqualTo(relayed.get(1));
        assertThat(h.relays().openCount()).isEqualTo(2);
        // One allocation, one quota slot, whatever its number of relayed addresses.
        assertThat(h.context().quotas().active()).isEqualTo(1);
    }

    @Test
    void aSecondAllocateOnTheSameFiveTupleGets437() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation first = alice.allocated();

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(alice.allocation()).isSameAs(first);
        assertThat(h.core().allocationCount()).isEqualTo(1);
        assertThat(h.relays().opened()).hasSize(1);
    }

    @Test
    void aSecondAllocateByAnotherUserOnTheSameFiveTupleGets437() {
        harness();
        TurnSession session = h.session("198.51.100.7", 40001, ALICE);
        session.allocated();
        session.user(BOB);

        assertThat(session.allocate().errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
    }

    @Test
    void aRetransmittedAllocateGetsTheSameSuccessAgain() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        TurnRequests.Builder request = alice.sign(TurnRequests.allocate());
        byte[] wire = request.bytes();

        ReceivedMessage first = h.exchange(alice.client(), request);
        h.deliver(alice.client(), wire);
        ReceivedMessage again = alice.client().next();

        assertThat(first.isSuccess()).isTrue();
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(h.core().allocationCount()).isEqualTo(1);
        assertThat(h.relays().opened()).hasSize(1);
        assertThat(h.count(TurnEvent.ALLOCATION_CREATED)).isEqualTo(1);
    }

    @Test
    void aRetransmittedAllocateWithTheReserveBitGetsTheSameReservationTokenAgain() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        TurnRequests.Builder request = alice.sign(TurnRequests.allocate().evenPort(true));
        byte[] wire = request.bytes();

        ReceivedMessage first = h.exchange(alice.client(), request);
        h.deliver(alice.client(), wire);
        ReceivedMessage again = alice.client().next();

        // The client may have lost the first answer: the token must reach it with the retransmission.
        assertThat(first.has(StunAttributeType.RESERVATION_TOKEN)).isTrue();
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(h.relayPortsInUse()).isEqualTo(2);
    }

    @Test
    void aRetransmittedAllocateGetsTheSameAddressErrorCodeAgain() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.challenge();
        TurnRequests.Builder request = alice.sign(TurnRequests.allocate().additionalFamily(TurnAttributes.FAMILY_IPV6));
        byte[] wire = request.bytes();

        ReceivedMessage first = h.exchange(alice.client(), request);
        h.deliver(alice.client(), wire);
        ReceivedMessage again = alice.client().next();

        assertThat(first.addressError()).containsExactly(TurnAttributes.FAMILY_IPV6, ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
        assertThat(again.bytes()).isEqualTo(first.bytes());
    }

    @Test
    void theUserQuotaRefusesTheNextAllocationWith486() {
        harness(b -> b.userQuota(1));
        TurnSession first = h.session("198.51.100.7", 40001, ALICE);
        TurnSession second = h.session("198.51.100.7", 40002, ALICE);
        TurnSession bob = h.session("198.51.100.8", 40001, BOB);
        first.allocated();

        ReceivedMessage refused = second.allocate();
        ReceivedMessage otherUser = bob.allocate();

        assertRefused(refused, ErrorCode.ALLOCATION_QUOTA_REACHED);
        assertThat(h.count(TurnEvent.ALLOCATION_REFUSED_QUOTA)).isEqualTo(1);
        assertThat(otherUser.isSuccess()).isTrue();
        assertThat(h.relays().opened()).hasSize(2);

        // The slot comes back when the allocation goes.
        assertThat(first.refresh(0).isSuccess()).isTrue();
        assertThat(second.allocate().isSuccess()).isTrue();
    }

    @Test
    void aRestUserCannotEscapeItsQuotaByMintingAnotherExpiry() {
        harness(b -> b.userQuota(1));
        long now = h.clock().epochSeconds();
        String first = TurnRestCredentialStore.username(now + 3600, "carol");
        String second = TurnRestCredentialStore.username(now + 7200, "carol");
        TurnSession a = h.session("198.51.100.9", 40001, restUser(first));
        TurnSession b = h.session("198.51.100.9", 40002, restUser(second));

        assertThat(a.allocate().isSuccess()).isTrue();
        ReceivedMessage refused = b.allocate();

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.ALLOCATION_QUOTA_REACHED);
        assertThat(refused.verifiesMessageIntegrity(b.user().md5Key())).isTrue();
    }

    private static TurnRequests.Credentials restUser(String username) {
        return new TurnRequests.Credentials(username,
                TurnRestCredentialStore.password(CoreHarness.REST_SECRET, username), CoreHarness.REALM);
    }

    @Test
    void closingAStreamClientDeletesItsAllocation() {
        harness();
        TurnSession alice = h.session(h.tcpClient("198.51.100.7", 50000), ALICE);
        Allocation allocation = alice.allocated();
        alice.channelBind(0x4000, PEER);
        FakeRelayEndpoint relay = h.relays().opened().get(0);

        h.core().onClientClosed(alice.client());

        assertThat(alice.allocation()).isNull();
        assertThat(allocation.isLive(h.clock().nanos())).isFalse();
        assertThat(relay.isClosed()).isTrue();
        assertThat(h.relayPortUsed(allocation.relayedAddressV4().getPort())).isFalse();
        assertThat(h.core().allocationCount()).isZero();
        assertThat(h.context().quotas().active()).isZero();
        assertThat(h.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(1);

        // A late datagram for the deleted allocation goes nowhere; a second close is harmless.
        h.peerDatagram(allocation, PEER, new byte[] {1});
        h.core().onClientClosed(alice.client());
        assertThat(alice.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_ALLOCATION)).isEqualTo(1);
        assertThat(h.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(1);
    }

    @Test
    void closeAllReleasesEveryAllocation() {
        harness();
        h.session("198.51.100.7", 40001, ALICE).allocated();
        h.session("198.51.100.8", 40001, BOB).allocated();
        h.session(h.tcpClient("198.51.100.9", 50000), ALICE).allocated();

        h.core().closeAll();

        assertThat(h.core().allocationCount()).isZero();
        assertThat(h.relayPortsInUse()).isZero();
        assertThat(h.context().quotas().active()).isZero();
        assertThat(h.relays().openCount()).isZero();
        assertThat(h.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(3);
    }

    @Test
    void theTotalQuotaRefusesTheNextAllocationWith486() {
        harness(b -> b.totalQuota(2));
        h.session("198.51.100.7", 40001, ALICE).allocated();
        h.session("198.51.100.8", 40001, BOB).allocated();

        ReceivedMessage refused = h.session("198.51.100.9", 40001, ALICE).allocate();

        assertRefused(refused, ErrorCode.ALLOCATION_QUOTA_REACHED);
        assertThat(h.context().quotas().active()).isEqualTo(2);
    }

    @Test
    void anExhaustedPortRangeGets508() {
        harness(b -> b.minPort(50000).maxPort(50001));
        h.session("198.51.100.7", 40001, ALICE).allocated();
        h.session("198.51.100.7", 40002, ALICE).allocated();

        ReceivedMessage refused = h.session("198.51.100.7", 40003, ALICE).allocate();

        assertRefused(refused, ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(h.count(TurnEvent.ALLOCATION_REFUSED_CAPACITY)).isEqualTo(1);
        assertThat(h.context().quotas().active()).isEqualTo(2);
    }

    @Test
    void whenEveryBindFailsTheAllocateGets508AndNothingStaysReserved() {
        harness();
        h.relays().failAll(true);
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage refused = alice.allocate();

        assertRefused(refused, ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(h.relays().failedAttempts()).isEqualTo(16);
        assertThat(h.relayPortsInUse()).isZero();
        assertThat(h.context().quotas().active()).isZero();

        h.relays().failAll(false);
        assertThat(alice.allocate().isSuccess()).isTrue();
    }

    @Test
    void aPortThatFailsToBindIsSkippedForAnother() {
        harness(b -> b.minPort(50000).maxPort(50001));
        h.relays().failPort(50000);
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.relayedAddress().getPort()).isEqualTo(50001);
        assertThat(h.relayPortUsed(50000)).isFalse();
    }

    @Test
    void evenPortGivesAnEvenPort() {
        harness();
        for (int i = 0; i < 8; i++) {
            ReceivedMessage answer = h.session("198.51.100.7", 40001 + i, ALICE).call(TurnRequests.allocate().evenPort(false));
            assertThat(answer.isSuccess()).isTrue();
            assertThat(answer.relayedAddress().getPort() % 2).isZero();
            assertThat(answer.has(StunAttributeType.RESERVATION_TOKEN)).isFalse();
        }
    }

    @Test
    void evenPortWithTheReserveBitHoldsTheNextPortForTheTokenHolder() {
        harness();
        TurnSession rtp = h.session("198.51.100.7", 40001, ALICE);
        TurnSession rtcp = h.session("198.51.100.7", 40002, ALICE);

        ReceivedMessage first = rtp.call(TurnRequests.allocate().evenPort(true));

        assertThat(first.isSuccess()).isTrue();
        int port = first.relayedAddress().getPort();
        assertThat(port % 2).isZero();
        long token = first.reservationToken();
        assertThat(h.relayPortUsed(port + 1)).as("the next port is held back").isTrue();

        ReceivedMessage second = rtcp.call(TurnRequests.allocate().reservationToken(token));

        assertThat(second.isSuccess()).isTrue();
        assertThat(second.relayedAddress()).isEqualTo(new InetSocketAddress(RELAY_V4, port + 1));
        assertThat(second.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();

        // A token is good once.
        ReceivedMessage reused = h.session("198.51.100.7", 40003, ALICE).call(TurnRequests.allocate().reservationToken(token));
        assertRefused(reused, ErrorCode.INSUFFICIENT_CAPACITY);
    }

    @Test
    void anUnknownReservationTokenGets508() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().reservationToken(0x0123456789ABCDEFL));

        assertRefused(answer, ErrorCode.INSUFFICIENT_CAPACITY);
    }

    @Test
    void anUnknownComprehensionRequiredAttributeGets420ListingIt() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate()
                .attribute(0x0033, new byte[] {1, 2, 3, 4})
                .attribute(0x7F01, new byte[0]));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNKNOWN_ATTRIBUTE);
        assertThat(answer.unknownAttributes()).containsExactly(0x0033, 0x7F01);
        assertThat(alice.allocation()).isNull();
        assertThat(h.count(TurnEvent.UNKNOWN_ATTRIBUTE_REJECTED)).isEqualTo(1);
    }

    @Test
    void anUnauthenticatedRequestWithAnUnknownAttributeGets420Too() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);

        ReceivedMessage answer = h.exchange(client, TurnRequests.allocate().attribute(0x0033, new byte[4]));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNKNOWN_ATTRIBUTE);
        assertThat(answer.unknownAttributes()).containsExactly(0x0033);
        assertThat(answer.has(StunAttributeType.NONCE)).isFalse();
    }

    @Test
    void anUnknownComprehensionOptionalAttributeIsIgnored() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().attribute(0xC0DE, new byte[] {9}));

        assertThat(answer.isSuccess()).isTrue();
    }

    @Test
    void anUnknownMethodIsABadRequest() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);

        ReceivedMessage answer = h.exchange(client, TurnRequests.ofType(StunMessageType.of(0x0050, 0)));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aMalformedRequestedTransportIsABadRequestProtectedWithTheUsersKey() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.bareAllocate()
                .attribute(StunAttributeType.REQUESTED_TRANSPORT, new byte[] {17, 0}));

        assertRefused(answer, ErrorCode.BAD_REQUEST);
    }

    /** An authenticated refusal: the code, the user's integrity, no allocation and nothing held. */
    private void assertRefused(ReceivedMessage answer, int code) {
        assertThat(answer.errorCode()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).as("integrity with alice's key").isTrue();
        assertThat(answer.has(StunAttributeType.XOR_RELAYED_ADDRESS)).isFalse();
    }
}
