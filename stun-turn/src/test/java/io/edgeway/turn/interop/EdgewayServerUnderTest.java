package io.edgeway.turn.interop;

import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.netty.TurnServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Edgeway's TURN server started in this JVM on loopback, every listener on an ephemeral port, loopback
 * peers opened by the allow-list (they are denied by default). Runs the real Netty transports, so the
 * test JVM's leak detector also watches the server's buffers.
 */
final class EdgewayServerUnderTest implements TurnServerUnderTest {

    private static final int MIN_RELAY_PORT = 61000;
    private static final int MAX_RELAY_PORT = 61999;

    private final TurnServer server;

    private EdgewayServerUnderTest(TurnServer server) {
        this.server = server;
    }

    static EdgewayServerUnderTest start(LoopbackCertificate tls, boolean rfc5766ChannelNumbers) throws Exception {
        TurnServerConfig.Builder config = TurnServerConfig.builder()
                .listeningIps(List.of(LoopbackPorts.LOOPBACK))
                .listeningPort(0)
                .tlsListeningPort(0)
                .relayIps(List.of(LoopbackPorts.LOOPBACK))
                .minPort(MIN_RELAY_PORT)
                .maxPort(MAX_RELAY_PORT)
                .realm(InteropCredentials.REALM)
                .staticUsers(Map.of(InteropCredentials.STATIC_USER, InteropCredentials.STATIC_PASSWORD))
                .authSecrets(List.of(InteropCredentials.REST_SECRET))
                .allowedPeerRanges(List.of("127.0.0.0/8"))
                .rfc5766ChannelNumbers(rfc5766ChannelNumbers);
        if (tls != null) {
            config.certificateFile(tls.certificatePem()).privateKeyFile(tls.privateKeyPem());
        }
        return new EdgewayServerUnderTest(TurnServer.start(config.build()));
    }

    @Override
    public String name() {
        return "edgeway";
    }

    @Override
    public InetSocketAddress address(TurnTransport transport, CredentialKind credentials) {
        List<InetSocketAddress> bound = switch (transport) {
            case UDP -> server.udpAddresses();
            case TCP -> server.tcpAddresses();
            case TLS -> server.tlsAddresses();
        };
        if (bound.isEmpty()) {
            throw new AssertionError("Edgeway has no " + transport + " listener");
        }
        return bound.get(0);
    }

    @Override
    public int minRelayPort() {
        return MIN_RELAY_PORT;
    }

    @Override
    public int maxRelayPort() {
        return MAX_RELAY_PORT;
    }

    @Override
    public void close() {
        server.close();
    }
}
