package io.edgeway.turn.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnCounters.Direction;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.core.TurnRequests;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Netty {@link TurnServer} on 127.0.0.1 with ephemeral ports, driven by a small blocking
 * client ({@link LoopbackTurnClient}) and a {@link DatagramSocket} peer: full Allocate, CreatePermission,
 * ChannelBind and relay round trips over UDP and TCP, Send/Data indications, garbage on both
 * transports, and teardown. The allow-list opens 127.0.0.0/8, which the default policy denies.
 *
 * <p>Named *Test so surefire runs it (this module has no failsafe execution). Waits use Awaitility only
 * for state another thread updates (counters, allocation counts); nothing sleeps.
 */
class TurnServerLoopbackTest {

    private static final String REALM = "edgeway.loopback";
    private static final TurnRequests.Credentials ALICE = new TurnRequests.Credentials("alice", "alice-pass", REALM);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int CHANNEL = 0x4000;

    private TurnServer server;
    private DatagramSocket peer;
    private InetSocketAddress peerAddress;

    @BeforeEach
    void start() throws Exception {
        TurnServerConfig config = TurnServerConfig.builder()
                .listeningIps(List.of(LOOPBACK))
                .listeningPort(0)
                .udpEnabled(true)
                .tcpEnabled(true)
                .tlsEnabled(false)
                .eventLoopThreads(2)
                .socketReceiveBufferBytes(256 * 1024)
                .socketSendBufferBytes(256 * 1024)
                .relayIps(List.of(LOOPBACK))
                // Below the kernel's ephemeral range (32768-60999 here), so the listener's and the peer's
                // kernel-chosen ports never land in the relay range.
                .minPort(20000)
                .maxPort(29999)
                .realm(REALM)
                .staticUsers(Map.of("alice", "alice-pass"))
                .allowedPeerRanges(List.of("127.0.0.0/8"))
                .build();
        server = TurnServer.start(config);
        peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(3000);
        peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress udpListener() {
        return server.udpAddresses().get(0);
    }

    private InetSocketAddress tcpListener() {
        return server.tcpAddresses().get(0);
    }

    private DatagramPacket peerReceive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        peer.receive(packet);
        return packet;
    }

    private void peerSend(byte[] data, InetSocketAddress to) throws IOException {
        peer.send(new DatagramPacket(data, data.length, to));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Allocate, permission, channel, then one datagram each way through the channel. */
    private void channelRoundTrip(LoopbackTurnClient client, String out, String back) throws IOException {
        InetSocketAddress relayed = client.allocate();
        assertThat(relayed.getAddress()).isEqualTo(LOOPBACK);
        assertThat(relayed.getPort()).isBetween(20000, 29999);
        client.createPermission(peerAddress);
        client.channelBind(CHANNEL, peerAddress);

        client.channelData(CHANNEL, ascii(out));
        DatagramPacket atPeer = peerReceive();
        assertThat(Arrays.copyOf(atPeer.getData(), atPeer.getLength())).isEqualTo(ascii(out));
        assertThat(atPeer.getSocketAddress()).isEqualTo(relayed);

        peerSend(ascii(back), relayed);
        byte[] frame = client.receiveRaw();
        ReceivedMessage atClient = ReceivedMessage.of(frame);
        assertThat(atClient.isChannelData()).isTrue();
        assertThat(atClient.channelNumber()).isEqualTo(CHANNEL);
        assertThat(atClient.channelPayload()).isEqualTo(ascii(back));
        int padded = client.isStream() ? (back.length() + 3) & ~3 : back.length();
        assertThat(frame).hasSize(4 + padded);
        assertThat(Arrays.copyOfRange(frame, 4 + back.length(), frame.length)).isEqualTo(new byte[padded - back.length()]);
    }

    @Test
    void udpChannelRoundTrip() throws Exception {
        try (LoopbackTurnClient client = LoopbackTurnClient.udp(udpListener(), ALICE)) {
            channelRoundTrip(client, "hello peer", "hello client");
        }
        await().atMost(WAIT).until(() -> server.relayedPackets(Direction.TO_PEER, TransportProtocol.UDP) == 1
                && server.relayedPackets(Direction.TO_CLIENT, TransportProtocol.UDP) == 1);
        assertThat(server.count(TurnEvent.ALLOCATION_CREATED)).isEqualTo(1);
        assertThat(server.count(TurnEvent.CHANNEL_BOUND)).isEqualTo(1);
    }

    @Test
    void tcpChannelRoundTripWithPaddedChannelData() throws Exception {
        try (LoopbackTurnClient client = LoopbackTurnClient.tcp(tcpListener(), ALICE)) {
            // Odd lengths both ways, so padding is needed in both directions.
            channelRoundTrip(client, "odd", "seven!!");

            // Two padded frames in one TCP write are split correctly.
            byte[] first = LoopbackTurnClient.channelDataFrame(CHANNEL, ascii("one"), true);
            byte[] second = LoopbackTurnClient.channelDataFrame(CHANNEL, ascii("three"), true);
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            client.sendRaw(both);
            DatagramPacket one = peerReceive();
            DatagramPacket three = peerReceive();
            assertThat(new String(one.getData(), 0, one.getLength(), StandardCharsets.US_ASCII)).isEqualTo("one");
            assertThat(new String(three.getData(), 0, three.getLength(), StandardCharsets.US_ASCII)).isEqualTo("three");
        }
        await().atMost(WAIT).until(() -> server.relayedPackets(Direction.TO_PEER, TransportProtocol.TCP) == 3);
    }

    @Test
    void sendAndDataIndicationRoundTrip() throws Exception {
        try (LoopbackTurnClient client = LoopbackTurnClient.udp(udpListener(), ALICE)) {
            InetSocketAddress relayed = client.allocate();
            client.createPermission(peerAddress);

            client.sendIndication(peerAddress, ascii("via send"));
            DatagramPacket atPeer = peerReceive();
            assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.US_ASCII)).isEqualTo("via send");
            assertThat(atPeer.getSocketAddress()).isEqualTo(relayed);

            peerSend(ascii("via data"), relayed);
            ReceivedMessage indication = client.receive();
            assertThat(indication.isDataIndication()).isTrue();
            assertThat(indication.peerAddress()).isEqualTo(peerAddress);
            assertThat(indication.data()).isEqualTo(ascii("via data"));
        }
    }

    @Test
    void aPeerWithoutPermissionIsNotRelayed() throws Exception {
        try (LoopbackTurnClient client = LoopbackTurnClient.udp(udpListener(), ALICE);
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            InetSocketAddress relayed = client.allocate();
            client.createPermission(new InetSocketAddress("127.0.0.2", 9));

            stranger.send(new DatagramPacket(new byte[] {1}, 1, relayed));
            await().atMost(WAIT).until(() -> server.count(TurnEvent.DROP_NO_PERMISSION) == 1);

            // The client got nothing: its next message is the answer to its next request.
            ReceivedMessage answer = client.exchange(TurnRequests.binding());
            assertThat(answer.isSuccess()).isTrue();
        }
    }

    @Test
    void garbageDatagramsAreDroppedAndCountedWhileAnotherClientKeepsRelaying() throws Exception {
        try (LoopbackTurnClient client = LoopbackTurnClient.udp(udpListener(), ALICE);
                DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            channelRoundTrip(client, "before", "garbage");

            byte[][] garbage = {
                    {(byte) 0xFF, (byte) 0xFF, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8},   // neither STUN nor ChannelData
                    {0x00, 0x01, 0x00},                                          // shorter than any header
                    new byte[40],                                                // STUN-shaped, no magic cookie
            };
            for (byte[] bytes : garbage) {
                attacker.send(new DatagramPacket(bytes, bytes.length, udpListener()));
            }
            await().atMost(WAIT).until(() -> server.count(TurnEvent.DROP_MALFORMED) == 3);

            client.channelData(CHANNEL, ascii("after"));
            DatagramPacket atPeer = peerReceive();
            assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.US_ASCII)).isEqualTo("after");
            assertThat(client.exchange(TurnRequests.binding()).isSuccess()).isTrue();
        }
    }

    @Test
    void tcpGarbageClosesOnlyThatConnection() throws Exception {
        try (LoopbackTurnClient good = LoopbackTurnClient.tcp(tcpListener(), ALICE);
                LoopbackTurnClient bad = LoopbackTurnClient.tcp(tcpListener(), ALICE)) {
            good.allocate();
            good.createPermission(peerAddress);

            bad.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 4, 1, 2, 3, 4});

            assertThat(bad.closedByServer()).isTrue();
            await().atMost(WAIT).until(() -> server.count(TurnEvent.DROP_MALFORMED) == 1);
            good.sendIndication(peerAddress, ascii("still here"));
            DatagramPacket atPeer = peerReceive();
            assertThat(new String(atPeer.getData(), 0, atPeer.getLength(), StandardCharsets.US_ASCII)).isEqualTo("still here");
            assertThat(server.allocationCount()).isEqualTo(1);
        }
    }

    @Test
    void closingATcpConnectionDeletesItsAllocation() throws Exception {
        InetSocketAddress relayed;
        try (LoopbackTurnClient client = LoopbackTurnClient.tcp(tcpListener(), ALICE)) {
            relayed = client.allocate();
            assertThat(server.allocationCount()).isEqualTo(1);
        }

        await().atMost(WAIT).until(() -> server.allocationCount() == 0);
        assertThat(server.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(1);
        assertThat(server.context().quotas().active()).isZero();
        // The relay socket is closed: its port can be bound again.
        await().atMost(WAIT).until(() -> canBind(relayed));
    }

    @Test
    void closeReleasesEverything() throws Exception {
        InetSocketAddress udpRelayed;
        InetSocketAddress tcpRelayed;
        InetSocketAddress tcp = tcpListener();
        try (LoopbackTurnClient udpClient = LoopbackTurnClient.udp(udpListener(), ALICE);
                LoopbackTurnClient tcpClient = LoopbackTurnClient.tcp(tcp, ALICE)) {
            udpRelayed = udpClient.allocate();
            tcpRelayed = tcpClient.allocate();
            assertThat(server.allocationCount()).isEqualTo(2);

            server.close();
            server.close();
            assertThat(tcpClient.closedByServer()).isTrue();
        }
        assertThat(server.context().quotas().active()).isZero();
        assertThat(server.count(TurnEvent.ALLOCATION_DELETED)).isEqualTo(2);
        assertThat(canBind(udpRelayed)).isTrue();
        assertThat(canBind(tcpRelayed)).isTrue();
        assertThatThrownBy(() -> new Socket().connect(tcp, 1000)).isInstanceOf(IOException.class);
    }

    private static boolean canBind(InetSocketAddress address) {
        try (DatagramSocket socket = new DatagramSocket(address)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
