package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ice4j, an independent ICE/TURN client, takes a relay candidate from the server under test with
 * long-term credentials, and data crosses the relay both ways to a plain {@link DatagramSocket} peer.
 *
 * <p>ice4j's relayed socket chooses the data path by payload: a STUN-shaped datagram (what ICE
 * connectivity checks look like) goes out after CreatePermission in a Send indication; the first
 * non-STUN datagram makes it ChannelBind and then use ChannelData. Both phases run here, so both
 * paths and their return paths (Data indication, ChannelData) are exercised.
 *
 * <p>ice4j's host harvester skips loopback interfaces, so the host candidate is built by hand on
 * 127.0.0.1 and the TURN harvester is run on it directly, with no other network involved.
 */
class Ice4jTurnIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int CHANNEL_MESSAGES = 20;

    private static TurnServerUnderTest server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TurnServerUnderTest.start("ice4j", null, false);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(CredentialKind.class)
    void relayCandidateCarriesDataBothWays(CredentialKind kind) throws Exception {
        InteropCredentials.Credential credential = InteropCredentials.of(kind, Duration.ofHours(1));
        InetSocketAddress turn = server.address(TurnTransport.UDP, kind);
        Agent agent = new Agent();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0))) {
            peer.setSoTimeout((int) WAIT.toMillis());
            Component component = componentWithLoopbackHost(agent);
            HostCandidate host = (HostCandidate) component.getLocalCandidates().get(0);

            TurnCandidateHarvester harvester = new TurnCandidateHarvester(
                    new TransportAddress(turn, Transport.UDP),
                    new LongTermCredential(credential.username(), credential.password()));
            Collection<LocalCandidate> harvested = harvester.harvest(component);

            RelayedCandidate relayed = harvested.stream()
                    .filter(RelayedCandidate.class::isInstance).map(RelayedCandidate.class::cast)
                    .findFirst().orElseThrow(() -> new AssertionError(server.name()
                            + " gave ice4j no relay candidate for " + kind + "; harvested " + harvested));
            TransportAddress relayAddress = relayed.getTransportAddress();
            assertThat(relayed.getType()).isEqualTo(CandidateType.RELAYED_CANDIDATE);
            assertThat(relayAddress.getAddress()).isEqualTo(LoopbackPorts.LOOPBACK);
            assertThat(relayAddress.getPort()).isBetween(server.minRelayPort(), server.maxRelayPort());
            // The Allocate response's XOR-MAPPED-ADDRESS: on loopback, the host socket itself.
            assertThat(relayed.getMappedAddress()).isEqualTo(host.getTransportAddress());

            IceSocketWrapper relaySocket = relayed.getCandidateIceSocketWrapper();
            RelayReader reader = new RelayReader(relaySocket);
            try {
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

                // Phase 1: STUN-shaped payload -> CreatePermission + Send indication; reply as Data indication.
                byte[] stunShaped = bindingIndication();
                relaySocket.send(new DatagramPacket(stunShaped, stunShaped.length, peerAddress));
                DatagramPacket atPeer = receive(peer);
                assertThat(atPeer.getSocketAddress()).isEqualTo(relayAddress);
                assertThat(payload(atPeer)).isEqualTo(stunShaped);
                byte[] reply = "reply-to-send-indication".getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(reply, reply.length, relayAddress));
                DatagramPacket atClient = reader.next(WAIT);
                assertThat(atClient.getSocketAddress()).isEqualTo(peerAddress);
                assertThat(payload(atClient)).isEqualTo(reply);

                // Phase 2: plain payloads -> ChannelBind + ChannelData; replies come back on the channel.
                Set<String> sent = new HashSet<>();
                for (int i = 0; i < CHANNEL_MESSAGES; i++) {
                    byte[] data = ("ice4j-channel-" + i).getBytes(StandardCharsets.US_ASCII);
                    sent.add(new String(data, StandardCharsets.US_ASCII));
                    relaySocket.send(new DatagramPacket(data, data.length, peerAddress));
                }
                Set<String> atPeerSide = new HashSet<>();
                for (int i = 0; i < CHANNEL_MESSAGES; i++) {
                    DatagramPacket p = receive(peer);
                    assertThat(p.getSocketAddress()).isEqualTo(relayAddress);
                    String text = new String(payload(p), StandardCharsets.US_ASCII);
                    atPeerSide.add(text);
                    byte[] echo = ("echo:" + text).getBytes(StandardCharsets.US_ASCII);
                    peer.send(new DatagramPacket(echo, echo.length, relayAddress));
                }
                assertThat(atPeerSide).isEqualTo(sent);
                Set<String> echoed = new HashSet<>();
                for (int i = 0; i < CHANNEL_MESSAGES; i++) {
                    DatagramPacket p = reader.next(WAIT);
                    assertThat(p.getSocketAddress()).isEqualTo(peerAddress);
                    echoed.add(new String(payload(p), StandardCharsets.US_ASCII));
                }
                assertThat(echoed).containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(s -> "echo:" + s).toList());
            } finally {
                relaySocket.close();
                reader.join();
            }
        } finally {
            agent.free();
        }
    }

    /**
     * An ICE component with exactly one host candidate, a UDP socket on 127.0.0.1, registered with the
     * agent's STUN stack the way ice4j's host harvester registers its own.
     */
    private static Component componentWithLoopbackHost(Agent agent) throws IOException {
        // No dynamic host harvesting (it would bind every non-loopback interface); no trickle harvest.
        agent.setUseDynamicPorts(false);
        agent.setTrickling(true);
        IceMediaStream stream = agent.createMediaStream("interop");
        Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, LoopbackPorts.LOOPBACK);
        HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
        component.addLocalCandidate(host);
        host.getStunStack().addSocket(host.getStunSocket(null));
        return component;
    }

    /** A STUN Binding indication header (RFC 8489 §5): what ice4j treats as a connectivity check. */
    private static byte[] bindingIndication() {
        byte[] txid = new byte[12];
        new SecureRandom().nextBytes(txid);
        return ByteBuffer.allocate(20).putShort((short) 0x0011).putShort((short) 0).putInt(0x2112A442)
                .put(txid).array();
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        socket.receive(p);
        return p;
    }

    private static byte[] payload(DatagramPacket p) {
        return Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    }

    /**
     * ice4j's relayed socket has no receive timeout, so one thread drains it into a queue the test
     * polls with a deadline; closing the socket ends the thread.
     */
    private static final class RelayReader {
        private final BlockingQueue<DatagramPacket> received = new LinkedBlockingQueue<>();
        private final List<Throwable> failures = new ArrayList<>();
        private final Thread thread;

        RelayReader(IceSocketWrapper socket) {
            thread = new Thread(() -> {
                while (true) {
                    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                    try {
                        socket.receive(p);
                    } catch (SocketException closed) {
                        return;
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                        return;
                    }
                    received.add(p);
                }
            }, "ice4j-relay-reader");
            thread.setDaemon(true);
            thread.start();
        }

        DatagramPacket next(Duration wait) throws InterruptedException {
            DatagramPacket p = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (p == null) {
                synchronized (failures) {
                    throw new AssertionError("nothing arrived on the relayed socket within " + wait.toSeconds()
                            + " s from the " + server.name() + " relay; reader failures: " + failures);
                }
            }
            return p;
        }

        void join() throws InterruptedException {
            thread.join(WAIT.toMillis());
        }
    }
}
