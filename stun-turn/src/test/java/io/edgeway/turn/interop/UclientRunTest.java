package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The uclient flags each case maps to, checked against {@code turnutils_uclient -h} of coturn 4.6. */
class UclientRunTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress(LoopbackPorts.LOOPBACK, 3478);
    private static final InetSocketAddress PEER = new InetSocketAddress(LoopbackPorts.LOOPBACK, 3480);

    @Test
    void tlsWithSendIndicationsAndAStaticUser() {
        UclientRun run = new UclientRun("x", TurnTransport.TLS, RelayMode.SEND_INDICATION, CredentialKind.STATIC_USER,
                SERVER, PEER, new InteropCredentials.Credential("alice", "pw"), 2, 40, 120, 20);

        assertThat(run.arguments()).containsExactly(
                "-t", "-S", "-s", "-c", "-u", "alice", "-w", "pw", "-e", "127.0.0.1", "-r", "3480",
                "-p", "3478", "-m", "2", "-n", "40", "-l", "120", "-z", "20", "127.0.0.1");
        assertThat(run.expectedMessages()).isEqualTo(80);
        assertThat(run.name()).isEqualTo("x-tls-send-indication-static-user");
    }

    @Test
    void udpChannelDataWithARestSecret() {
        UclientRun run = new UclientRun("x", TurnTransport.UDP, RelayMode.CHANNEL_DATA, CredentialKind.REST_SECRET,
                SERVER, PEER, new InteropCredentials.Credential("bob", "secret"), 1, 5, 100, 5);

        assertThat(run.arguments()).startsWith("-c", "-u", "bob", "-W", "secret");
    }
}
