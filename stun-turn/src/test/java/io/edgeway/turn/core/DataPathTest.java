package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.turn.core.TurnCounters.Direction;
import io.edgeway.turn.wire.TurnAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Relayed data (RFC 8656 §10 Send/Data indications, §12 ChannelData): exact bytes both ways, buffer
 * ownership on the forwarding path, and every reason a packet is dropped.
 */
class DataPathTest extends CoreTestBase {

    private static final byte[] PAYLOAD = "media, not a STUN message".getBytes(StandardCharsets.US_ASCII);

    private TurnSession alice;
    private Allocation allocation;
    private FakeRelayEndpoint relay;

    private void allocateWithChannel(TransportProtocol transport) {
        alice = h.session(h.client(transport, "198.51.100.7", 40001), ALICE);
        allocation = alice.allocated();
        relay = h.relays().opened().get(0);
        assertThat(alice.channelBind(0x4000, PEER).isSuccess()).isTrue();
    }

    @Test
    void channelDataFromTheClientReachesThePeerAsAnExactSliceWithoutACopy() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);
        ByteBuf frame = TurnRequests.channelData(0x4000, PAYLOAD, false);
        try {
            h.core().onChannelData(h.clock().nanos(), alice.client(), frame, frame.readerIndex(), frame.readableBytes());

            // The core borrowed the frame and passed on a retained slice of it: one more reference.
            assertThat(frame.refCnt()).isEqualTo(2);
            FakeRelayEndpoint.Queued sent = relay.take();
            try {
                assertThat(sent.peer()).isSameAs(allocation.channel(0x4000).peer());
                assertThat(sent.payload().readableBytes()).isEqualTo(PAYLOAD.length);
                byte[] bytes = new byte[PAYLOAD.length];
                sent.payload().getBytes(sent.payload().readerIndex(), bytes);
                assertThat(bytes).isEqualTo(PAYLOAD);
                // Same memory: writing through the frame shows in the slice.
                frame.setByte(4, 'M' ^ 0x20);
                assertThat(sent.payload().getByte(sent.payload().readerIndex())).isEqualTo((byte) ('M' ^ 0x20));
            } finally {
                sent.payload().release();
            }
            assertThat(frame.refCnt()).isEqualTo(1);
        } finally {
            frame.release();
        }
        assertThat(frame.refCnt()).isZero();
        assertThat(h.relayedPackets(Direction.TO_PEER, TransportProtocol.UDP)).isEqualTo(1);
        assertThat(h.relayedBytes(Direction.TO_PEER, TransportProtocol.UDP)).isEqualTo(PAYLOAD.length);
    }

    @Test
    void paddingAfterTheDataOfAChannelDataDatagramIsIgnored() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);

        h.channelData(alice.client(), TurnRequests.channelData(0x4000, new byte[] {1, 2, 3, 4, 5}, true));

        assertThat(relay.next().payload()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void anEmptyChannelDataIsRelayedAsAnEmptyDatagram() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);

        alice.channelData(0x4000, new byte[0]);

        assertThat(relay.next().payload()).isEmpty();
    }

    @Test
    void aSendIndicationReachesThePeerAsAnExactSlice() {
        harness();
        TurnSession bob = h.session("198.51.100.8", 40001, CoreHarness.BOB);
        bob.allocated();
        bob.createPermission(PEER);
        FakeRelayEndpoint bobsRelay = h.relays().opened().get(0);
        ByteBuf indication = TurnRequests.sendIndication(PEER, PAYLOAD).encode();
        try {
            h.core().onStunMessage(h.clock().nanos(), bob.client(), indication, 0, indication.readableBytes());

            assertThat(indication.refCnt()).isEqualTo(2);
        } finally {
            indication.release();
        }
        FakeRelayEndpoint.Datagram sent = bobsRelay.next();
        assertThat(indication.refCnt()).isZero();
        assertThat(sent.peer()).isEqualTo(PEER);
        assertThat(sent.payload()).isEqualTo(PAYLOAD);
        assertThat(bob.client().pending()).as("indications are never answered").isZero();
    }

    @Test
    void aPeerDatagramWithoutAChannelReachesTheClientAsADataIndication() {
        harness();
        alice = h.session("198.51.100.7", 40001, ALICE);
        allocation = alice.allocated();
        alice.createPermission(PEER);

        h.peerDatagram(allocation, PEER, PAYLOAD);
        h.peerDatagram(allocation, PEER, new byte[] {1});

        ReceivedMessage first = alice.client().next();
        assertThat(first.isDataIndication()).isTrue();
        assertThat(first.peerAddress()).isEqualTo(PEER);
        assertThat(first.data()).isEqualTo(PAYLOAD);
        assertThat(first.attributeTypes()).containsExactly(StunAttributeType.XOR_PEER_ADDRESS, StunAttributeType.DATA);
        ReceivedMessage second = alice.client().next();
        assertThat(second.data()).containsExactly(1);
        assertThat(second.transactionId()).isNotEqualTo(first.transactionId());
        assertThat(h.relayedPackets(Direction.TO_CLIENT, TransportProtocol.UDP)).isEqualTo(2);
        assertThat(h.relayedBytes(Direction.TO_CLIENT, TransportProtocol.UDP)).isEqualTo(PAYLOAD.length + 1);
    }

    @Test
    void anIpv6PeerDatagramBecomesADataIndicationWithAnIpv6PeerAddress() {
        dualStack();
        alice = h.session("198.51.100.7", 40001, ALICE);
        assertThat(alice.call(TurnRequests.allocate().additionalFamily(TurnAttributes.FAMILY_IPV6)).isSuccess()).isTrue();
        alice.createPermission(PEER_V6, PEER);

        h.peerDatagram(alice.allocation(), PEER_V6, PAYLOAD);
        alice.sendIndication(PEER_V6, new byte[] {6});
        alice.sendIndication(PEER, new byte[] {4});

        ReceivedMessage indication = alice.client().next();
        assertThat(indication.peerAddress()).isEqualTo(PEER_V6);
        assertThat(indication.data()).isEqualTo(PAYLOAD);
        // Each peer is served from the relay of its own family.
        FakeRelayEndpoint v4 = h.relays().at(alice.allocation().relayedAddressV4());
        FakeRelayEndpoint v6 = h.relays().at(alice.allocation().relayedAddressV6());
        assertThat(v6.next().payload()).containsExactly(6);
        assertThat(v4.next().payload()).containsExactly(4);
    }

    @Test
    void aPeerDatagramOnABoundChannelReachesAUdpClientAsUnpaddedChannelData() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);

        h.peerDatagram(allocation, PEER, new byte[] {1, 2, 3, 4, 5});

        ReceivedMessage message = alice.client().next();
        assertThat(message.isChannelData()).isTrue();
        assertThat(message.channelNumber()).isEqualTo(0x4000);
        assertThat(message.channelPayload()).containsExactly(1, 2, 3, 4, 5);
        assertThat(message.length()).isEqualTo(4 + 5);
    }

    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 1199})
    void onAStreamTransportChannelDataIsPaddedToFourBytes(int size) {
        harness();
        allocateWithChannel(TransportProtocol.TCP);
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);

        h.peerDatagram(allocation, PEER, data);

        ReceivedMessage message = alice.client().next();
        assertThat(message.channelPayload()).isEqualTo(data);
        int padded = (size + 3) & ~3;
        assertThat(message.length()).isEqualTo(4 + padded);
        assertThat(Arrays.copyOfRange(message.bytes(), 4 + size, 4 + padded)).isEqualTo(new byte[padded - size]);
        assertThat(h.relayedPackets(Direction.TO_CLIENT, TransportProtocol.TCP)).isEqualTo(1);
    }

    @Test
    void channelDataFromATcpClientIsRelayed() {
        harness();
        allocateWithChannel(TransportProtocol.TCP);

        // The stream decoder hands over the frame without its padding.
        h.channelData(alice.client(), TurnRequests.channelData(0x4000, new byte[] {9, 8, 7}, false));

        assertThat(relay.next().payload()).containsExactly(9, 8, 7);
        assertThat(h.relayedPackets(Direction.TO_PEER, TransportProtocol.TCP)).isEqualTo(1);
    }

    @Test
    void aPeerOnAnotherPortOfAChannelsIpGetsADataIndication() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);
        InetSocketAddress otherPort = new InetSocketAddress(PEER.getAddress(), PEER.getPort() + 1);

        h.peerDatagram(allocation, otherPort, new byte[] {1});

        ReceivedMessage message = alice.client().next();
        assertThat(message.isDataIndication()).isTrue();
        assertThat(message.peerAddress()).isEqualTo(otherPort);
    }

    @Test
    void withoutAPermissionNothingIsRelayedEitherWay() {
        harness();
        alice = h.session("198.51.100.7", 40001, ALICE);
        allocation = alice.allocated();
        alice.createPermission(PEER);
        relay = h.relays().opened().get(0);

        h.peerDatagram(allocation, PEER_2, new byte[] {1});
        alice.sendIndication(PEER_2, new byte[] {2});

        assertThat(alice.client().pending()).isZero();
        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_PERMISSION)).isEqualTo(2);
    }

    @Test
    void channelDataOnAnUnboundChannelIsDropped() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);

        alice.channelData(0x4001, new byte[] {1});

        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_CHANNEL)).isEqualTo(1);
    }

    @Test
    void channelDataAndSendWithoutAnAllocationAreDropped() {
        harness();
        FakeTurnClient stranger = h.udpClient("198.51.100.99", 40001);

        h.channelData(stranger, 0x4000, new byte[] {1});
        h.deliver(stranger, TurnRequests.sendIndication(PEER, new byte[] {2}).encode());

        assertThat(stranger.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_NO_ALLOCATION)).isEqualTo(2);
    }

    @Test
    void channelDataShorterThanItsLengthFieldIsDropped() {
        harness();
        allocateWithChannel(TransportProtocol.UDP);
        ByteBuf truncated = Unpooled.buffer(9).writeShort(0x4000).writeShort(10).writeBytes(new byte[5]);

        h.channelData(alice.client(), truncated);

        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 2, 3})
    void channelDataShorterThanItsHeaderIsDropped(int length) {
        harness();
        allocateWithChannel(TransportProtocol.UDP);
        ByteBuf stub = Unpooled.buffer(length).writeBytes(new byte[] {0x40, 0x00, 0x00}, 0, length);

        h.channelData(alice.client(), stub);

        assertThat(relay.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(1);
    }

    @Test
    void aSendIndicationWithoutDataOrPeerIsDropped() {
        harness();
        alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        alice.createPermission(PEER);

        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.SEND_INDICATION).peer(PEER).encode());
        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.SEND_INDICATION).data(PAYLOAD).encode());
        h.deliver(alice.client(), TurnRequests.sendIndication(PEER, PAYLOAD).attribute(0x0033, new byte[4]).encode());

        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(alice.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(3);
    }

    @Test
    void aSendIndicationToAPeerOfAnotherFamilyIsDropped() {
        harness();
        alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        alice.sendIndication(PEER_V6, PAYLOAD);

        assertThat(h.count(TurnEvent.DROP_FAMILY_MISMATCH)).isEqualTo(1);
    }

    @Test
    void theBandwidthCapDropsTheExcessAndRefillsWithTime() {
        harness(b -> b.maxBytesPerSecond(1000));
        allocateWithChannel(TransportProtocol.UDP);
        byte[] chunk = new byte[600];

        alice.channelData(0x4000, chunk);
        alice.channelData(0x4000, chunk);
        h.peerDatagram(allocation, PEER, chunk);
        h.peerDatagram(allocation, PEER, chunk);

        // One second's worth is the bucket: 600 fits, the next 600 does not, in each direction.
        assertThat(relay.pending()).isEqualTo(1);
        assertThat(alice.client().pending()).isEqualTo(1);
        assertThat(h.count(TurnEvent.DROP_BANDWIDTH)).isEqualTo(2);

        h.advance(Duration.ofMillis(199));
        alice.channelData(0x4000, chunk);
        assertThat(relay.pending()).as("400 + 199 bytes of credit is not 600").isEqualTo(1);

        h.advance(Duration.ofMillis(1));
        alice.channelData(0x4000, chunk);
        alice.sendIndication(PEER, new byte[1]);
        h.peerDatagram(allocation, PEER, new byte[400]);
        assertThat(relay.pending()).isEqualTo(2);
        assertThat(alice.client().pending()).isEqualTo(2);
        assertThat(h.count(TurnEvent.DROP_BANDWIDTH)).isEqualTo(4);
    }

    @Test
    void anOversizedPeerDatagramIsDroppedRatherThanSentAsAnIndication() {
        harness();
        alice = h.session("198.51.100.7", 40001, ALICE);
        allocation = alice.allocated();
        alice.createPermission(PEER);

        h.peerDatagram(allocation, PEER, new byte[0xFFFF - 63]);

        assertThat(alice.client().pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_OVERSIZED)).isEqualTo(1);
    }
}
