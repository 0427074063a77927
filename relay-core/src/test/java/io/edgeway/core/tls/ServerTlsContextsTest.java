package io.edgeway.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerTlsContextsTest {

    private TlsMaterial material;
    private TlsEchoServer server;
    private SSLContext client;

    @BeforeEach
    void start() throws Exception {
        material = SelfSignedCertificates.generate("edge", List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        server = new TlsEchoServer(new ReloadableSslContext(material));
        client = TlsTestClient.trusting(material.certificate());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void contextIsAServerContextWithThePolicyProtocolsAndSuitesAndNoClientAuth() throws Exception {
        SslContext context = ServerTlsContexts.forServer(material);
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);

        assertThat(context.isServer()).isTrue();
        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getEnabledProtocols()).containsExactlyElementsOf(ServerTlsContexts.PROTOCOLS);
        assertThat(engine.getEnabledCipherSuites())
                .isSubsetOf(ServerTlsContexts.CIPHER_SUITES)
                .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(engine.getNeedClientAuth()).isFalse();
        assertThat(engine.getWantClientAuth()).isFalse();
    }

    @Test
    void aDefaultClientNegotiatesTls13AndSeesTheCertificate() throws Exception {
        try (SSLSocket socket = TlsTestClient.connect(client, server.port())) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(ServerTlsContexts.CIPHER_SUITES).contains(socket.getSession().getCipherSuite());
            assertThat(TlsTestClient.peerCertificate(socket)).isEqualTo(material.certificate());
            assertThat(TlsTestClient.echo(socket, 0x42)).isEqualTo(0x42);
        }
    }

    @Test
    void aTls12OnlyClientIsServedWithEcdheAndAnAeadCipher() throws Exception {
        try (SSLSocket socket = TlsTestClient.connect(client, server.port(),
                parameters -> parameters.setProtocols(new String[] {"TLSv1.2"}))) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(socket.getSession().getCipherSuite())
                    .startsWith("TLS_ECDHE_ECDSA_WITH_")
                    .containsAnyOf("_GCM_", "_CHACHA20_POLY1305_");
            assertThat(TlsTestClient.echo(socket, 7)).isEqualTo(7);
        }
    }

    @Test
    void aTls11ClientHelloIsAnsweredWithAProtocolVersionAlert() throws Exception {
        // The JDK client cannot offer TLS 1.1 any more (disabled in java.security), so the hello is
        // written by hand: the server, not the client, must be the one that refuses.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] alert = in.readNBytes(7);

            // RFC 5246 §6.2.1 record header: type 21 (alert), version, length 2; §7.2 alert: level 2
            // (fatal), description 70 (protocol_version); RFC 8446 §6.2 same codes.
            assertThat(alert).hasSize(7);
            assertThat(alert[0]).as("record type alert").isEqualTo((byte) 21);
            assertThat(alert[5]).as("fatal").isEqualTo((byte) 2);
            assertThat(alert[6]).as("protocol_version").isEqualTo((byte) 70);
            assertThat(in.read()).as("connection closed after the alert").isEqualTo(-1);
        }
    }

    @Test
    void aClientOfferingOnlyCbcSuitesIsRefused() {
        assertThatThrownBy(() -> TlsTestClient.connect(client, server.port(), parameters -> {
            parameters.setProtocols(new String[] {"TLSv1.2"});
            parameters.setCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
        })).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void anRsaCertificateIsServedWithEcdheRsa() throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        X509Certificate certificate = TestPki.selfIssued("rsa", rsa);
        TlsMaterial rsaMaterial = TlsMaterial.of(List.of(certificate), rsa.getPrivate(), "test");
        try (TlsEchoServer rsaServer = new TlsEchoServer(new ReloadableSslContext(rsaMaterial));
                SSLSocket socket = TlsTestClient.connect(TlsTestClient.trusting(certificate), rsaServer.port(),
                        parameters -> parameters.setProtocols(new String[] {"TLSv1.2"}))) {
            assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_RSA_WITH_");
            assertThat(TlsTestClient.peerCertificate(socket)).isEqualTo(certificate);
            assertThat(TlsTestClient.echo(socket, 1)).isEqualTo(1);
        }
    }

    @Test
    void alpnSelectsStunTurnWhenOffered() throws Exception {
        try (SSLSocket socket = TlsTestClient.connect(client, server.port(),
                parameters -> parameters.setApplicationProtocols(new String[] {"h2", "stun.turn"}))) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("stun.turn");
        }
    }

    @Test
    void alpnWithoutAStunNameStillConnects() throws Exception {
        try (SSLSocket socket = TlsTestClient.connect(client, server.port(),
                parameters -> parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"}))) {
            assertThat(socket.getApplicationProtocol()).isEmpty();
            assertThat(TlsTestClient.echo(socket, 3)).isEqualTo(3);
        }
    }

    /** A minimal TLS 1.1 ClientHello (RFC 4346 §7.4.1.2) with no extensions. */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(2); // client_version TLS 1.1
        body.writeBytes(new byte[32]); // random
        body.write(0); // session_id length
        body.writeBytes(new byte[] {0, 4, (byte) 0xC0, 0x09, 0x00, 0x2F}); // ECDHE_ECDSA/RSA AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // compression: null
        byte[] hello = body.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 1}); // handshake record, version TLS 1.0 as in real hellos
        record.write((hello.length + 4) >> 8);
        record.write((hello.length + 4) & 0xFF);
        record.write(1); // client_hello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length & 0xFF);
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
