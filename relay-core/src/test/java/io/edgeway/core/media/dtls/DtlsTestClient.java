package io.edgeway.core.media.dtls;

import io.edgeway.core.tls.TlsMaterial;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A Bouncy Castle DTLS 1.2 client playing the browser: offers ECDHE_ECDSA suites and use_srtp, presents
 * its own certificate (or none) and checks the server's against the fingerprint it was given, as a
 * browser checks the SDP answer's.
 */
public final class DtlsTestClient extends DefaultTlsClient {

    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final TlsMaterial own;
    private final CertificateFingerprint expectedServer;
    private final int[] offeredProfiles;
    private volatile SrtpProtectionProfile selectedProfile;
    private volatile SrtpKeyMaterial keys;
    private final java.util.concurrent.CountDownLatch closeNotify = new java.util.concurrent.CountDownLatch(1);

    /**
     * @param own the client's certificate, or null to send none
     * @param offeredProfiles use_srtp offer in the client's order, or null to send no use_srtp
     */
    DtlsTestClient(TlsMaterial own, CertificateFingerprint expectedServer, int... offeredProfiles) {
        super(new JcaTlsCryptoProvider().create(new SecureRandom()));
        this.own = own;
        this.expectedServer = expectedServer;
        this.offeredProfiles = offeredProfiles;
    }

    public static DtlsTestClient offering(TlsMaterial own, CertificateFingerprint expectedServer,
            SrtpProtectionProfile... profiles) {
        int[] ids = new int[profiles.length];
        for (int i = 0; i < profiles.length; i++) {
            ids[i] = profiles[i].id();
        }
        return new DtlsTestClient(own, expectedServer, ids);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == org.bouncycastle.tls.AlertDescription.close_notify) {
            closeNotify.countDown();
        }
        super.notifyAlertReceived(alertLevel, alertDescription);
    }

    /** Whether the server's close_notify alert arrived within the timeout. */
    public boolean awaitCloseNotify(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return closeNotify.await(timeout, unit);
    }

    public SrtpProtectionProfile selectedProfile() {
        return selectedProfile;
    }

    /** The client's view of the keys, exported the same way the endpoint does. */
    public SrtpKeyMaterial exportKeys() {
        return keys;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = DtlsKeyExporter.export(context, selectedProfile);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    /** Long enough never to matter in a passing test, short enough to free the thread of a failing one. */
    @Override
    public int getHandshakeTimeoutMillis() {
        return 8_000;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (offeredProfiles != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer == null || answer.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must select one SRTP profile");
        }
        selectedProfile = SrtpProtectionProfile.forId(answer.getProtectionProfiles()[0]);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                if (!expectedServer.matches(der)) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
                }
            }

            @Override
            @SuppressWarnings("rawtypes")
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                if (own == null) {
                    return null;
                }
                Vector offered = request.getSupportedSignatureAlgorithms();
                SignatureAndHashAlgorithm algorithm =
                        TlsUtils.chooseSignatureAndHashAlgorithm(context, offered, SignatureAlgorithm.ecdsa);
                JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
                TlsCertificate certificate;
                try {
                    certificate = crypto.createCertificate(own.certificate().getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new IOException(e);
                }
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, own.key(),
                        new Certificate(new TlsCertificate[] {certificate}), algorithm);
            }
        };
    }
}
