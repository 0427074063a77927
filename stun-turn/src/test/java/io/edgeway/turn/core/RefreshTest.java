package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.turn.wire.TurnAttributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Allocation lifetimes (RFC 8656 §7.2 step 8) and Refresh (RFC 8656 §7.3). */
class RefreshTest extends CoreTestBase {

    @Test
    void withoutLifetimeAnAllocationGetsTheDefault600Seconds() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.allocate();

        assertThat(answer.lifetime()).isEqualTo(600);
        assertThat(alice.allocation().expiresAtNanos() - h.clock().nanos()).isEqualTo(Duration.ofSeconds(600).toNanos());
    }

    @ParameterizedTest(name = "LIFETIME {0} -> {1}")
    @CsvSource({
            "0, 600",        // zero means nothing for Allocate: the default applies
            "1, 600",        // never below the default
            "599, 600",
            "600, 600",
            "601, 601",
            "1800, 1800",
            "3600, 3600",    // the maximum
            "3601, 3600",
            "4294967295, 3600"
    })
    void aRequestedAllocateLifetimeIsClampedBetweenTheDefaultAndTheMaximum(long requested, long granted) {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().lifetime(requested));

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.lifetime()).isEqualTo(granted);
        assertThat(alice.allocation().isLive(h.clock().nanos() + Duration.ofSeconds(granted).toNanos() - 1)).isTrue();
        assertThat(alice.allocation().isLive(h.clock().nanos() + Duration.ofSeconds(granted).toNanos())).isFalse();
    }

    @ParameterizedTest(name = "Refresh LIFETIME {0} -> {1}")
    @CsvSource({"1, 600", "900, 900", "3600, 3600", "7200, 3600"})
    void aRefreshLifetimeIsClampedTheSameWay(long requested, long granted) {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        h.advance(Duration.ofSeconds(100));

        ReceivedMessage answer = alice.refresh(requested);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.response(StunMessageType.REFRESH_REQUEST, true));
        assertThat(answer.lifetime()).isEqualTo(granted);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(alice.allocation().expiresAtNanos()).isEqualTo(h.clock().nanos() + Duration.ofSeconds(granted).toNanos());
    }

    @Test
    void aRefreshWithoutLifetimeRestartsTheDefault() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.call(TurnRequests.allocate().lifetime(3600));
        h.advance(Duration.ofSeconds(10));

        ReceivedMessage answer = alice.call(TurnRequests.refresh());

        assertThat(answer.lifetime()).isEqualTo(600);
        assertThat(alice.allocation().expiresAtNanos()).isEqualTo(h.clock().nanos() + Duration.ofSeconds(600).toNanos());
    }

    @Test
    void refreshWithLifetimeZeroDeletesTheAllocationThenRequestsGet437() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        FakeRelayEndpoint relay = h.relays().opened().get(0);
        int port = allocation.relayedAddressV4().getPort();

        ReceivedMessage deleted = alice.refresh(0);

        assertThat(deleted.isSuccess()).isTrue();
        assertThat(deleted.lifetime()).isZero();
        assertThat(deleted.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(alice.allocation()).isNull();
        assertThat(allocation.isLive(h.clock().nanos())).isFalse();
        assertThat(relay.isClosed()).isTrue();
        assertThat(h.relayPortUsed(port)).isFalse();
        assertThat(h.core().allocationCount()).isZero();
        assertThat(h.context().quotas().active()).isZero();
        assertThat(h.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(1);

        for (ReceivedMessage answer : new ReceivedMessage[] {
                alice.refresh(600), alice.createPermission(PEER), alice.channelBind(0x4000, PEER)}) {
            assertThat(answer.errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
            assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        }
        // The 5-tuple may allocate again.
        assertThat(alice.allocate().isSuccess()).isTrue();
    }

    @Test
    void refreshWithoutAnAllocationGets437() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        assertThat(alice.refresh(600).errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(alice.refresh(0).errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
    }

    @Test
    void refreshNamingAFamilyTheAllocationDoesNotHaveGets443() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        ReceivedMessage answer = alice.call(TurnRequests.refresh().requestedFamily(TurnAttributes.FAMILY_IPV6).lifetime(900));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void refreshIsAuthenticated() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        long deadline = allocation.expiresAtNanos();
        h.advance(Duration.ofSeconds(30));

        ReceivedMessage unauthenticated = h.exchange(alice.client(), TurnRequests.refresh().lifetime(0));

        assertThat(unauthenticated.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(allocation.expiresAtNanos()).isEqualTo(deadline);
        assertThat(alice.allocation()).isSameAs(allocation);
    }

    @Test
    void aMalformedLifetimeOnAllocateIsABadRequestAndHoldsNothing() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.call(TurnRequests.allocate().attribute(StunAttributeType.LIFETIME, new byte[] {0, 0}));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(alice.allocation()).isNull();
        assertThat(h.core().allocationCount()).isZero();
        assertThat(h.context().quotas().active()).as("quota slots held").isZero();
        assertThat(h.relayPortsInUse()).as("relay ports held").isZero();
        assertThat(h.relays().openCount()).as("relay sockets open").isZero();
    }

    @Test
    void aMalformedLifetimeOnRefreshIsABadRequestAndChangesNothing() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        long deadline = allocation.expiresAtNanos();

        ReceivedMessage answer = alice.call(TurnRequests.refresh().attribute(StunAttributeType.LIFETIME, new byte[] {0}));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(allocation.expiresAtNanos()).isEqualTo(deadline);
    }
}
