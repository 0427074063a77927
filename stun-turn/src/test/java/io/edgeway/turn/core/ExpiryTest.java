package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Deadlines: allocations (RFC 8656 §7), permissions (300 s, §9), channel bindings (600 s, §12) and
 * port reservations (30 s, §7.2). Each is checked one nanosecond before and exactly at its deadline, on
 * the ManualClock: alive before, gone at.
 */
class ExpiryTest extends CoreTestBase {

    private static final Duration NANO = Duration.ofNanos(1);

    @Test
    void anAllocationExpiresExactlyAtItsDeadline() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        int port = allocation.relayedAddressV4().getPort();
        FakeRelayEndpoint relay = h.relays().opened().get(0);

        h.advance(Duration.ofSeconds(600).minus(NANO)).timeout();

        assertThat(allocation.isLive(h.clock().nanos())).isTrue();
        assertThat(h.core().allocationCount()).isEqualTo(1);
        assertThat(relay.isClosed()).isFalse();

        h.advance(NANO);

        assertThat(allocation.isLive(h.clock().nanos())).isFalse();

        h.timeout();

        assertThat(h.core().allocationCount()).isZero();
        assertThat(alice.allocation()).isNull();
        assertThat(relay.isClosed()).isTrue();
        assertThat(h.relayPortUsed(port)).isFalse();
        assertThat(h.context().quotas().active()).isZero();
        assertThat(h.count(TurnEvent.ALLOCATION_EXPIRED)).isEqualTo(1);
        assertThat(h.count(TurnEvent.ALLOCATION_DELETED)).isZero();
    }

    @Test
    void anExpiredAllocationIsGoneForRequestsAndDataEvenBeforeTheSweep() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.channelBind(0x4000, PEER);
        h.advance(Duration.ofSeconds(600));

        alice.channelData(0x4000, new byte[] {1});
        alice.sendIndication(PEER, new byte[] {2});
        h.peerDatagram(allocation, PEER, new byte[] {3});

        assertThat(h.count(TurnEvent.DROP_NO_ALLOCATION)).isEqualTo(3);
        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(alice.client().pending()).isZero();

        // Lazy expiry: the next request finds it dead, deletes it, and answers 437.
        assertThat(alice.refresh(600).errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(h.core().allocationCount()).isZero();
        assertThat(h.count(TurnEvent.ALLOCATION_EXPIRED)).isEqualTo(1);
    }

    @Test
    void aRefreshPushesTheDeadlineOut() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        h.advance(Duration.ofSeconds(500));
        assertThat(alice.refresh(600).isSuccess()).isTrue();

        h.advance(Duration.ofSeconds(600).minus(NANO)).timeout();
        assertThat(allocation.isLive(h.clock().nanos())).isTrue();

        h.advance(NANO).timeout();
        assertThat(h.core().allocationCount()).isZero();
    }

    @Test
    void aPermissionExpiresExactlyAt300Seconds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.createPermission(PEER);
        FakeRelayEndpoint relay = h.relays().opened().get(0);

        h.advance(Duration.ofSeconds(300).minus(NANO)).timeout();
        h.peerDatagram(allocation, PEER, new byte[] {1});
        alice.sendIndication(PEER, new byte[] {2});

        assertThat(alice.client().next().data()).containsExactly(1);
        assertThat(relay.next().payload()).containsExactly(2);

        h.advance(NANO);
        h.peerDatagram(allocation, PEER, new byte[] {3});
        alice.sendIndication(PEER, new byte[] {4});

        assertThat(alice.client().pending()).isZero();
        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isEqualTo(2);

        h.timeout();
        assertThat(allocation.permissionCount()).isZero();
        assertThat(h.core().allocationCount()).isEqualTo(1);
    }

    @Test
    void createPermissionAgainExtendsThePermission() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.createPermission(PEER);
        h.advance(Duration.ofSeconds(200));
        assertThat(alice.createPermission(PEER).isSuccess()).isTrue();

        h.advance(Duration.ofSeconds(300).minus(NANO)).timeout();
        h.peerDatagram(allocation, PEER, new byte[] {1});
        assertThat(alice.client().next().data()).containsExactly(1);

        h.advance(NANO);
        h.peerDatagram(allocation, PEER, new byte[] {2});
        assertThat(alice.client().pending()).isZero();
    }

    @Test
    void aChannelBindingExpiresExactlyAt600Seconds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        assertThat(alice.call(TurnRequests.refresh().lifetime(3600)).isSuccess()).isTrue();
        alice.channelBind(0x4000, PEER);
        FakeRelayEndpoint relay = h.relays().opened().get(0);
        // Keep the permission alive past the channel, so only the channel's own deadline matters.
        h.advance(Duration.ofSeconds(500));
        assertThat(alice.createPermission(PEER).isSuccess()).isTrue();

        h.advance(Duration.ofSeconds(100).minus(NANO)).timeout();
        alice.channelData(0x4000, new byte[] {1});
        h.peerDatagram(allocation, PEER, new byte[] {2});

        assertThat(relay.next().payload()).containsExactly(1);
        assertThat(alice.client().next().channelNumber()).isEqualTo(0x4000);

        h.advance(NANO);
        alice.channelData(0x4000, new byte[] {3});
        h.peerDatagram(allocation, PEER, new byte[] {4});

        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_CHANNEL)).isEqualTo(1);
        // The permission still lets the peer through, now as a Data indication.
        ReceivedMessage indication = alice.client().next();
        assertThat(indication.isDataIndication()).isTrue();
        assertThat(indication.data()).containsExactly(4);

        h.timeout();
        assertThat(allocation.channelCount()).isZero();
        assertThat(allocation.permissionCount()).isEqualTo(1);
    }

    @Test
    void channelBindAgainRefreshesBothTheChannelAndThePermission() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        assertThat(alice.call(TurnRequests.refresh().lifetime(3600)).isSuccess()).isTrue();
        alice.channelBind(0x4000, PEER);
        h.advance(Duration.ofSeconds(200));
        assertThat(alice.channelBind(0x4000, PEER).isSuccess()).isTrue();

        // Without the refresh the permission would have ended at 300 s; now it ends at 500 s.
        h.advance(Duration.ofSeconds(300).minus(NANO)).timeout();
        alice.channelData(0x4000, new byte[] {1});
        h.peerDatagram(allocation, PEER, new byte[] {2});
        assertThat(h.relays().opened().get(0).next().payload()).containsExactly(1);
        assertThat(alice.client().next().channelPayload()).containsExactly(2);

        h.advance(NANO);
        alice.channelData(0x4000, new byte[] {3});
        h.peerDatagram(allocation, PEER, new byte[] {4});
        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(alice.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isEqualTo(2);
        assertThat(allocation.channel(0x4000).isLive(h.clock().nanos())).isTrue();
    }

    @Test
    void aPermissionCreatedAgainAfterItExpiredServesTheStillLiveChannel() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        alice.channelBind(0x4000, PEER);
        // The permission (300 s) lapses and is swept; the channel (600 s) lives on.
        h.advance(Duration.ofSeconds(310)).timeout();

        assertThat(alice.createPermission(PEER).isSuccess()).isTrue();
        alice.channelData(0x4000, new byte[] {1});

        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isZero();
        assertThat(h.relays().opened().get(0).next().payload()).containsExactly(1);
    }

    @Test
    void aChannelBindRefreshAfterThePermissionWasSweptServesTheChannel() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        alice.channelBind(0x4000, PEER);
        h.advance(Duration.ofSeconds(310)).timeout();

        assertThat(alice.channelBind(0x4000, PEER).isSuccess()).isTrue();
        alice.channelData(0x4000, new byte[] {1});

        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isZero();
        assertThat(h.relays().opened().get(0).next().payload()).containsExactly(1);
    }

    @Test
    void anUnclaimedReservationGivesItsPortBackAfter30Seconds() {
        harness();
        TurnSession rtp = h.session("198.51.100.7", 40001, ALICE);
        ReceivedMessage first = rtp.call(TurnRequests.allocate().evenPort(true));
        int reserved = first.relayedAddress().getPort() + 1;
        long token = first.reservationToken();

        h.advance(Duration.ofSeconds(30).minus(NANO)).timeout();
        assertThat(h.relayPortUsed(reserved)).isTrue();

        h.advance(NANO).timeout();
        assertThat(h.relayPortUsed(reserved)).isFalse();
        assertThat(h.relayPortsInUse()).isEqualTo(1);

        ReceivedMessage late = h.session("198.51.100.7", 40002, ALICE).call(TurnRequests.allocate().reservationToken(token));
        assertThat(late.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
    }

    @Test
    void aReservationClaimedAtItsDeadlineIsTooLateAndItsPortComesBack() {
        harness();
        ReceivedMessage first = h.session("198.51.100.7", 40001, ALICE).call(TurnRequests.allocate().evenPort(true));
        int reserved = first.relayedAddress().getPort() + 1;
        h.advance(Duration.ofSeconds(30));

        ReceivedMessage late = h.session("198.51.100.7", 40002, ALICE)
                .call(TurnRequests.allocate().reservationToken(first.reservationToken()));

        assertThat(late.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(h.relayPortUsed(reserved)).isFalse();
    }
}
