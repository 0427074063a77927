package io.edgeway.bench.sfu.media;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * One DTLS 1.2 handshake for DTLS-SRTP (RFC 5764), with Bouncy Castle directly (not Edgeway's
 * {@code DtlsEndpoint}): as the client, which is the browser's role against Edgeway (the SFU answers
 * {@code setup:passive}) and in Janus subscriptions; or as the server, when Janus answers our offer with
 * {@code setup:active}. Both ends authenticate by the fingerprint in the other's SDP (RFC 5763 §5).
 * The SRTP keys come from the exporter (RFC 5764 §4.2), split by this class, not by Edgeway's code.
 *
 * <p>The handshake blocks a thread of the given executor (never an event loop); datagrams arrive through
 * {@link #offer} from the transport's loop and leave through the {@code send} callback, which may be
 * called from the handshake thread. Records after the handshake are dropped (the transport carries no
 * data channel).
 */
public final class DtlsHandshake {

    /** Chromium offers these (BoringSSL's order), GCM first; Edgeway and Janus accept both. */
    static final int[] SRTP_PROFILES = {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
        SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    /** Records waiting for the handshake thread; a flight is a handful. */
    private static final int QUEUE = 64;
    private static final int MTU = 1200;
    public static final int TIMEOUT_MILLIS = 20_000;

    /** What the handshake produced: the profile and both directions' master keys and salts. */
    public record Keys(int profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        public boolean gcm() {
            return profile == SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM;
        }
    }

    /** Hears the outcome once, on the handshake thread. */
    public interface Listener {
        void onKeys(Keys keys);

        void onFailed(Exception cause);
    }

    private final DtlsIdentity identity;
    private final boolean client;
    private final CertificateFingerprint remoteFingerprint;
    private final Consumer<byte[]> send;
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private volatile boolean done;

    public DtlsHandshake(DtlsIdentity identity, boolean client, String remoteFingerprint, Consumer<byte[]> send) {
        this.identity = identity;
        this.client = client;
        this.remoteFingerprint = CertificateFingerprint.parse(remoteFingerprint);
        this.send = send;
    }

    public boolean client() {
        return client;
    }

    /** Runs the handshake on {@code executor}; the listener hears the keys or the failure. */
    public void start(Executor executor, Listener listener) {
        executor.execute(() -> {
            try {
                Transport transport = new Transport();
                Keys keys;
                if (client) {
                    SrtpClient tls = new SrtpClient();
                    DTLSTransport dtls = new DTLSClientProtocol().connect(tls, transport);
                    keys = tls.keys;
                    drop(dtls);
                } else {
                    SrtpServer tls = new SrtpServer();
                    DTLSTransport dtls = new DTLSServerProtocol().accept(tls, transport);
                    keys = tls.keys;
                    drop(dtls);
                }
                done = true;
                listener.onKeys(keys);
            } catch (Exception e) {
                done = true;
                listener.onFailed(e);
            }
        });
    }

    /**
     * Runs {@code count} handshakes between a client and a server of this class in memory, on
     * {@code executor}, and checks that both ends derived the same keys: a self-test of both roles, and a
     * warm-up of Bouncy Castle's elliptic-curve code, which interpreted takes a second or more per
     * handshake: without it the first participants' handshakes queue behind each other past the SFU's
     * handshake deadline.
     */
    public static void warmUp(Executor executor, int count) throws Exception {
        DtlsIdentity a = DtlsIdentity.generate("warm-up-client");
        DtlsIdentity b = DtlsIdentity.generate("warm-up-server");
        for (int i = 0; i < count; i++) {
            DtlsHandshake[] pair = new DtlsHandshake[2];
            pair[0] = new DtlsHandshake(a, true, b.sdpFingerprint(), record -> pair[1].offer(record));
            pair[1] = new DtlsHandshake(b, false, a.sdpFingerprint(), record -> pair[0].offer(record));
            java.util.concurrent.CompletableFuture<Keys> client = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Keys> server = new java.util.concurrent.CompletableFuture<>();
            pair[1].start(executor, listener(server));
            pair[0].start(executor, listener(client));
            Keys c = client.get(30, TimeUnit.SECONDS);
            Keys s = server.get(30, TimeUnit.SECONDS);
            if (!java.util.Arrays.equals(c.localKey(), s.remoteKey()) || !java.util.Arrays.equals(c.remoteSalt(), s.localSalt())) {
                throw new IllegalStateException("DTLS client and server derived different SRTP keys");
            }
        }
    }

    private static Listener listener(java.util.concurrent.CompletableFuture<Keys> result) {
        return new Listener() {
            @Override
            public void onKeys(Keys keys) {
                result.complete(keys);
            }

            @Override
            public void onFailed(Exception cause) {
                result.completeExceptionally(cause);
            }
        };
    }

    /** A DTLS record from the peer (first byte 20-63), copied; dropped once the handshake is over. */
    public void offer(byte[] record) {
        if (!done && !closed) {
            inbound.offer(record);
        }
    }

    public void close() {
        closed = true;
    }

    /** The connection carries nothing after the handshake; its transport stays open until the link closes. */
    private static void drop(DTLSTransport dtls) {
        // Deliberately left open: closing would send close_notify and tear down the SRTP association.
    }

    // ------------------------------------------------------------------------ BC's transport and peers

    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("transport closed");
            }
            try {
                byte[] record = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (record == null) {
                    return -1;
                }
                int n = Math.min(len, record.length);
                System.arraycopy(record, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("transport closed");
            }
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            send.accept(copy);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** RFC 5764 §4.2: client key | server key | client salt | server salt, from the exporter. */
    private Keys export(TlsContext context, int profile) {
        int keyLength = 16;
        int saltLength = profile == SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM ? 12 : 14;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (keyLength + saltLength));
        byte[] clientKey = slice(material, 0, keyLength);
        byte[] serverKey = slice(material, keyLength, keyLength);
        byte[] clientSalt = slice(material, 2 * keyLength, saltLength);
        byte[] serverSalt = slice(material, 2 * keyLength + saltLength, saltLength);
        return client ? new Keys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new Keys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    private static byte[] slice(byte[] from, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(from, offset, out, 0, length);
        return out;
    }

    private void checkPeer(Certificate certificate) throws IOException {
        if (certificate == null || certificate.isEmpty()
                || !remoteFingerprint.matches(certificate.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match its SDP fingerprint");
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class SrtpClient extends DefaultTlsClient {
        int profile;
        Keys keys;

        SrtpClient() {
            super(identity.crypto());
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return TIMEOUT_MILLIS;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(SRTP_PROFILES, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose no SRTP profile");
            }
            profile = chosen.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return identity.signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            // BC allows the exporter only inside this callback.
            keys = export(context, profile);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class SrtpServer extends DefaultTlsServer {
        int profile;
        Keys keys;

        SrtpServer() {
            super(identity.crypto());
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return TIMEOUT_MILLIS;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered != null) {
                for (int ours : SRTP_PROFILES) {
                    for (int theirs : offered.getProtectionProfiles()) {
                        if (ours == theirs && profile == 0) {
                            profile = ours;
                        }
                    }
                }
            }
            if (profile == 0) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP profile in common");
            }
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() {
            return identity.signer(context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            checkPeer(clientCertificate);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keys = export(context, profile);
        }
    }
}
