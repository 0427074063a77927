package io.edgeway.core.media.dtls;

import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBufAllocator;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * What all DTLS endpoints of one process share: the certificate (a {@link TlsMaterial}, normally made by
 * {@code SelfSignedCertificates} at start-up; WebRTC authenticates it by fingerprint, not by CA), BC's
 * crypto, the executor that runs handshakes, the clock and the handshake deadline. Creates one
 * {@link DtlsEndpoint} per participant.
 *
 * <p>Immutable and thread-safe; build one at start-up. The crypto is BC's JCA flavour over the JDK's
 * own providers (Bouncy Castle is not registered as a JCA provider), so the JDK-made EC key of
 * {@link TlsMaterial} signs as it is.
 *
 * <p><b>The handshake executor</b> must run tasks on threads of its own, never on an event loop: each
 * running handshake blocks one of its threads until it completes or its deadline passes (at most
 * {@link #DEFAULT_HANDSHAKE_TIMEOUT} by default), and after that the endpoint uses it briefly for
 * late records and close. Size it for the number of participants expected to join at the same
 * moment; a handshake waiting for a free thread is still bound by its deadline, counted from
 * {@link DtlsEndpoint#start()}.
 */
public final class DtlsServerContext {

    /** How long a participant has to finish its handshake after {@link DtlsEndpoint#start()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Largest datagram we send, in bytes. IPv6 guarantees a 1280-byte MTU (RFC 8200 §5); less the IPv6
     * and UDP headers (48) that leaves 1232 for a datagram that is never fragmented on any IPv6 path,
     * and 1200 leaves room for the 4-byte ChannelData header (RFC 8656 §12.4) that a participant's TURN
     * server adds on its own leg, plus a margin for tunnels. Only the certificate flight comes close to it; BC fragments
     * handshake messages to fit (RFC 6347 §4.2.3).
     */
    public static final int SEND_LIMIT = 1200;

    /**
     * Largest datagram we accept, in bytes: an Ethernet MTU's worth. Peers size their flights to their
     * own idea of the MTU, which may be larger than our {@link #SEND_LIMIT}; a datagram above 1500 bytes
     * would have been fragmented on the way and is not worth the memory. Larger ones are dropped.
     */
    public static final int RECEIVE_LIMIT = 1500;

    /**
     * Records queued per endpoint before the handshake thread takes them. A client's flight is a
     * handful of datagrams; more than this waiting means a flood, and the excess is dropped.
     */
    public static final int INBOUND_QUEUE_CAPACITY = 32;

    private final TlsMaterial material;
    private final Certificate certificateChain;
    private final JcaTlsCrypto crypto;
    private final Executor handshakeExecutor;
    private final Clock clock;
    private final Duration handshakeTimeout;
    private final ByteBufAllocator allocator;
    private final CertificateFingerprint localFingerprint;

    /**
     * @param material this process's DTLS certificate and key; the key must be EC on P-256
     * @param handshakeExecutor runs handshakes; must not be an event loop or a direct executor
     * @param clock the source of the handshake deadline
     * @param handshakeTimeout positive
     * @param allocator allocates the datagrams handed to each endpoint's {@link DtlsTransmitter}
     * @throws IllegalArgumentException if the key is not EC P-256 or the timeout is not positive
     */
    public DtlsServerContext(TlsMaterial material, Executor handshakeExecutor, Clock clock, Duration handshakeTimeout,
            ByteBufAllocator allocator) {
        this.material = Objects.requireNonNull(material, "material");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
        this.handshakeTimeout = handshakeTimeout;
        requireP256(material.certificate());
        this.crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        this.certificateChain = toBcCertificate(crypto, material.chain());
        this.localFingerprint = CertificateFingerprint.sha256(material);
    }

    /** System clock, {@link #DEFAULT_HANDSHAKE_TIMEOUT}, Netty's default allocator. */
    public static DtlsServerContext create(TlsMaterial material, Executor handshakeExecutor) {
        return new DtlsServerContext(material, handshakeExecutor, Clock.SYSTEM, DEFAULT_HANDSHAKE_TIMEOUT,
                ByteBufAllocator.DEFAULT);
    }

    /** This process's certificate fingerprint, for {@code a=fingerprint:} in every SDP answer. */
    public CertificateFingerprint localFingerprint() {
        return localFingerprint;
    }

    /**
     * A new endpoint for one participant, not yet started. Records may be fed to it before
     * {@link DtlsEndpoint#start()}; they wait in its queue.
     *
     * @param expectedRemoteFingerprint the participant's {@code a=fingerprint} from its SDP
     */
    public DtlsEndpoint newEndpoint(CertificateFingerprint expectedRemoteFingerprint, DtlsTransmitter transmitter,
            DtlsListener listener) {
        return new DtlsEndpoint(this, Objects.requireNonNull(expectedRemoteFingerprint, "expectedRemoteFingerprint"),
                Objects.requireNonNull(transmitter, "transmitter"), Objects.requireNonNull(listener, "listener"));
    }

    /**
     * As {@link #newEndpoint(CertificateFingerprint, DtlsTransmitter, DtlsListener)} with the SDP value,
     * e.g. {@code "sha-256 AB:CD:..."}.
     *
     * @throws IllegalArgumentException if the value is malformed; it comes from a remote SDP, so parse it
     *     with {@link CertificateFingerprint#parse} while handling the offer and reject the offer instead
     */
    public DtlsEndpoint newEndpoint(String expectedRemoteFingerprint, DtlsTransmitter transmitter,
            DtlsListener listener) {
        return newEndpoint(CertificateFingerprint.parse(expectedRemoteFingerprint), transmitter, listener);
    }

    TlsMaterial material() {
        return material;
    }

    Certificate certificateChain() {
        return certificateChain;
    }

    JcaTlsCrypto crypto() {
        return crypto;
    }

    Executor handshakeExecutor() {
        return handshakeExecutor;
    }

    Clock clock() {
        return clock;
    }

    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    ByteBufAllocator allocator() {
        return allocator;
    }

    /**
     * Our cipher suites are ECDHE_ECDSA only and the signature scheme is chosen for P-256; any other key
     * would fail every handshake, so refuse it at start-up instead.
     */
    private static void requireP256(X509Certificate certificate) {
        if (!(certificate.getPublicKey() instanceof ECPublicKey ecKey) || !isP256(ecKey.getParams())) {
            throw new IllegalArgumentException("DTLS needs an ECDSA P-256 certificate, got a "
                    + certificate.getPublicKey().getAlgorithm() + " key (use SelfSignedCertificates)");
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
            p256.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec expected = p256.getParameterSpec(ECParameterSpec.class);
            return expected.getCurve().equals(params.getCurve())
                    && expected.getGenerator().equals(params.getGenerator())
                    && expected.getOrder().equals(params.getOrder());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides the P-256 curve", e);
        }
    }

    private static Certificate toBcCertificate(JcaTlsCrypto crypto, X509Certificate[] chain) {
        TlsCertificate[] converted = new TlsCertificate[chain.length];
        try {
            for (int i = 0; i < chain.length; i++) {
                converted[i] = crypto.createCertificate(chain[i].getEncoded());
            }
        } catch (CertificateEncodingException | java.io.IOException e) {
            throw new IllegalArgumentException("certificate cannot be re-encoded for DTLS", e);
        }
        return new Certificate(converted);
    }
}
