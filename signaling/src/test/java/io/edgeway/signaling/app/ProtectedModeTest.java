package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Protected mode (issue #10): with open sessions on, which the embedded defaults turn on, anyone who
 * reaches the ports may join any meeting and take TURN credentials, so the listeners bind loopback only
 * unless {@code expose-open-sessions} asks otherwise. Before the fix the first command listened on every
 * interface. The network-namespace test {@code ProtectedModeNamespaceIT} shows the same with the real
 * process and a second host.
 */
class ProtectedModeTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void theFirstCommandServesLoopbackOnly() {
        EdgewayConfig c = Loading.valid();

        assertThat(c.protectedMode()).isTrue();
        assertThat(c.get(ConfigKeys.LISTENING_IP)).containsExactly(LOOPBACK);
        assertThat(c.httpListeningIps()).containsExactly(LOOPBACK);
        assertThat(c.toTurnServerConfig().listeningIps()).containsExactly(LOOPBACK);
    }

    @Test
    void anAddressBeyondLoopbackMustBeAskedForExplicitly() {
        List<String> problems = Loading.problems("--listening-ip", "0.0.0.0");
        assertThat(problems).singleElement().asString()
                .startsWith("listening-ip: 0.0.0.0 is not a loopback address, and open sessions are on")
                .contains("expose-open-sessions: true");
        assertThat(Loading.problems("--http-listening-ip", "192.0.2.10")).singleElement().asString()
                .startsWith("http-listening-ip: 192.0.2.10 is not a loopback address");
        assertThat(Loading.problems("--user", "a:b", "--open-sessions=true", "--listening-ip", "::"))
                .as("open sessions turned on by hand are protected the same way").hasSize(1);

        EdgewayConfig exposed = Loading.valid("--listening-ip", "0.0.0.0", "--expose-open-sessions");
        assertThat(exposed.protectedMode()).isFalse();
        assertThat(exposed.httpListeningIps()).extracting(InetAddress::isAnyLocalAddress).containsExactly(true);
        assertThat(Loading.valid("--expose-open-sessions").get(ConfigKeys.LISTENING_IP))
                .as("exposed with no address: every interface, as before").isEmpty();
    }

    @Test
    void loopbackAddressesStayAllowedInProtectedMode() {
        EdgewayConfig c = Loading.valid("--listening-ip", "::1", "--http-listening-ip", "127.0.0.2");
        assertThat(c.protectedMode()).isTrue();
        assertThat(c.httpListeningIps()).containsExactly(ip("127.0.0.2"));
    }

    @Test
    void configuredCredentialsAndNoOpenSessionsAreNotRestricted() {
        EdgewayConfig c = Loading.valid("--user", "alice:secret");
        assertThat(c.get(ConfigKeys.OPEN_SESSIONS)).isFalse();
        assertThat(c.protectedMode()).isFalse();
        assertThat(c.get(ConfigKeys.LISTENING_IP)).isEmpty();
        assertThat(Loading.valid("--listening-ip", "192.0.2.1", "--open-sessions=false").protectedMode()).isFalse();
    }

    @Test
    void listeningIpGivenAloneAlsoGovernsTheHttpPort() {
        EdgewayConfig c = Loading.valid("--user", "alice:secret", "--listening-ip", "192.0.2.1");
        assertThat(c.httpListeningIps()).containsExactly(ip("192.0.2.1"));

        EdgewayConfig both = Loading.valid("--user", "alice:secret", "--listening-ip", "192.0.2.1",
                "--http-listening-ip", "127.0.0.1");
        assertThat(both.httpListeningIps()).containsExactly(LOOPBACK);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
