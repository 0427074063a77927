package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsEndpoint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.DtlsTestClient;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.port.MediaPacketHandler;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.RecordingTransportListener;
import io.edgeway.core.time.Clock;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.policy.SourceRateLimiter;
import io.netty.buffer.ByteBufAllocator;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.UDPTransport;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.RemoteCandidate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The media port end to end on loopback, as a browser meets it: the ICE-lite responder behind relay-core's
 * {@link MediaPort} answers a connectivity check, the nomination selects the pair, and a Bouncy Castle
 * DTLS client on the very socket that sent the check completes DTLS-SRTP with the participant's
 * transport; both sides export the same keys. Also: ice4j's full agent against the real port (ICE only),
 * garbage first bytes, DTLS from an address that is not the selected pair, and consent expiry driven by
 * the port's sweep.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MediaPortIceDtlsTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final TlsMaterial BROWSER = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
    private static final IceCredentials BROWSER_ICE = IceCredentials.of("brws", "browserSidePassword0123456");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoops loops;
    private ExecutorService handshakes;
    private IceMediaSessions sessions;
    private MediaPort port;
    private DatagramSocket browser;

    @BeforeEach
    void start() throws Exception {
        loops = EventLoops.start(null, 1, "media-port");
        handshakes = HandshakeThreads.start();
        browser = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        browser.setSoTimeout(5_000);
    }

    private void bind(IceMediaSessions ice, Clock portClock) throws InterruptedException {
        sessions = ice;
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, Clock.SYSTEM,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = MediaPort.bind(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                sessions.stunHandler(), MediaPacketHandler.DROP, dtls, portClock);
    }

    private void bind() throws InterruptedException {
        bind(new IceMediaSessions(new SecureRandom()), Clock.SYSTEM);
    }

    @AfterEach
    void stop() throws Exception {
        if (port != null) {
            port.close();
        }
        browser.close();
        loops.close();
        HandshakeThreads.stop(handshakes);
    }

    @Test
    void aNominatingCheckThenDtlsFromTheSameSocketConnectsWithMatchingSrtpKeys() throws Exception {
        bind();
        RecordingTransportListener listener = new RecordingTransportListener();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                listener);
        IceCredentials edgeway = session.localCredentials();

        ReceivedMessage answer = check(browser, IceChecks.from(BROWSER_ICE, edgeway).useCandidate());
        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS)).isEqualTo(browserAddress());
        assertThat(AnswerChecks.integrityVerifies(answer, edgeway.password())).isTrue();
        AnswerChecks.assertFingerprinted(answer);
        ParticipantTransport transport = session.transport();
        await().atMost(WAIT).until(() -> browserAddress().equals(transport.selectedRemote()));

        browser.connect(port.localAddress());
        DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        DTLSTransport dtls = new DTLSClientProtocol().connect(client, new UDPTransport(browser, 1500));

        SrtpKeyMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
        SrtpKeyMaterial clientKeys = client.exportKeys();
        assertThat(serverKeys.profile()).isEqualTo(client.selectedProfile());
        assertThat(serverKeys.localMasterKey()).isEqualTo(clientKeys.remoteMasterKey());
        assertThat(serverKeys.localMasterSalt()).isEqualTo(clientKeys.remoteMasterSalt());
        assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
        assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());
        assertThat(transport.keys()).isSameAs(serverKeys);
        assertThat(port.count(MediaPortCounter.DTLS_DELIVERED)).isGreaterThanOrEqualTo(2);
        assertThat(port.count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isZero();
        assertThat(listener.threads).allSatisfy(t -> assertThat(t.getName()).startsWith("media-port"));

        // The participant leaves: DTLS closes (the client reads close_notify) and ICE forgets it.
        session.close();
        assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CLOSED);
        assertThat(listener.events).containsExactly("connected", "gone CLOSED");
        // The client reads until its stream ends: with the server's close_notify, not a read timeout.
        // (On close_notify Bouncy Castle closes the socket, so the read may end in a SocketException.)
        try {
            dtls.receive(new byte[1500], 0, 1500, 5_000);
        } catch (java.net.SocketException closedOnCloseNotify) {
            // Expected once the alert has been processed.
        }
        assertThat(client.awaitCloseNotify(1, TimeUnit.SECONDS)).as("the server's close_notify reached the client").isTrue();
        assertThat(sessions.sessionCount()).isZero();
        assertThat(sessions.responder().participantCount()).isZero();
        // Bouncy Castle closes the client's socket on close_notify; a later check comes from a new one.
        try (DatagramSocket again = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ReceivedMessage late = check(again, IceChecks.from(BROWSER_ICE, edgeway));
            assertThat(late.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
    }

    /**
     * A browser nominates a pair of higher priority (SELECTED_PAIR_CHANGED, RFC 8445 §8.1.1): the
     * transport's DTLS flights follow it, so the handshake completes from the new socket.
     */
    @Test
    void aHigherPriorityNominationMovesTheTransportAndDtlsCompletesOnTheNewPath() throws Exception {
        bind();
        RecordingTransportListener listener = new RecordingTransportListener();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                listener);
        assertThat(check(browser, IceChecks.from(BROWSER_ICE, session.localCredentials()).useCandidate()).isSuccess())
                .isTrue();
        try (DatagramSocket moved = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            moved.setSoTimeout(5_000);
            InetSocketAddress movedAddress = (InetSocketAddress) moved.getLocalSocketAddress();
            assertThat(check(moved, IceChecks.from(BROWSER_ICE, session.localCredentials()).priority(0x6E7FFFFFL)
                    .useCandidate()).isSuccess()).isTrue();
            await().atMost(WAIT).until(() -> movedAddress.equals(session.transport().selectedRemote()));

            moved.connect(port.localAddress());
            DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                    SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            new DTLSClientProtocol().connect(client, new UDPTransport(moved, 1500));

            SrtpKeyMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
            assertThat(serverKeys.profile()).isEqualTo(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            assertThat(serverKeys.remoteMasterKey()).isEqualTo(client.exportKeys().localMasterKey());
        }
    }

    /**
     * Issue 4, test 5 in part: one participant failing DTLS (its certificate does not match its offer)
     * is gone with DTLS_FAILED; another participant on the same port connects all the same.
     */
    @Test
    void aParticipantFailingDtlsAffectsNoOneElse() throws Exception {
        bind();
        IceCredentials bobIce = IceCredentials.of("bobb", "bobSidePassword01234567890");
        RecordingTransportListener alice = new RecordingTransportListener();
        RecordingTransportListener bob = new RecordingTransportListener();
        IceMediaSession aliceSession = sessions.open(port, "alice", BROWSER_ICE,
                CertificateFingerprint.sha256(BROWSER), alice);
        IceMediaSession bobSession = sessions.open(port, "bob", bobIce, CertificateFingerprint.sha256(BROWSER), bob);
        TlsMaterial impostor = SelfSignedCertificates.generate("impostor", List.of(), Duration.ofDays(1));
        try (DatagramSocket bobSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            bobSocket.setSoTimeout(5_000);
            assertThat(check(browser, IceChecks.from(BROWSER_ICE, aliceSession.localCredentials()).useCandidate())
                    .isSuccess()).isTrue();
            assertThat(check(bobSocket, IceChecks.from(bobIce, bobSession.localCredentials()).useCandidate())
                    .isSuccess()).isTrue();
            await().atMost(WAIT).until(() -> bobSession.transport().selectedRemote() != null);

            bobSocket.connect(port.localAddress());
            try {
                new DTLSClientProtocol().connect(DtlsTestClient.offering(impostor, CertificateFingerprint.sha256(SERVER),
                        SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM), new UDPTransport(bobSocket, 1500)).close();
            } catch (IOException expected) {
                // The SFU's bad_certificate alert ends bob's handshake.
            }
            assertThat(bob.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.DTLS_FAILED);

            browser.connect(port.localAddress());
            DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
            new DTLSClientProtocol().connect(client, new UDPTransport(browser, 1500));
            assertThat(alice.connected.get(10, TimeUnit.SECONDS).localMasterKey())
                    .isEqualTo(client.exportKeys().remoteMasterKey());
            assertThat(alice.events).containsExactly("connected");
            assertThat(sessions.sessionCount()).isEqualTo(1);
            assertThat(sessions.responder().participant(bobSession.localCredentials().ufrag())).isNull();
        }
    }

    /** Issue 4, test 2, against the real media port: ice4j (controlling) completes and the transport follows. */
    @Test
    void ice4jControllingAgentCompletesAgainstTheMediaPort() throws Exception {
        bind();
        RecordingTransportListener listener = new RecordingTransportListener();
        Agent agent = new Agent();
        try {
            agent.setControlling(true);
            IceMediaStream stream = agent.createMediaStream("audio");
            Component component = Ice4jIceLiteTest.componentWithLoopbackHost(agent, stream);
            TransportAddress host = component.getLocalCandidates().get(0).getTransportAddress();
            IceMediaSession session = sessions.open(port, "ice4j",
                    IceCredentials.of(agent.getLocalUfrag(), agent.getLocalPassword()),
                    CertificateFingerprint.sha256(BROWSER), listener);
            stream.setRemoteUfrag(session.localCredentials().ufrag());
            stream.setRemotePassword(session.localCredentials().password());
            InetSocketAddress media = port.localAddress();
            component.addRemoteCandidate(new RemoteCandidate(
                    new TransportAddress(media.getAddress(), media.getPort(), Transport.UDP), component,
                    CandidateType.HOST_CANDIDATE, "1", 2130706431L, null, session.localCredentials().ufrag()));
            CountDownLatch done = new CountDownLatch(1);
            agent.addStateChangeListener((PropertyChangeEvent e) -> {
                IceProcessingState state = (IceProcessingState) e.getNewValue();
                if (state.isEstablished() || state == IceProcessingState.FAILED) {
                    done.countDown();
                }
            });
            agent.startConnectivityEstablishment();

            assertThat(done.await(10, TimeUnit.SECONDS)).as("ice4j finished; now %s", agent.getState()).isTrue();
            assertThat(agent.getState()).isIn(IceProcessingState.COMPLETED, IceProcessingState.TERMINATED);
            assertThat(component.getSelectedPair().getRemoteCandidate().getTransportAddress()).isEqualTo(media);
            InetSocketAddress ice4jHost = new InetSocketAddress(host.getAddress(), host.getPort());
            await().atMost(WAIT).until(() -> ice4jHost.equals(session.transport().selectedRemote()));
            assertThat(session.participant().selectedPair().local()).isSameAs(port.replySink());
            // Nominated: the DTLS server waits for the participant's ClientHello.
            assertThat(session.transport().dtlsState()).isEqualTo(DtlsEndpoint.State.HANDSHAKING);
            assertThat(port.count(MediaPortCounter.STUN_HANDLED)).isGreaterThanOrEqualTo(2);
            assertThat(sessions.responder().count(IceCheckOutcome.UNAUTHENTICATED)).isZero();
            assertThat(listener.events).isEmpty();
        } finally {
            agent.free();
        }
    }

    @Test
    void garbageAndOutOfRangeFirstBytesAreCountedAndThePortKeepsAnsweringChecks() throws Exception {
        bind();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                new RecordingTransportListener());
        int[] firstBytes = {4, 17, 64, 100, 127, 192, 230, 255};
        send(browser, new byte[0]);
        for (int b : firstBytes) {
            send(browser, new byte[] {(byte) b, 0x42, 0x42, 0x42, 0x42});
        }
        // First byte 0 but not STUN at all: the responder says so and the port counts it as malformed.
        send(browser, new byte[] {0, 1, 2});

        ReceivedMessage answer = check(browser, IceChecks.from(BROWSER_ICE, session.localCredentials()));
        assertThat(answer.isSuccess()).isTrue();
        await().atMost(WAIT).until(() -> port.count(MediaPortCounter.STUN_HANDLED) == 1);
        assertThat(port.count(MediaPortCounter.UNCLASSIFIED)).isEqualTo(firstBytes.length + 1);
        assertThat(port.count(MediaPortCounter.STUN_MALFORMED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.HANDLER_FAILED)).isZero();
    }

    @Test
    void dtlsFromAnAddressThatIsNotTheSelectedPairIsDroppedAndCounted() throws Exception {
        bind();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                new RecordingTransportListener());
        assertThat(check(browser, IceChecks.from(BROWSER_ICE, session.localCredentials()).useCandidate()).isSuccess())
                .isTrue();
        await().atMost(WAIT).until(() -> browserAddress().equals(session.transport().selectedRemote()));

        try (DatagramSocket intruder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // A DTLS 1.2 handshake record header (content type 22, version 254.253) with a short body.
            send(intruder, new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
            send(intruder, new byte[] {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
        }
        // The selected pair's own check after them: once answered, both datagrams were dispatched.
        assertThat(check(browser, IceChecks.from(BROWSER_ICE, session.localCredentials())).isSuccess()).isTrue();

        await().atMost(WAIT).until(() -> port.count(MediaPortCounter.DTLS_UNKNOWN_SOURCE) == 1);
        assertThat(port.count(MediaPortCounter.MEDIA_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.DTLS_DELIVERED)).isZero();
        assertThat(session.transport().droppedDtlsDatagrams()).isZero();
        assertThat(session.transport().dtlsState()).isEqualTo(DtlsEndpoint.State.HANDSHAKING);
    }

    /**
     * RFC 7675 through the whole stack: the port's once-a-second sweep calls the responder's
     * {@code onTimeout} with the port's (manual) clock; 30 s without a check on the selected pair and the
     * participant's transport is gone with CONSENT_LOST, its ICE session removed.
     */
    @Test
    void consentExpiryFromThePortsSweepEndsTheTransport() throws Exception {
        ManualClock clock = new ManualClock();
        bind(new IceMediaSessions(listener -> new IceLiteResponder(new SecureRandom(), listener,
                new SourceRateLimiter(IceLiteResponder.DEFAULT_UNAUTHENTICATED_PER_SECOND,
                        IceLiteResponder.DEFAULT_UNAUTHENTICATED_BURST, 64, 1), ConsentTracker.CONSENT_TIMEOUT)),
                clock);
        RecordingTransportListener listener = new RecordingTransportListener();
        IceMediaSession session = sessions.open(port, "alice", BROWSER_ICE, CertificateFingerprint.sha256(BROWSER),
                listener);
        assertThat(check(browser, IceChecks.from(BROWSER_ICE, session.localCredentials()).useCandidate()).isSuccess())
                .isTrue();
        await().atMost(WAIT).until(() -> session.transport().selectedRemote() != null);

        clock.advance(ConsentTracker.CONSENT_TIMEOUT.plusSeconds(1));

        assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CONSENT_LOST);
        assertThat(session.participant().isActive()).isFalse();
        assertThat(sessions.sessionCount()).isZero();
        assertThat(port.transportCount()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private InetSocketAddress browserAddress() {
        return (InetSocketAddress) browser.getLocalSocketAddress();
    }

    private void send(DatagramSocket from, byte[] bytes) throws IOException {
        from.send(new DatagramPacket(bytes, bytes.length, port.localAddress()));
    }

    /** Sends a check from {@code from} and returns the answer with its transaction id. */
    private ReceivedMessage check(DatagramSocket from, IceChecks.Check check) throws IOException {
        return IceChecks.exchange(from, port.localAddress(), check);
    }
}
