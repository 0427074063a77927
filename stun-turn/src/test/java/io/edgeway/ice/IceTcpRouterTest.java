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
import io.edgeway.core.media.port.IceTcpRouter;
import io.edgeway.core.media.port.MediaPacketHandler;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.core.media.port.RecordingTransportListener;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.core.ReceivedMessage;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
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
 * Issue #14: ICE-TCP for media ports on two event loops through one TCP port. Each loop has its own media
 * port, ICE-lite responder and attached ICE-TCP listener, all registering their sessions in one
 * {@link IceSessionDirectory}; the {@link IceTcpRouter} accepts on any loop. A connection whose first check
 * names a participant of the second loop ends on that loop (its transport's callbacks run there, DTLS
 * connects over it, the second listener counts it), one naming the first loop's participant on the first; a
 * check for nobody, a first frame that is no check, a connection that never completes its first frame and
 * one over the waiting limit each end at a default listener and are counted there as any connection would be.
 */
@Timeout(60)
class IceTcpRouterTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final TlsMaterial BROWSER = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
    private static final IceCredentials BROWSER_ICE = IceCredentials.of("brws", "browserSidePassword0123456");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoops loops;
    private ExecutorService handshakes;
    private final ManualClock clock = new ManualClock();
    private final IceSessionDirectory directory = new IceSessionDirectory();
    private final List<IceMediaSessions> sessions = new ArrayList<>();
    private final List<MediaPort> ports = new ArrayList<>();
    private final List<IceTcpListener> listeners = new ArrayList<>();
    private IceTcpRouter router;
    private InetSocketAddress iceTcp;

    @BeforeEach
    void start() throws Exception {
        loops = EventLoops.start(null, 2, "media-loop");
        handshakes = HandshakeThreads.start();
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, Clock.SYSTEM,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        for (EventLoop loop : loops.loops()) {
            IceMediaSessions ice = new IceMediaSessions(new SecureRandom(), directory);
            MediaPort port = MediaPort.bind(loops, loop, loopback, ice.stunHandler(), MediaPacketHandler.DROP, dtls, clock);
            sessions.add(ice);
            ports.add(port);
            listeners.add(IceTcpListener.attach(port, IceTcpListener.DEFAULT_IDLE_TIMEOUT, 16));
        }
        startRouter(IceTcpListener.DEFAULT_MAX_CONNECTIONS, IceTcpRouter.FIRST_FRAME_TIMEOUT);
    }

    private void startRouter(int maxPending, Duration firstFrameTimeout) throws InterruptedException {
        if (router != null) {
            router.close();
        }
        router = IceTcpRouter.over(listeners, directory, maxPending, firstFrameTimeout);
        iceTcp = router.listen(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        listeners.forEach(IceTcpListener::close);
        ports.forEach(MediaPort::close);
        loops.close();
        HandshakeThreads.stop(handshakes);
    }

    @Test
    void aConnectionEndsOnTheLoopOfTheParticipantItsFirstCheckNames() throws Exception {
        for (int owner = 0; owner < 2; owner++) {
            // Several participants, each on a connection of its own, so that the accepting loop is the other
            // one at least once.
            for (int n = 0; n < 3; n++) {
                RecordingTransportListener listener = new RecordingTransportListener();
                IceMediaSession session = sessions.get(owner).open(ports.get(owner), "p" + owner + "-" + n,
                        BROWSER_ICE, CertificateFingerprint.sha256(BROWSER), listener);
                assertThat(directory.session(session.localCredentials().ufrag())).isSameAs(session);
                try (Rfc4571Stream browser = new Rfc4571Stream(iceTcp)) {
                    ReceivedMessage answer = ReceivedMessage.of(browser.exchange(
                            IceChecks.from(BROWSER_ICE, session.localCredentials()).useCandidate()));
                    assertThat(answer.isSuccess()).as("check of p%d-%d", owner, n).isTrue();
                    assertThat(AnswerChecks.integrityVerifies(answer, session.localCredentials().password())).isTrue();
                    InetSocketAddress self = browser.localAddress();
                    await().atMost(WAIT).until(() -> self.equals(session.transport().selectedRemote()));
                    StunReplySink local = session.participant().selectedPair().local();
                    assertThat(local).isInstanceOf(IceTcpConnection.class);
                    assertThat(ports.get(owner).carries(local)).isTrue();
                    if (n == 2) {
                        DtlsTestClient client = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
                        DTLSTransport dtls = new DTLSClientProtocol().connect(client, browser);
                        SrtpKeyMaterial keys = listener.connected.get(10, TimeUnit.SECONDS);
                        assertThat(keys.remoteMasterKey()).isEqualTo(client.exportKeys().localMasterKey());
                        String loopName = threadOf(ports.get(owner).eventLoop());
                        assertThat(listener.threads).allSatisfy(t -> assertThat(t.getName()).isEqualTo(loopName));
                        dtls.close();
                    }
                }
                session.close();
            }
            int o = owner;
            await().atMost(WAIT).until(() -> listeners.get(o).count(IceTcpCounter.CONNECTIONS_CLOSED) == 3);
            assertThat(listeners.get(owner).count(IceTcpCounter.CONNECTIONS_ACCEPTED)).isEqualTo(3);
            assertThat(listeners.get(owner).count(MediaPortCounter.STUN_HANDLED)).isEqualTo(3);
        }
        assertThat(directory.size()).as("closed sessions leave the directory").isZero();
        assertThat(listeners.get(0).count(IceTcpCounter.CONNECTIONS_REFUSED)
                + listeners.get(1).count(IceTcpCounter.CONNECTIONS_REFUSED)).isZero();
    }

    @Test
    void aCheckForNobodyIsAnsweredWith401ByADefaultListener() throws Exception {
        IceCredentials nobody = IceCredentials.of("nobody00", "nobodysPasswordIsLongEnough");
        try (Rfc4571Stream browser = new Rfc4571Stream(iceTcp)) {
            ReceivedMessage answer = ReceivedMessage.of(browser.exchange(IceChecks.from(BROWSER_ICE, nobody)));
            assertThat(answer.isSuccess()).isFalse();
            assertThat(answer.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        }
        await().atMost(WAIT).until(() -> total(IceTcpCounter.CONNECTIONS_CLOSED) == 1);
        assertThat(total(IceTcpCounter.CONNECTIONS_ACCEPTED)).isEqualTo(1);
        assertThat(listeners.get(0).count(MediaPortCounter.STUN_HANDLED)
                + listeners.get(1).count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
    }

    @Test
    void aFirstFrameThatIsNoCheckLosesItsFramingAtADefaultListener() throws Exception {
        try (Rfc4571Stream stranger = new Rfc4571Stream(iceTcp)) {
            stranger.writeFrame(new byte[] {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2});  // RTP, not STUN
            assertThat(stranger.closedByServer()).isTrue();
        }
        try (Rfc4571Stream oversized = new Rfc4571Stream(iceTcp)) {
            oversized.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, 0, 1});
            // Waits at the listener for the rest of its 65,535 bytes: closed idle, not by the router.
        }
        await().atMost(WAIT).until(() -> total(IceTcpCounter.CONNECTIONS_CLOSED) == 2);
        assertThat(total(IceTcpCounter.FRAMING_ERRORS)).isEqualTo(1);
        assertThat(total(IceTcpCounter.CONNECTIONS_ACCEPTED)).isEqualTo(2);
        assertThat(router.listeners()).hasSize(2);
    }

    @Test
    void aConnectionThatNeverCompletesItsFirstFrameGoesToADefaultListenerAfterTheTimeout() throws Exception {
        startRouter(16, Duration.ofMillis(300));
        try (Rfc4571Stream slow = new Rfc4571Stream(iceTcp)) {
            slow.writeRaw(new byte[] {0, 100, 0, 1});  // 4 bytes of a 100-byte frame, then nothing
            await().atMost(WAIT).until(() -> total(IceTcpCounter.CONNECTIONS_ACCEPTED) == 1);
        }
        await().atMost(WAIT).until(() -> total(IceTcpCounter.CONNECTIONS_CLOSED) == 1);
    }

    @Test
    void connectionsOverTheWaitingLimitAreRefusedAndCounted() throws Exception {
        startRouter(1, Duration.ofSeconds(30));
        try (Rfc4571Stream first = new Rfc4571Stream(iceTcp); Rfc4571Stream second = new Rfc4571Stream(iceTcp)) {
            // The first waits for its first frame; the second finds the one waiting slot taken.
            await().atMost(WAIT).until(() -> total(IceTcpCounter.CONNECTIONS_REFUSED) == 1);
            assertThat(total(IceTcpCounter.CONNECTIONS_ACCEPTED)).as("the refused one only").isEqualTo(1);
        }
    }

    private long total(IceTcpCounter counter) {
        return listeners.get(0).count(counter) + listeners.get(1).count(counter);
    }

    private static String threadOf(EventLoop loop) throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }
}
