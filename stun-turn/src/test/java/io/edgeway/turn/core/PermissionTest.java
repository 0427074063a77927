package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.turn.policy.PeerPolicy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CreatePermission (RFC 8656 §9) and the peer policy on every path that names a peer. */
class PermissionTest extends CoreTestBase {

    @Test
    void createPermissionInstallsOnePermissionPerPeerAddress() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage answer = alice.createPermission(PEER, PEER_2, new InetSocketAddress(PEER.getAddress(), 9999));

        assertThat(answer.messageType()).isEqualTo(StunMessageType.response(StunMessageType.CREATE_PERMISSION_REQUEST, true));
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        // Permissions are per IP address, whatever the port (RFC 8656 §9.1).
        assertThat(allocation.permissionCount()).isEqualTo(2);
        assertThat(allocation.permission(PEER.getAddress(), h.clock().nanos())).isNotNull();
        assertThat(allocation.permission(PEER_2.getAddress(), h.clock().nanos())).isNotNull();
        assertThat(h.count(TurnEvent.PERMISSION_CREATED)).isEqualTo(3);
    }

    @Test
    void createPermissionWithoutXorPeerAddressIsABadRequest() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        ReceivedMessage answer = alice.createPermission();

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void createPermissionWithoutAnAllocationGets437() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);

        ReceivedMessage answer = alice.createPermission(PEER);

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(answer.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
    }

    @Test
    void aPeerOfAFamilyTheAllocationDoesNotRelayGets443() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage permission = alice.createPermission(PEER_V6);
        ReceivedMessage channel = alice.channelBind(0x4000, PEER_V6);

        assertThat(permission.errorCode()).isEqualTo(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        assertThat(channel.errorCode()).isEqualTo(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        assertThat(allocation.permissionCount()).isZero();
    }

    @Test
    void anIpv6PeerOnAnIpv6AllocationIsAccepted() {
        dualStack();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        // The IPv4-only allocation cannot take it...
        assertThat(alice.createPermission(PEER_V6).errorCode()).isEqualTo(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);

        // ...a dual one can.
        TurnSession dual = h.session("198.51.100.8", 40001, ALICE);
        assertThat(dual.call(TurnRequests.allocate().additionalFamily(2)).isSuccess()).isTrue();
        assertThat(dual.createPermission(PEER_V6, PEER).isSuccess()).isTrue();
        assertThat(dual.allocation().permissionCount()).isEqualTo(2);
        assertThat(allocation.permissionCount()).isZero();
    }

    /** Every default-deny class the design brief names, as a client would write it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "127.0.0.1", "127.1.2.3", "::ffff:127.0.0.1", "0.0.0.0", "169.254.169.254",
            "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "169.254.1.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255",
            "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a00:1"})
    void aForbiddenPeerIsRefusedOnEveryPath(String literal) {
        dualStack();
        InetAddress forbidden = wire(literal);
        InetSocketAddress peer = new InetSocketAddress(forbidden, 5000);
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        assertThat(alice.call(TurnRequests.allocate().additionalFamily(2)).isSuccess()).isTrue();
        Allocation allocation = alice.allocation();

        ReceivedMessage permission = alice.createPermission(peer);
        ReceivedMessage channel = alice.channelBind(0x4000, peer);

        assertThat(permission.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(permission.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(channel.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(channel.verifiesMessageIntegrity(ALICE.md5Key())).isTrue();
        assertThat(allocation.permissionCount()).isZero();
        assertThat(allocation.channelCount()).isZero();
        assertThat(h.count(TurnEvent.DROP_FORBIDDEN_PEER)).isEqualTo(2);

        alice.sendIndication(peer, new byte[] {1, 2, 3});
        alice.sendIndication(peer, new byte[] {4, 5, 6});

        // No permission could be installed, so Send finds none.
        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isEqualTo(2);
        for (FakeRelayEndpoint relay : h.relays().opened()) {
            assertThat(relay.pending()).isZero();
        }
        assertThat(h.relayedPackets(TurnCounters.Direction.TO_PEER, TransportProtocol.UDP)).isZero();

        // Nor does anything from that address reach the client.
        h.peerDatagram(allocation, new InetSocketAddress(PeerPolicy.canonicalize(forbidden), 5000), new byte[] {9});
        assertThat(alice.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isEqualTo(3);
    }

    @Test
    void oneForbiddenPeerRefusesTheWholeCreatePermission() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();

        ReceivedMessage answer = alice.createPermission(PEER, CoreHarness.address("10.0.0.1", 1), PEER_2);

        // RFC 8656 §9.2: all or nothing.
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(allocation.permissionCount()).isZero();
    }

    @Test
    void theAllowListOpensLoopback() {
        harness(b -> b.allowedPeerRanges(List.of("127.0.0.0/8")));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        Allocation allocation = alice.allocated();
        InetSocketAddress loopback = CoreHarness.address("127.0.0.1", 5000);

        assertThat(alice.createPermission(loopback).isSuccess()).isTrue();
        assertThat(alice.channelBind(0x4000, new InetSocketAddress(wire("::ffff:127.0.0.1"), 5001)).isSuccess()).isTrue();
        alice.sendIndication(loopback, new byte[] {7});

        FakeRelayEndpoint.Datagram sent = h.relays().opened().get(0).next();
        assertThat(sent.peer()).isEqualTo(loopback);
        assertThat(sent.payload()).containsExactly(7);
        // The mapped form was canonicalised: its binding and permission are 127.0.0.1's.
        assertThat(allocation.permissionCount()).isEqualTo(1);
        assertThat(allocation.channel(0x4000).peer()).isEqualTo(CoreHarness.address("127.0.0.1", 5001));
        // Only what was listed is opened.
        assertThat(alice.createPermission(CoreHarness.address("10.0.0.1", 1)).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.createPermission(CoreHarness.address("169.254.169.254", 80)).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void theServersOwnRelayAddressIsAPeerOnlyOnLiveRelayPorts() {
        harness(b -> b.minPort(50000).maxPort(50999));
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        TurnSession bob = h.session("198.51.100.8", 40002, ALICE);
        Allocation allocation = alice.allocated();
        InetSocketAddress bobsRelay = bob.allocated().advertised4;
        InetAddress self = CoreHarness.RELAY_V4;
        int idle = bobsRelay.getPort() == 50999 ? 50998 : bobsRelay.getPort() + 1;

        // Two clients of this server can reach each other's relayed addresses...
        assertThat(alice.createPermission(new InetSocketAddress(self, 3478)).isSuccess()).isTrue();
        assertThat(alice.channelBind(0x4000, bobsRelay).isSuccess()).isTrue();
        alice.sendIndication(bobsRelay, new byte[] {1});
        assertThat(h.relays().opened().get(0).next().peer()).isEqualTo(bobsRelay);

        // ...but nothing else on the box: not the TURN listener, not a port in the range no relay holds.
        assertThat(alice.channelBind(0x4001, new InetSocketAddress(self, 3478)).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.channelBind(0x4002, new InetSocketAddress(self, idle)).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        alice.sendIndication(new InetSocketAddress(self, 3478), new byte[] {2});
        alice.sendIndication(new InetSocketAddress(self, idle), new byte[] {3});
        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_FORBIDDEN_PEER)).isEqualTo(4);
        assertThat(allocation.channelCount()).isEqualTo(1);
    }

    /**
     * The address exactly as written: {@code ::ffff:a.b.c.d} stays an IPv6 address on the wire (the JDK
     * would turn it into an {@code Inet4Address}, which a client could not send as IPv6).
     */
    static InetAddress wire(String literal) {
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            if (literal.contains(":") && parsed.getAddress().length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
                return Inet6Address.getByAddress(null, mapped, -1);
            }
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
