package io.edgeway.core.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DtlsEndpoint} against a real Bouncy Castle DTLS client over an in-memory link: key agreement,
 * profile negotiation, certificate checks, deadline, garbage, close, and where each piece of work runs.
 */
class DtlsEndpointTest {

    private static final String HANDSHAKE_THREAD = "dtls-handshake-";

    private static TlsMaterial serverMaterial;
    private static TlsMaterial clientMaterial;
    private static TlsMaterial strangerMaterial;

    private ExecutorService handshakeExecutor;
    private ExecutorService clientExecutor;
    private ManualClock clock;
    private DtlsServerContext context;

    @BeforeAll
    static void certificates() {
        serverMaterial = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
        clientMaterial = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
        strangerMaterial = SelfSignedCertificates.generate("someone-else", List.of(), Duration.ofDays(1));
    }

    @BeforeEach
    void setUp() {
        handshakeExecutor = Executors.newFixedThreadPool(4, named(HANDSHAKE_THREAD));
        clientExecutor = Executors.newCachedThreadPool(named("dtls-test-client-"));
        clock = new ManualClock();
        context = new DtlsServerContext(serverMaterial, handshakeExecutor, clock, Duration.ofSeconds(10),
                PooledByteBufAllocator.DEFAULT);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        clientExecutor.shutdownNow();
        handshakeExecutor.shutdownNow();
        assertThat(clientExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handshakeExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void handshakeCompletesAndBothSidesExportTheSameKeys() throws Exception {
        // The client lists AES-CM first; the server's preference (GCM) still wins.
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));

        SrtpKeyMaterial serverKeys = session.listener.complete.get(10, TimeUnit.SECONDS);
        session.clientResult.get(10, TimeUnit.SECONDS);
        SrtpKeyMaterial clientKeys = client.exportKeys();

        assertThat(serverKeys.profile()).isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(client.selectedProfile()).isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(serverKeys.localRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(clientKeys.localRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(serverKeys.clientWriteMasterKey()).isEqualTo(clientKeys.clientWriteMasterKey());
        assertThat(serverKeys.serverWriteMasterKey()).isEqualTo(clientKeys.serverWriteMasterKey());
        assertThat(serverKeys.clientWriteMasterSalt()).isEqualTo(clientKeys.clientWriteMasterSalt());
        assertThat(serverKeys.serverWriteMasterSalt()).isEqualTo(clientKeys.serverWriteMasterSalt());
        // What the server encrypts with is what the client decrypts with, and the other way round.
        assertThat(serverKeys.localMasterKey()).isEqualTo(clientKeys.remoteMasterKey());
        assertThat(serverKeys.localMasterSalt()).isEqualTo(clientKeys.remoteMasterSalt());
        assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
        assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());
        assertThat(serverKeys.localMasterKey()).isNotEqualTo(serverKeys.remoteMasterKey());
        assertThat(serverKeys.localMasterSalt()).hasSize(12);

        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.CONNECTED);
        assertThat(session.listener.events).containsExactly("complete");
        assertWorkRanOnHandshakeThreads(session);
    }

    @Test
    void clientOfferingOnlyAesCmGetsAesCm() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));

        SrtpKeyMaterial serverKeys = session.listener.complete.get(10, TimeUnit.SECONDS);
        session.clientResult.get(10, TimeUnit.SECONDS);

        assertThat(serverKeys.profile()).isEqualTo(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        assertThat(client.selectedProfile()).isEqualTo(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        assertThat(serverKeys.localMasterSalt()).hasSize(14);
        assertThat(serverKeys.localMasterKey()).isEqualTo(client.exportKeys().remoteMasterKey());
    }

    @Test
    void clientOfferingOnlyUnsupportedProfilesIsRefused() throws Exception {
        // SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764) is not one of ours.
        DtlsTestClient client = new DtlsTestClient(clientMaterial, context.localFingerprint(), 0x0002);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS))
                .startsWith("failure:").contains("no SRTP protection profile in common");
        assertThat(clientAlert(session)).isEqualTo(AlertDescription.handshake_failure);
    }

    @Test
    void clientWithoutUseSrtpIsRefused() throws Exception {
        DtlsTestClient client = new DtlsTestClient(clientMaterial, context.localFingerprint(), (int[]) null);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS)).contains("did not offer use_srtp");
        assertThat(clientAlert(session)).isEqualTo(AlertDescription.handshake_failure);
    }

    @Test
    void clientCertificateNotMatchingTheSdpFingerprintFailsTheHandshake() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        // The SDP named someone else's certificate.
        Session session = connect(client, CertificateFingerprint.sha256(strangerMaterial));

        String ended = session.listener.ended.get(10, TimeUnit.SECONDS);
        assertThat(ended).startsWith("failure:").contains("bad_certificate")
                .contains("does not match the SDP fingerprint");
        assertThat(clientAlert(session)).isEqualTo(AlertDescription.bad_certificate);
        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.FAILED);
        assertThat(session.listener.events).hasSize(1);
        assertWorkRanOnHandshakeThreads(session);
    }

    @Test
    void clientWithoutCertificateFailsTheHandshake() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(null, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS)).contains("client sent no certificate");
        assertThat(clientAlert(session)).isEqualTo(AlertDescription.handshake_failure);
    }

    @Test
    void clientThatNeverFinishesFailsAtTheDeadline() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        MemoryLink link = new MemoryLink();
        // Only the ClientHello arrives; the client's second flight is lost for good.
        link.deliverOnlyFirst(1);
        Session session = connect(link, client, CertificateFingerprint.sha256(clientMaterial));
        assertThat(link.awaitServerDatagrams(1)).as("server flight sent").isTrue();

        clock.advance(Duration.ofMillis(9_999));
        session.endpoint.onTimeout(clock.nanos());
        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.HANDSHAKING);

        clock.advance(Duration.ofMillis(1));
        session.endpoint.onTimeout(clock.nanos());

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS))
                .isEqualTo("failure: DTLS handshake not complete within 10000 ms");
        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.FAILED);
        // BC told the client with a fatal alert before the endpoint went quiet.
        assertThat(clientAlert(session)).isEqualTo(AlertDescription.internal_error);
        assertWorkRanOnHandshakeThreads(session);
    }

    @Test
    void garbageFailsOnlyThatEndpointAndNothingIsThrown() throws Exception {
        MemoryLink garbageLink = new MemoryLink();
        RecordingListener garbageListener = new RecordingListener();
        DtlsEndpoint garbage = context.newEndpoint(CertificateFingerprint.sha256(clientMaterial), garbageLink,
                garbageListener);
        garbageLink.connect(garbage);
        garbage.start();

        // A healthy participant on the same context and executor, handshaking at the same time.
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Session healthy = connect(client, CertificateFingerprint.sha256(clientMaterial));

        Random random = new Random(42);
        byte[] noise = new byte[300];
        random.nextBytes(noise);
        byte[] tooShort = {22, (byte) 0xFE, (byte) 0xFD};
        byte[] tooLong = new byte[4000];
        random.nextBytes(tooLong);
        // A well-formed DTLS 1.2 record header (handshake, epoch 0) around a nonsense ClientHello.
        byte[] fakeRecord = new byte[13 + 40];
        fakeRecord[0] = 22;
        fakeRecord[1] = (byte) 0xFE;
        fakeRecord[2] = (byte) 0xFD;
        fakeRecord[12] = 40;
        fakeRecord[13] = 1;
        for (int i = 14; i < fakeRecord.length; i++) {
            fakeRecord[i] = (byte) 0xEE;
        }
        for (byte[] datagram : List.of(noise, tooShort, tooLong, fakeRecord, new byte[0])) {
            assertThatCode(() -> garbageLink.feed(datagram, 0, datagram.length)).doesNotThrowAnyException();
        }
        ByteBuf released = Unpooled.buffer(20).writeZero(20);
        released.release();
        assertThatCode(() -> garbage.onDatagram(released)).doesNotThrowAnyException();

        assertThat(healthy.listener.complete.get(10, TimeUnit.SECONDS).profile())
                .isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        healthy.clientResult.get(10, TimeUnit.SECONDS);

        // Whether BC gave up on the nonsense at once or is still waiting, the deadline settles it.
        clock.advance(Duration.ofSeconds(10));
        garbage.onTimeout(clock.nanos());
        assertThat(garbageListener.ended.get(10, TimeUnit.SECONDS)).startsWith("failure:");
        assertThat(garbage.state()).isEqualTo(DtlsEndpoint.State.FAILED);
        assertThat(garbage.droppedDatagrams()).isGreaterThanOrEqualTo(3);
        assertThat(garbageListener.events).hasSize(1);

        // The other participant is untouched, and records after the end are refused quietly.
        assertThat(healthy.endpoint.state()).isEqualTo(DtlsEndpoint.State.CONNECTED);
        long droppedBefore = garbage.droppedDatagrams();
        assertThatCode(() -> garbageLink.feed(fakeRecord, 0, fakeRecord.length)).doesNotThrowAnyException();
        assertThat(garbage.droppedDatagrams()).isEqualTo(droppedBefore + 1);
    }

    @Test
    void lostFinalFlightIsRetransmittedAfterTheHandshakeThreadIsReleased() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        MemoryLink link = new MemoryLink();
        link.dropServerFinalFlightOnce();
        Session session = connect(link, client, CertificateFingerprint.sha256(clientMaterial));

        SrtpKeyMaterial serverKeys = session.listener.complete.get(10, TimeUnit.SECONDS);
        // The client only finishes if a drain task answered its retransmitted flight with ours (RFC 6347
        // §4.2.4): BC's client resends after its 1 s timer.
        session.clientResult.get(10, TimeUnit.SECONDS);

        assertThat(link.serverFinalFlightDropped()).isEqualTo(2);
        assertThat(serverKeys.localMasterKey()).isEqualTo(client.exportKeys().remoteMasterKey());
        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.CONNECTED);
        assertThat(session.listener.events).containsExactly("complete");
        assertWorkRanOnHandshakeThreads(session);
    }

    @Test
    void aFloodIsBoundedByTheQueue() {
        MemoryLink link = new MemoryLink();
        DtlsEndpoint endpoint = context.newEndpoint(CertificateFingerprint.sha256(clientMaterial), link,
                new RecordingListener());
        link.connect(endpoint);
        byte[] record = new byte[100];
        record[0] = 22;

        for (int i = 0; i < 100; i++) {
            link.feed(record, 0, record.length);
        }

        // Not started, so nothing consumes: all beyond the queue's capacity were dropped.
        assertThat(endpoint.droppedDatagrams()).isEqualTo(100 - DtlsServerContext.INBOUND_QUEUE_CAPACITY);
        assertThat(endpoint.state()).isEqualTo(DtlsEndpoint.State.NEW);
    }

    @Test
    void clientCloseNotifyClosesTheEndpoint() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));
        session.listener.complete.get(10, TimeUnit.SECONDS);
        DTLSTransport clientDtls = session.clientResult.get(10, TimeUnit.SECONDS);

        clientDtls.close();

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(session.listener.events).containsExactly("complete", "close");
        assertThat(session.endpoint.state()).isEqualTo(DtlsEndpoint.State.CLOSED);
        assertWorkRanOnHandshakeThreads(session);
    }

    @Test
    void localCloseSendsCloseNotifyToTheClient() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Session session = connect(client, CertificateFingerprint.sha256(clientMaterial));
        session.listener.complete.get(10, TimeUnit.SECONDS);
        DTLSTransport clientDtls = session.clientResult.get(10, TimeUnit.SECONDS);

        session.endpoint.close();
        session.endpoint.close();

        assertThat(session.listener.ended.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(session.listener.events).containsExactly("complete", "close");
        // The client reads the close_notify and, as RFC 5246 §7.2.1 asks, closes its side.
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] buf = new byte[1500];
                return clientDtls.receive(buf, 0, buf.length, 5_000);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, clientExecutor);
        catchThrowable(() -> read.get(10, TimeUnit.SECONDS));
        assertThat(session.link.clientClosed()).isTrue();
        assertThat(session.link.firstBytesToClient()).contains(21);
    }

    @Test
    void closeDuringTheHandshakeReportsCloseNotFailure() throws Exception {
        MemoryLink link = new MemoryLink();
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = context.newEndpoint(CertificateFingerprint.sha256(clientMaterial), link, listener);
        link.connect(endpoint);
        endpoint.start();

        endpoint.close();

        assertThat(listener.ended.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(listener.events).containsExactly("close");
        assertThat(endpoint.state()).isEqualTo(DtlsEndpoint.State.CLOSED);
        assertThat(endpoint.start()).isFalse();
    }

    @Test
    void closeBeforeStartReportsCloseOnTheExecutor() throws Exception {
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = context.newEndpoint(CertificateFingerprint.sha256(clientMaterial), new MemoryLink(),
                listener);

        endpoint.close();

        assertThat(listener.ended.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        assertThat(listener.threads).allSatisfy(t -> assertThat(t.getName()).startsWith(HANDSHAKE_THREAD));
        assertThat(endpoint.start()).isFalse();
    }

    @Test
    void recordsArrivingBeforeStartAreKept() throws Exception {
        DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        MemoryLink link = new MemoryLink();
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = context.newEndpoint(CertificateFingerprint.sha256(clientMaterial), link, listener);
        link.connect(endpoint);
        CompletableFuture<DTLSTransport> clientResult = runClient(client, link);
        assertThat(link.awaitClientDatagrams(1)).as("ClientHello delivered").isTrue();

        endpoint.start();

        assertThat(listener.complete.get(10, TimeUnit.SECONDS).profile())
                .isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        clientResult.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anExecutorWithoutThreadsOfItsOwnIsRefused() throws Exception {
        DtlsServerContext direct = new DtlsServerContext(serverMaterial, Runnable::run, clock, Duration.ofSeconds(10),
                PooledByteBufAllocator.DEFAULT);
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = direct.newEndpoint(CertificateFingerprint.sha256(clientMaterial), new MemoryLink(),
                listener);

        assertThatCode(endpoint::start).doesNotThrowAnyException();

        assertThat(listener.ended.get(1, TimeUnit.SECONDS)).contains("needs threads of its own");
        assertThat(endpoint.state()).isEqualTo(DtlsEndpoint.State.FAILED);
    }

    @Test
    void aRefusingExecutorFailsTheEndpointWithoutThrowing() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        DtlsServerContext refusing = new DtlsServerContext(serverMaterial, stopped, clock, Duration.ofSeconds(10),
                PooledByteBufAllocator.DEFAULT);
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = refusing.newEndpoint(CertificateFingerprint.sha256(clientMaterial), new MemoryLink(),
                listener);

        assertThatCode(endpoint::start).doesNotThrowAnyException();

        assertThat(listener.ended.get(1, TimeUnit.SECONDS)).contains("refused work");
        assertThat(endpoint.state()).isEqualTo(DtlsEndpoint.State.FAILED);
    }

    private Session connect(DtlsTestClient client, CertificateFingerprint expectedClient) {
        return connect(new MemoryLink(), client, expectedClient);
    }

    private Session connect(MemoryLink link, DtlsTestClient client, CertificateFingerprint expectedClient) {
        RecordingListener listener = new RecordingListener();
        DtlsEndpoint endpoint = context.newEndpoint(expectedClient, link, listener);
        link.connect(endpoint);
        endpoint.start();
        return new Session(endpoint, link, listener, runClient(client, link));
    }

    private CompletableFuture<DTLSTransport> runClient(DtlsTestClient client, MemoryLink link) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new DTLSClientProtocol().connect(client, link.clientTransport());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, clientExecutor);
    }

    /** The fatal alert the server sent the client, as the client saw it. */
    private static short clientAlert(Session session) throws Exception {
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> session.clientResult.get(10, TimeUnit.SECONDS));
        Throwable cause = failure.getCause() instanceof CompletionException ? failure.getCause().getCause()
                : failure.getCause();
        assertThat(cause).isInstanceOf(TlsFatalAlertReceived.class);
        return ((TlsFatalAlertReceived) cause).getAlertDescription();
    }

    /**
     * Every callback and every transmit came from the handshake executor, never from the thread that
     * called start() (this test) or fed datagrams (the client's thread, standing in for an event loop).
     */
    private static void assertWorkRanOnHandshakeThreads(Session session) {
        assertThat(session.listener.threads).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getName()).startsWith(HANDSHAKE_THREAD);
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(session.link.onDatagramThreads()).doesNotContain(t);
        });
        assertThat(session.link.transmitterThreads()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getName()).startsWith(HANDSHAKE_THREAD);
            assertThat(session.link.onDatagramThreads()).doesNotContain(t);
        });
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Session(DtlsEndpoint endpoint, MemoryLink link, RecordingListener listener,
            CompletableFuture<DTLSTransport> clientResult) {
    }
}
