package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ChannelBind (RFC 8656 §11.1, §11.2). */
class ChannelBindTest extends CoreTestBase {

    @Test
    void channelBindBindsTheNumberToThePeerAndInstallsItsPermission() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage answer = alice.channelBind(0x4000, PEER);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.response(StunMessageType.CHANNEL_BIND_REQUEST, true));
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        ChannelBinding binding = allocation.channel(0x4000);
        assertThat(binding.peer()).isEqualTo(PEER);
        assertThat(allocation.channelForPeer(PEER)).isSameAs(binding);
        assertThat(allocation.permission(PEER.getAddress(), h.clock().nanos())).isSameAs(binding.permission());
        assertThat(h.count(TurnEvent.CHANNEL_BOUND)).isEqualTo(1);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"4000", "4001", "4abc", "4FFF"})
    void numbersFrom0x4000To0x4FFFAreAccepted(String hex) {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        assertThat(alice.channelBind(Integer.parseInt(hex, 16), PEER).isSuccess()).isTrue();
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"0", "1", "3FFF", "5000", "7FFF", "8000", "FFFF"})
    void numbersOutside0x4000To0x4FFFAreABadRequest(String hex) {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage answer = alice.channelBind(Integer.parseInt(hex, 16), PEER);

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(allocation.channelCount()).isZero();
        assertThat(allocation.permissionCount()).isZero();
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"4000", "5000", "6123", "7FFF"})
    void rfc5766NumbersAreAcceptedWhenConfigured(String hex) {
        harness(b -> b.rfc5766ChannelNumbers(true));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        int number = Integer.parseInt(hex, 16);

        assertThat(alice.channelBind(number, PEER).isSuccess()).isTrue();

        // And such a channel carries data both ways.
        alice.channelData(number, new byte[] {1, 2});
        assertThat(h.relays().opened().get(0).next().payload()).containsExactly(1, 2);
        h.peerDatagram(allocation, PEER, new byte[] {3});
        ReceivedMessage toClient = alice.client().next();
        assertThat(toClient.channelNumber()).isEqualTo(number);
        assertThat(toClient.channelPayload()).containsExactly(3);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"3FFF", "8000"})
    void rfc5766ModeStillRefusesNumbersOutside0x4000To0x7FFF(String hex) {
        harness(b -> b.rfc5766ChannelNumbers(true));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        assertThat(alice.channelBind(Integer.parseInt(hex, 16), PEER).errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aNumberBoundToAnotherPeerIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.channelBind(0x4000, PEER);

        ReceivedMessage otherPeer = alice.channelBind(0x4000, PEER_2);
        ReceivedMessage otherPort = alice.channelBind(0x4000, new InetSocketAddress(PEER.getAddress(), PEER.getPort() + 1));

        assertThat(otherPeer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(otherPeer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(otherPort.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(allocation.channel(0x4000).peer()).isEqualTo(PEER);
        assertThat(allocation.permission(PEER_2.getAddress(), h.clock().nanos())).isNull();
    }

    @Test
    void aPeerBoundToAnotherNumberIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.channelBind(0x4000, PEER);

        ReceivedMessage answer = alice.channelBind(0x4001, PEER);

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(allocation.channel(0x4001)).isNull();
        assertThat(allocation.channelCount()).isEqualTo(1);
    }

    @Test
    void theSamePeerIpOnAnotherPortMayHaveItsOwnChannel() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        InetSocketAddress otherPort = new InetSocketAddress(PEER.getAddress(), PEER.getPort() + 1);

        assertThat(alice.channelBind(0x4000, PEER).isSuccess()).isTrue();
        assertThat(alice.channelBind(0x4001, otherPort).isSuccess()).isTrue();

        assertThat(allocation.channelCount()).isEqualTo(2);
        assertThat(allocation.permissionCount()).isEqualTo(1);
    }

    @Test
    void rebindingTheSameNumberToTheSamePeerIsARefresh() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        alice.channelBind(0x4000, PEER);
        ChannelBinding binding = allocation.channel(0x4000);

        ReceivedMessage answer = alice.channelBind(0x4000, PEER);

        assertThat(answer.isSuccess()).isTrue();
        assertThat(allocation.channel(0x4000)).isSameAs(binding);
        assertThat(h.count(TurnEvent.CHANNEL_BOUND)).isEqualTo(1);
    }

    @Test
    void channelBindWithoutChannelNumberOrPeerIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        ReceivedMessage noPeer = alice.call(TurnRequests.ofType(StunMessageType.CHANNEL_BIND_REQUEST).channel(0x4000));
        ReceivedMessage noNumber = alice.call(TurnRequests.ofType(StunMessageType.CHANNEL_BIND_REQUEST).peer(PEER));

        assertThat(noPeer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(noNumber.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(noNumber.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void channelBindWithoutAnAllocationGets437() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.channelBind(0x4000, PEER);

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void aMalformedChannelNumberIsABadRequestProtectedWithTheUsersKey() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage answer = alice.call(TurnRequests.ofType(StunMessageType.CHANNEL_BIND_REQUEST)
                .attribute(StunAttributeType.CHANNEL_NUMBER, new byte[] {0x40, 0})
                .peer(PEER));

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(allocation.channelCount()).isZero();
    }
}
