package io.edgeway.turn.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.core.TurnEvent;
import io.edgeway.turn.core.TurnRequests;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The self-relay rule over real sockets: the TURN server relays on 127.0.0.1 with loopback peers
 * <em>not</em> opened by an allow-list, and another process's UDP socket (here the test's own) is bound on
 * the relay address inside the relay port range. A client may reach a live relay allocation's port, and
 * must not reach that other socket: before issue #10's fix the range alone decided, and the datagram was
 * delivered.
 */
class SelfRelayLoopbackTest {

    private static final String REALM = "edgeway.self-relay";
    private static final TurnRequests.Credentials ALICE = new TurnRequests.Credentials("alice", "alice-pass", REALM);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    // Below the kernel's ephemeral range, so no kernel-chosen port of this JVM lands in it by chance.
    private static final int MIN_PORT = 21000;
    private static final int MAX_PORT = 21099;
    private static final int CHANNEL = 0x4001;

    private TurnServer server;
    private DatagramSocket bystander;

    @BeforeEach
    void start() throws Exception {
        bystander = bindInsideTheRelayRange();
        bystander.setSoTimeout(700);
        server = TurnServer.start(TurnServerConfig.builder()
                .listeningIps(List.of(LOOPBACK))
                .listeningPort(0)
                .udpEnabled(true)
                .tcpEnabled(false)
                .tlsEnabled(false)
                .eventLoopThreads(2)
                .relayIps(List.of(LOOPBACK))
                .minPort(MIN_PORT)
                .maxPort(MAX_PORT)
                .realm(REALM)
                .staticUsers(Map.of("alice", "alice-pass"))
                .build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (bystander != null) {
            bystander.close();
        }
    }

    /** A UDP socket of "another process" on the relay address, at the first free port of the relay range. */
    private static DatagramSocket bindInsideTheRelayRange() throws IOException {
        for (int port = MIN_PORT; port <= MAX_PORT; port++) {
            try {
                return new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
            } catch (BindException taken) {
                // try the next one
            }
        }
        throw new AssertionError("no free UDP port in " + MIN_PORT + "-" + MAX_PORT + " on loopback");
    }

    private InetSocketAddress udpListener() {
        return server.udpAddresses().get(0);
    }

    @Test
    void aClientReachesAnotherAllocationsRelayPortButNotAnotherSocketInTheRange() throws Exception {
        InetSocketAddress other = (InetSocketAddress) bystander.getLocalSocketAddress();
        try (LoopbackTurnClient alice = LoopbackTurnClient.udp(udpListener(), ALICE);
                LoopbackTurnClient bob = LoopbackTurnClient.udp(udpListener(), ALICE)) {
            InetSocketAddress aliceRelay = alice.allocate();
            InetSocketAddress bobRelay = bob.allocate();
            assertThat(bobRelay.getPort()).isBetween(MIN_PORT, MAX_PORT).isNotEqualTo(other.getPort());

            // A permission names an address only, and this is the server's own relay address.
            alice.createPermission(other);
            // ChannelBind to the bystander's port is refused (403), Send to it is dropped.
            ReceivedMessage refused = alice.call(TurnRequests.channelBind(CHANNEL, other));
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
            alice.sendIndication(other, ascii("to a socket that is not a relay"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.count(TurnEvent.DROP_FORBIDDEN_PEER) >= 1);
            assertThat(receivedBy(bystander)).as("the other process's socket heard nothing").isNull();

            // Bob's live relay is reachable: the channel binds and data arrives through his allocation.
            bob.createPermission(aliceRelay);
            alice.channelBind(CHANNEL, bobRelay);
            alice.channelData(CHANNEL, ascii("hello bob"));
            ReceivedMessage atBob = bob.receive();
            assertThat(atBob.isDataIndication()).isTrue();
            assertThat(atBob.data()).isEqualTo(ascii("hello bob"));
        }
    }

    @Test
    void aRelayPortIsClosedAgainWhenItsAllocationEnds() throws Exception {
        InetSocketAddress bobRelay;
        try (LoopbackTurnClient bob = LoopbackTurnClient.udp(udpListener(), ALICE)) {
            bobRelay = bob.allocate();
            ReceivedMessage deleted = bob.call(TurnRequests.refresh().lifetime(0));
            assertThat(deleted.isSuccess()).isTrue();
        }
        try (LoopbackTurnClient alice = LoopbackTurnClient.udp(udpListener(), ALICE)) {
            InetSocketAddress aliceRelay = alice.allocate();
            assertThat(aliceRelay.getPort()).isNotEqualTo(bobRelay.getPort());
            alice.createPermission(bobRelay);
            assertThat(alice.call(TurnRequests.channelBind(CHANNEL, bobRelay)).errorCode())
                    .as("the port of a deleted allocation is no longer a relay")
                    .isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    private static byte[] receivedBy(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(packet);
            return Arrays.copyOf(packet.getData(), packet.getLength());
        } catch (SocketTimeoutException nothing) {
            return null;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
