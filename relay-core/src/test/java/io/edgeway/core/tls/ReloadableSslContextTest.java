package io.edgeway.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class ReloadableSslContextTest {

    @Test
    void afterReplaceNewConnectionsGetTheNewCertificateAndOpenOnesCarryOn() throws Exception {
        TlsMaterial first = SelfSignedCertificates.generate("first", List.of("127.0.0.1"), Duration.ofDays(1));
        TlsMaterial second = SelfSignedCertificates.generate("second", List.of("127.0.0.1"), Duration.ofDays(1));
        ReloadableSslContext tls = new ReloadableSslContext(first);
        // One client context for both connections, as a real client reconnecting would have.
        SSLContext client = TlsTestClient.trusting(first.certificate(), second.certificate());

        try (TlsEchoServer server = new TlsEchoServer(tls);
                SSLSocket before = TlsTestClient.connect(client, server.port())) {
            assertThat(TlsTestClient.peerCertificate(before)).isEqualTo(first.certificate());
            assertThat(TlsTestClient.echo(before, 1)).isEqualTo(1);

            tls.replace(second);

            assertThat(tls.material()).isSameAs(second);
            try (SSLSocket after = TlsTestClient.connect(client, server.port())) {
                assertThat(TlsTestClient.peerCertificate(after)).isEqualTo(second.certificate());
                assertThat(TlsTestClient.echo(after, 2)).isEqualTo(2);
            }
            assertThat(TlsTestClient.echo(before, 3)).as("connection from before the replace").isEqualTo(3);
            assertThat(TlsTestClient.peerCertificate(before)).isEqualTo(first.certificate());
        }
    }

    @Test
    void currentAndMaterialChangeTogether() throws Exception {
        TlsMaterial first = SelfSignedCertificates.generate("first", List.of(), Duration.ofDays(1));
        TlsMaterial second = SelfSignedCertificates.generate("second", List.of(), Duration.ofDays(1));
        ReloadableSslContext tls = new ReloadableSslContext(first);
        var firstContext = tls.current();

        assertThat(tls.material()).isSameAs(first);
        assertThat(tls.current()).isSameAs(firstContext);

        tls.replace(second);

        assertThat(tls.material()).isSameAs(second);
        assertThat(tls.current()).isNotSameAs(firstContext);
        assertThat(tls.current().isServer()).isTrue();
    }

    @Test
    void aContextWithAnotherAlpnListFollowsEveryReplace() throws Exception {
        TlsMaterial first = SelfSignedCertificates.generate("first", List.of(), Duration.ofDays(1));
        TlsMaterial second = SelfSignedCertificates.generate("second", List.of(), Duration.ofDays(1));
        ReloadableSslContext turn = new ReloadableSslContext(first);
        ReloadableSslContext shared = turn.withAlpn(List.of("stun.turn", "h2", "http/1.1"));

        assertThat(turn.alpnIds()).isEqualTo(ServerTlsContexts.ALPN_PROTOCOLS);
        assertThat(shared.material()).isSameAs(first);
        assertThat(shared.current().applicationProtocolNegotiator().protocols())
                .containsExactly("stun.turn", "h2", "http/1.1");

        turn.replace(second);

        assertThat(shared.material()).as("the follower serves the reloaded certificate").isSameAs(second);
        assertThat(shared.current().applicationProtocolNegotiator().protocols())
                .containsExactly("stun.turn", "h2", "http/1.1");
        assertThat(turn.current().applicationProtocolNegotiator().protocols())
                .containsExactlyElementsOf(ServerTlsContexts.ALPN_PROTOCOLS);
    }
}
