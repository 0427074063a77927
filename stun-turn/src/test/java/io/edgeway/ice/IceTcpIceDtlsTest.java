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
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.RecordingTransportListener;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * ICE-TCP end to end on loopback, the path of a browser on a network without UDP: a plain TCP socket
 * (RFC 6544 active side) sends an RFC 4571-framed connectivity check to the media port's
 * {@link IceTcpListener}, the ICE-lite responder answers over the same connection and selects the pair
 * on it, and a Bouncy Castle DTLS client over the framed stream completes DTLS-SRTP with the
 * participant's transport. A connection that breaks its framing is closed alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IceTcpIceDtlsTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final TlsMaterial BROWSER = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
    private static final IceCredentials BROWSER_ICE = IceCredentials.of("brws", "browserSidePassword0123456");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoops loops;
    private ExecutorService handshakes;
    private IceMediaSessions sessions;
    private MediaPort port;
    private IceTcpListener iceTcp;
    /** The port's clock, and so the responder's and the ICE-TCP sweep's; DTLS runs on the system clock. */
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() throws Exception {
        loops = EventLoops.start(null, 1, "media-port");
        handshakes = HandshakeThreads.start();
        sessions = new IceMediaSessions(new SecureRandom());
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, Clock.SYSTEM,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        port = MediaPort.bind(loops, loopback, sessions.stunHandler(), MediaPacketHandler.DROP, dtls, clock);
        iceTcp = IceTcpListener.bind(loops, port, loopback);
    }

    @AfterEach
    void stop() throws Exception {
        if (iceTcp != null) {
            iceTcp.close();
        }
        if (port != null) {
            port.close();
        }
        loops.close();
        HandshakeThreads.stop(handshakes);
    }

    @Test
    void aFramedCheckSelectsTheTcpPairAndDtlsOverTheSameConnectionConnects() throws Exception {
        RecordingTransportListener listener = new RecordingTransportListener();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                listener);
        IceCredentials edgeway = session.localCredentials();
        try (Rfc4571Stream browser = new Rfc4571Stream(iceTcp.localAddress())) {
            IceChecks.Check check = IceChecks.from(BROWSER_ICE, edgeway).useCandidate();
            ReceivedMessage answer = ReceivedMessage.of(browser.exchange(check));

            assertThat(answer.transactionId()).isEqualTo(check.transactionId());
            assertThat(answer.isSuccess()).isTrue();
            assertThat(answer.xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS)).isEqualTo(browser.localAddress());
            assertThat(AnswerChecks.integrityVerifies(answer, edgeway.password())).isTrue();
            AnswerChecks.assertFingerprinted(answer);
            ParticipantTransport transport = session.transport();
            await().atMost(WAIT).until(() -> browser.localAddress().equals(transport.selectedRemote()));
            StunReplySink local = session.participant().selectedPair().local();
            assertThat(local).isInstanceOf(IceTcpConnection.class).isNotSameAs(port.replySink());
            assertThat(((IceTcpConnection) local).remoteAddress()).isEqualTo(browser.localAddress());
            assertThat(port.carries(local)).isTrue();

            DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            DTLSTransport dtls = new DTLSClientProtocol().connect(client, browser);

            SrtpKeyMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
            SrtpKeyMaterial clientKeys = client.exportKeys();
            assertThat(serverKeys.profile()).isEqualTo(client.selectedProfile());
            assertThat(serverKeys.localMasterKey()).isEqualTo(clientKeys.remoteMasterKey());
            assertThat(serverKeys.localMasterSalt()).isEqualTo(clientKeys.remoteMasterSalt());
            assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
            assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());
            assertThat(iceTcp.count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
            assertThat(iceTcp.count(MediaPortCounter.DTLS_DELIVERED)).isGreaterThanOrEqualTo(2);
            assertThat(iceTcp.count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isZero();
            assertThat(port.count(MediaPortCounter.STUN_HANDLED)).as("nothing went over UDP").isZero();
            assertThat(listener.threads).allSatisfy(t -> assertThat(t.getName()).startsWith("media-port"));

            // The participant leaves; then the browser closes its connection, which releases it.
            session.close();
            assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CLOSED);
            assertThat(listener.events).containsExactly("connected", "gone CLOSED");
            assertThat(sessions.sessionCount()).isZero();
            dtls.close();
        }
        await().atMost(WAIT).until(() -> iceTcp.count(IceTcpCounter.CONNECTIONS_CLOSED) == 1);
        assertThat(iceTcp.connectionCount()).isZero();
        assertThat(iceTcp.count(IceTcpCounter.FRAMING_ERRORS)).isZero();
    }

    @Test
    void brokenFramingClosesOnlyThatConnection() throws Exception {
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                new RecordingTransportListener());
        IceCredentials edgeway = session.localCredentials();
        try (Rfc4571Stream good = new Rfc4571Stream(iceTcp.localAddress());
                Rfc4571Stream emptyFrame = new Rfc4571Stream(iceTcp.localAddress());
                Rfc4571Stream notStunFirst = new Rfc4571Stream(iceTcp.localAddress());
                Rfc4571Stream garbageLater = new Rfc4571Stream(iceTcp.localAddress())) {
            assertThat(ReceivedMessage.of(good.exchange(IceChecks.from(BROWSER_ICE, edgeway))).isSuccess()).isTrue();

            // An empty frame: the stream has lost its framing.
            emptyFrame.writeRaw(new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5});
            assertThat(emptyFrame.closedByServer()).isTrue();
            // A DTLS record before any check: not an ICE-TCP connection.
            notStunFirst.writeFrame(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
            assertThat(notStunFirst.closedByServer()).isTrue();
            // A valid check, then a frame no RFC 7983 range claims (a length that missed the boundary).
            assertThat(ReceivedMessage.of(garbageLater.exchange(IceChecks.from(BROWSER_ICE, edgeway))).isSuccess())
                    .isTrue();
            garbageLater.writeFrame(new byte[] {(byte) 0xff, 0x13, 0x37});
            assertThat(garbageLater.closedByServer()).isTrue();

            // The first connection serves on, and the UDP port never saw any of it.
            assertThat(ReceivedMessage.of(good.exchange(IceChecks.from(BROWSER_ICE, edgeway).useCandidate()))
                    .isSuccess()).isTrue();
            await().atMost(WAIT).until(() -> good.localAddress().equals(session.transport().selectedRemote()));
            assertThat(iceTcp.count(IceTcpCounter.FRAMING_ERRORS)).isEqualTo(3);
            await().atMost(WAIT).until(() -> iceTcp.count(IceTcpCounter.CONNECTIONS_CLOSED) == 3);
            assertThat(iceTcp.connectionCount()).isEqualTo(1);
            assertThat(iceTcp.count(IceTcpCounter.CONNECTIONS_ACCEPTED)).isEqualTo(4);
            assertThat(iceTcp.count(MediaPortCounter.STUN_HANDLED)).isEqualTo(3);
            assertThat(iceTcp.count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isEqualTo(1);
            assertThat(iceTcp.count(MediaPortCounter.UNCLASSIFIED)).isEqualTo(1);
            assertThat(iceTcp.count(MediaPortCounter.HANDLER_FAILED)).isZero();
            assertThat(port.count(MediaPortCounter.STUN_HANDLED)).isZero();
        }
    }

    /**
     * A connection without a STUN message for the idle timeout (on the port's clock) is closed by the
     * listener's sweep; one whose checks keep coming stays.
     */
    @Test
    void aConnectionWithoutStunForTheIdleTimeoutIsClosed() throws Exception {
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                new RecordingTransportListener());
        try (Rfc4571Stream silent = new Rfc4571Stream(iceTcp.localAddress());
                Rfc4571Stream checking = new Rfc4571Stream(iceTcp.localAddress())) {
            await().atMost(WAIT).until(() -> iceTcp.connectionCount() == 2);
            clock.advance(Duration.ofSeconds(20));
            assertThat(ReceivedMessage.of(checking.exchange(IceChecks.from(BROWSER_ICE, session.localCredentials())))
                    .isSuccess()).isTrue();
            clock.advance(IceTcpListener.DEFAULT_IDLE_TIMEOUT.minusSeconds(15));

            assertThat(silent.closedByServer()).isTrue();
            assertThat(iceTcp.count(IceTcpCounter.CONNECTIONS_IDLE)).isEqualTo(1);
            assertThat(ReceivedMessage.of(checking.exchange(IceChecks.from(BROWSER_ICE, session.localCredentials())))
                    .isSuccess()).isTrue();
            assertThat(iceTcp.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void connectionsPastTheLimitAreRefused() throws Exception {
        iceTcp.close();
        iceTcp = IceTcpListener.bind(loops, port, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                IceTcpListener.DEFAULT_IDLE_TIMEOUT, 1);
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                new RecordingTransportListener());
        try (Rfc4571Stream first = new Rfc4571Stream(iceTcp.localAddress())) {
            await().atMost(WAIT).until(() -> iceTcp.connectionCount() == 1);
            try (Rfc4571Stream second = new Rfc4571Stream(iceTcp.localAddress())) {
                assertThat(second.closedByServer()).isTrue();
            }
            assertThat(iceTcp.count(IceTcpCounter.CONNECTIONS_REFUSED)).isEqualTo(1);
            assertThat(ReceivedMessage.of(first.exchange(IceChecks.from(BROWSER_ICE, session.localCredentials())))
                    .isSuccess()).isTrue();
        }
    }
}
