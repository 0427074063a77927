package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.DtlsTestClient;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.IceTcpConnection;
import io.edgeway.core.media.port.IceTcpCounter;
import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.media.port.MediaPacketHandler;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.RecordingTransportListener;
import io.edgeway.core.sharedport.SharedPortCounter;
import io.edgeway.core.sharedport.SharedPortListener;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ICE-TCP through a shared port: a connection accepted on another event loop, recognised by its RFC 4571
 * frame holding a STUN check, is moved to the media port's loop and adopted by the ICE-TCP listener, so
 * the check is answered, the TCP pair selected and DTLS connects over it exactly as on the dedicated
 * ICE-TCP port; a stream that is not ICE-TCP never reaches the listener.
 */
@Timeout(60)
class SharedPortIceTcpTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final TlsMaterial BROWSER = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
    private static final IceCredentials BROWSER_ICE = IceCredentials.of("brws", "browserSidePassword0123456");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoops mediaLoops;
    private EventLoops acceptLoops;
    private ExecutorService handshakes;
    private IceMediaSessions sessions;
    private MediaPort port;
    private IceTcpListener iceTcp;
    private SharedPortListener shared;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() throws Exception {
        mediaLoops = EventLoops.start(null, 1, "media-port");
        acceptLoops = EventLoops.start(mediaLoops.kind(), 1, "accepting");
        handshakes = HandshakeThreads.start();
        sessions = new IceMediaSessions(new SecureRandom());
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, Clock.SYSTEM,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        port = MediaPort.bind(mediaLoops, loopback, sessions.stunHandler(), MediaPacketHandler.DROP, dtls, clock);
        iceTcp = IceTcpListener.bind(mediaLoops, port, loopback);
        shared = SharedPortListener.builder("shared-port")
                .acceptOn(acceptLoops.group(), acceptLoops.serverSocketChannel())
                .plain(new IceTcpPortProtocol(iceTcp, port.eventLoop()))
                .bind(loopback);
    }

    @AfterEach
    void stop() throws Exception {
        shared.close();
        iceTcp.close();
        port.close();
        acceptLoops.close();
        mediaLoops.close();
        HandshakeThreads.stop(handshakes);
    }

    @Test
    void aFramedCheckOnTheSharedPortSelectsTheTcpPairAndDtlsConnectsOverIt() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                listener);
        IceCredentials edgeway = session.localCredentials();
        try (Rfc4571Stream browser = new Rfc4571Stream(shared.localAddress())) {
            IceChecks.Check check = IceChecks.from(BROWSER_ICE, edgeway).useCandidate();
            ReceivedMessage answer = ReceivedMessage.of(browser.exchange(check));
            assertThat(answer.isSuccess()).isTrue();
            assertThat(AnswerChecks.integrityVerifies(answer, edgeway.password())).isTrue();
            await().atMost(WAIT).until(() -> browser.localAddress().equals(session.transport().selectedRemote()));
            StunReplySink local = session.participant().selectedPair().local();
            assertThat(local).isInstanceOf(IceTcpConnection.class);
            assertThat(port.carries(local)).isTrue();

            DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            DTLSTransport dtls = new DTLSClientProtocol().connect(client, browser);
            SrtpKeyMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
            assertThat(serverKeys.remoteMasterKey()).isEqualTo(client.exportKeys().localMasterKey());
            assertThat(listener.threads).allSatisfy(t -> assertThat(t.getName()).startsWith("media-port"));
            assertThat(iceTcp.count(IceTcpCounter.CONNECTIONS_ACCEPTED)).isEqualTo(1);
            assertThat(iceTcp.count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
            assertThat(shared.handedOver("ice-tcp")).isEqualTo(1);
            session.close();
            dtls.close();
        }
        await().atMost(WAIT).until(() -> iceTcp.count(IceTcpCounter.CONNECTIONS_CLOSED) == 1);
    }

    @Test
    void aStreamThatIsNotIceTcpNeverReachesTheListener() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), shared.localAddress().getPort())) {
            // A length of 20 then bytes without the STUN magic cookie.
            s.getOutputStream().write(new byte[] {0, 20, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6});
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(shared.count(SharedPortCounter.UNRECOGNISED)).isEqualTo(1);
        assertThat(iceTcp.count(IceTcpCounter.CONNECTIONS_ACCEPTED)).isZero();
    }
}
