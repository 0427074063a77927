package io.edgeway.core.media.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsEndpoint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.DtlsTestClient;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.spi.StunPacketHandler;
import io.edgeway.core.spi.StunReplySink;
import io.edgeway.core.time.Clock;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The media port on real loopback sockets, without ICE (the end-to-end test with the ICE-lite responder
 * lives in stun-turn, which relay-core cannot depend on): RFC 7983 demultiplexing, routing by a
 * transport's pairs, the DTLS handshake over the selected pair, the sweep, and the "gone" paths.
 * A small echoing {@link StunPacketHandler} stands in for the responder; a plain {@link DatagramSocket}
 * plays the browser.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaPortTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final TlsMaterial BROWSER = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
    private static final byte[] STUN_PROBE = {0x00, 0x01, 0x00, 0x00, 'p', 'i', 'n', 'g'};

    private final EchoStunHandler stun = new EchoStunHandler();
    private final RecordingMedia media = new RecordingMedia();
    private EventLoops loops;
    private ExecutorService handshakes;
    private DatagramSocket client;
    private MediaPort port;

    @BeforeEach
    void start() throws Exception {
        loops = EventLoops.start(null, 1, "media-port-test");
        AtomicInteger n = new AtomicInteger();
        handshakes = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dtls-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        client.setSoTimeout(5_000);
    }

    private MediaPort bind(Clock clock) throws InterruptedException {
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, clock,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = MediaPort.bind(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), stun, media, dtls,
                clock);
        return port;
    }

    @AfterEach
    void stop() throws Exception {
        if (port != null) {
            port.close();
        }
        client.close();
        loops.close();
        handshakes.shutdownNow();
        assertThat(handshakes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Waits until every task queued on the port's loop so far has run: calls made from the test thread
     * (pairValidated) hop onto the loop, and a datagram sent right after could otherwise be read first.
     */
    private void onLoop() throws InterruptedException {
        port.eventLoop().submit(() -> { }).sync();
    }

    @Test
    void stunIsHandedToTheHandlerAndAnsweredOnTheSameSocket() throws Exception {
        bind(Clock.SYSTEM);

        assertThat(probe()).isEqualTo(STUN_PROBE);
        assertThat(stun.from).containsExactly(clientAddress());
        assertThat(stun.sinks).containsExactly(port.replySink());
        assertThat(stun.threads).hasSize(1).allSatisfy(t -> assertThat(t.getName()).startsWith("media-port-test"));
        assertThat(count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
    }

    @Test
    void garbageAndOutOfRangeFirstBytesAreCountedAndThePortKeepsServing() throws Exception {
        bind(Clock.SYSTEM);
        // Empty; 4-15 and 16-19 (ZRTP) unassigned here; 64-79 ChannelData; 80-127; 192-255.
        int[] firstBytes = {4, 16, 19, 64, 79, 127, 192, 255};
        send(new byte[0]);
        for (int b : firstBytes) {
            send(new byte[] {(byte) b, 1, 2, 3});
        }
        // The handler says "not STUN after all" for a first byte of 3.
        send(new byte[] {3, 0, 0, 0});

        assertThat(probe()).isEqualTo(STUN_PROBE);
        assertThat(count(MediaPortCounter.UNCLASSIFIED)).isEqualTo(firstBytes.length + 1);
        assertThat(count(MediaPortCounter.STUN_MALFORMED)).isEqualTo(1);
        assertThat(count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
        assertThat(media.packets).isEmpty();
    }

    @Test
    void aHandlerThatThrowsCostsOneDatagramAndThePortKeepsServing() throws Exception {
        bind(Clock.SYSTEM);
        send(new byte[] {2, 0, 0, 0});

        assertThat(probe()).isEqualTo(STUN_PROBE);
        assertThat(count(MediaPortCounter.HANDLER_FAILED)).isEqualTo(1);
        assertThat(count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
    }

    @Test
    void dtlsAndMediaFromAnAddressWithoutAPairAreDropped() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener listener = new RecordingTransportListener();
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        try (DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            transport.pairValidated((InetSocketAddress) other.getLocalSocketAddress());
        }
        onLoop();
        send(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
        send(new byte[] {(byte) 0x80, 111, 0, 1});

        assertThat(probe()).isEqualTo(STUN_PROBE);
        assertThat(count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(count(MediaPortCounter.MEDIA_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(count(MediaPortCounter.DTLS_DELIVERED)).isZero();
        assertThat(transport.droppedDtlsDatagrams()).isZero();
        assertThat(media.packets).isEmpty();
    }

    @Test
    void mediaFromAValidatedPairReachesTheMediaHandlerUntilTheTransportCloses() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener listener = new RecordingTransportListener();
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        transport.pairValidated(clientAddress());
        onLoop();
        send(new byte[] {(byte) 0x80, 111, 0, 1});
        send(new byte[] {(byte) 0x81, (byte) 200, 0, 1});
        probe();

        assertThat(media.packets).containsExactly("p1:80", "p1:81");
        assertThat(count(MediaPortCounter.MEDIA_DELIVERED)).isEqualTo(1);
        assertThat(count(MediaPortCounter.MEDIA_NOT_HANDLED)).isEqualTo(1);
        assertThat(transport.selectedRemote()).as("validated is not selected").isNull();
        assertThat(transport.dtlsState()).isEqualTo(DtlsEndpoint.State.NEW);

        transport.close();
        assertThat(listener.gone.get(5, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CLOSED);
        send(new byte[] {(byte) 0x80, 111, 0, 2});
        probe();
        assertThat(count(MediaPortCounter.MEDIA_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(port.transportCount()).isZero();
        assertThat(listener.events).containsExactly("gone CLOSED");
    }

    /**
     * The browser's part after ICE nominated its pair: a Bouncy Castle DTLS client on the very socket of
     * that pair. Both sides export the same SRTP keys, the listener hears them on the port's loop, and
     * the client's close_notify ends the transport.
     */
    @Test
    void dtlsOverTheSelectedPairConnectsWithMatchingKeys() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener listener = new RecordingTransportListener();
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        transport.pairSelected(clientAddress());

        client.connect(port.localAddress());
        DtlsTestClient browser = DtlsTestClient.offering(BROWSER, CertificateFingerprint.sha256(SERVER),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        DTLSTransport dtls = new DTLSClientProtocol().connect(browser, new UDPTransport(client, 1500));

        SrtpKeyMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
        SrtpKeyMaterial clientKeys = browser.exportKeys();
        assertThat(serverKeys.profile()).isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(serverKeys.localMasterKey()).isEqualTo(clientKeys.remoteMasterKey());
        assertThat(serverKeys.localMasterSalt()).isEqualTo(clientKeys.remoteMasterSalt());
        assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
        assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());
        assertThat(transport.keys()).isSameAs(serverKeys);
        assertThat(transport.selectedRemote()).isEqualTo(clientAddress());
        assertThat(count(MediaPortCounter.DTLS_DELIVERED)).isGreaterThanOrEqualTo(2);

        dtls.close();
        assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.DTLS_CLOSED);
        assertThat(listener.events).containsExactly("connected", "gone DTLS_CLOSED");
        assertThat(listener.threads).hasSize(1).allSatisfy(t -> assertThat(t.getName()).startsWith("media-port-test"));
        assertThat(port.transportCount()).isZero();
    }

    @Test
    void aBrowserWhoseCertificateDoesNotMatchTheOfferIsGoneWithDtlsFailed() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener listener = new RecordingTransportListener();
        TlsMaterial impostor = SelfSignedCertificates.generate("impostor", List.of(), Duration.ofDays(1));
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        transport.pairSelected(clientAddress());

        client.connect(port.localAddress());
        DtlsTestClient browser = DtlsTestClient.offering(impostor, CertificateFingerprint.sha256(SERVER),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        try {
            new DTLSClientProtocol().connect(browser, new UDPTransport(client, 1500)).close();
        } catch (IOException expected) {
            // The server's bad_certificate alert ends the client's handshake too.
        }

        assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.DTLS_FAILED);
        assertThat(listener.events).containsExactly("gone DTLS_FAILED");
        assertThat(transport.keys()).isNull();
    }

    @Test
    void consentLostEndsTheTransportAndItsRoutes() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener listener = new RecordingTransportListener();
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        transport.pairSelected(clientAddress());

        transport.consentLost();
        assertThat(listener.gone.get(5, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CONSENT_LOST);
        send(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
        probe();
        assertThat(count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(transport.isGone()).isTrue();
        transport.close();
        probe();
        assertThat(listener.events).containsExactly("gone CONSENT_LOST");
    }

    /**
     * The once-a-second sweep drives the STUN handler's timers and each DTLS handshake deadline with the
     * port's clock: a browser that never finishes its handshake is gone once the manual clock passes the
     * deadline, without waiting ten real seconds.
     */
    @Test
    void theSweepDrivesTheStunTimersAndTheDtlsHandshakeDeadline() throws Exception {
        ManualClock clock = new ManualClock();
        bind(clock);
        RecordingTransportListener listener = new RecordingTransportListener();
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), listener);
        transport.pairSelected(clientAddress());
        assertThat(stun.timeouts.await(5, TimeUnit.SECONDS)).as("the sweep called onTimeout").isTrue();

        clock.advance(DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT.plusSeconds(1));

        assertThat(listener.gone.get(10, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.DTLS_FAILED);
        assertThat(transport.dtlsState()).isEqualTo(DtlsEndpoint.State.FAILED);
        assertThat(stun.timeoutNanos).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(clock.nanos()));
    }

    /**
     * Every {@value MediaPort#MEDIA_TICK_MILLIS} ms the port calls the media handler on its loop with the
     * port's clock, and flushes what the handler queued without waiting for a read batch.
     */
    @Test
    void theMediaTickCallsTheHandlerOnTheLoopAndFlushesWhatItQueued() throws Exception {
        ManualClock clock = new ManualClock();
        clock.advance(Duration.ofSeconds(42));
        bind(clock);
        ParticipantTransport transport = port.newTransport("p1", browserFingerprint(), new RecordingTransportListener());
        transport.pairSelected(clientAddress());
        port.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // the loop has applied the selection
        media.tickTransport = transport;

        byte[] buffer = new byte[64];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        client.receive(received);

        assertThat(ByteBufUtil.hexDump(received.getData(), 0, 4)).isEqualTo("80c90001");
        Thread loopThread = port.eventLoop().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertThat(media.tickThreads).containsExactly(loopThread);
        assertThat(media.tickNanos).allSatisfy(t -> assertThat(t).isEqualTo(clock.nanos()));
    }

    @Test
    void closingThePortEndsEveryTransport() throws Exception {
        bind(Clock.SYSTEM);
        RecordingTransportListener first = new RecordingTransportListener();
        RecordingTransportListener second = new RecordingTransportListener();
        port.newTransport("p1", browserFingerprint(), first);
        port.newTransport("p2", browserFingerprint(), second);

        port.close();

        assertThat(first.gone.get(5, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CLOSED);
        assertThat(second.gone.get(5, TimeUnit.SECONDS)).isEqualTo(ParticipantTransport.GoneReason.CLOSED);
        assertThat(port.transportCount()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    private static CertificateFingerprint browserFingerprint() {
        return CertificateFingerprint.sha256(BROWSER);
    }

    private InetSocketAddress clientAddress() {
        return (InetSocketAddress) client.getLocalSocketAddress();
    }

    private void send(byte[] bytes) throws IOException {
        client.send(new DatagramPacket(bytes, bytes.length, port.localAddress()));
    }

    /**
     * Sends the STUN probe and returns the echo. The port handles one sender's datagrams in order, so
     * once the echo is back every datagram sent before it has been dispatched and counted.
     */
    private byte[] probe() throws IOException {
        send(STUN_PROBE);
        byte[] buffer = new byte[64];
        while (true) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            client.receive(reply);
            byte[] bytes = java.util.Arrays.copyOf(reply.getData(), reply.getLength());
            if (bytes.length > 0 && bytes[0] == 0) {
                return bytes;
            }
        }
    }

    /** Read on the port's loop, after everything it was already doing. */
    private long count(MediaPortCounter counter) throws Exception {
        return port.eventLoop().submit(() -> port.count(counter)).get(5, TimeUnit.SECONDS);
    }

    /**
     * Records "participant:first byte" of each packet; takes those starting 0x80, refuses the rest. On
     * each media tick it records the time and thread, and queues one RTCP-looking packet on
     * {@link #tickTransport} if set.
     */
    private static final class RecordingMedia implements MediaPacketHandler {
        final List<String> packets = new CopyOnWriteArrayList<>();
        final List<Long> tickNanos = new CopyOnWriteArrayList<>();
        final Set<Thread> tickThreads = ConcurrentHashMap.newKeySet();
        volatile ParticipantTransport tickTransport;

        @Override
        public void onTimeout(long nowNanos) {
            tickNanos.add(nowNanos);
            tickThreads.add(Thread.currentThread());
            ParticipantTransport transport = tickTransport;
            if (transport != null) {
                tickTransport = null;
                ByteBuf packet = transport.alloc().buffer(8);
                packet.writeInt(0x80c90001).writeInt(tickNanos.size());
                transport.sendMedia(packet);
            }
        }

        @Override
        public boolean onMediaPacket(long nowNanos, ParticipantTransport from, ByteBuf packet) {
            packets.add(from.id() + ":" + ByteBufUtil.hexDump(packet, packet.readerIndex(), 1));
            return packet.getUnsignedByte(packet.readerIndex()) == 0x80;
        }
    }
}
