package io.edgeway.core.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The Bouncy Castle {@code TlsServer} for one DTLS-SRTP handshake: what this server offers and what it
 * demands of the client. One instance per handshake (BC keeps per-connection state in it).
 *
 * <ul>
 *   <li>DTLS 1.2 only: RFC 8827 §6.5 makes every WebRTC implementation support DTLS 1.2 with
 *       TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 on P-256, so every browser can reach us that way.</li>
 *   <li>ECDHE with ECDSA suites only, listed here on purpose: BC's defaults are RSA suites, and with an
 *       ECDSA certificate they end in handshake_failure. AEAD suites first, server order wins.</li>
 *   <li>use_srtp with {@link SrtpProtectionProfile}'s profiles, GCM preferred.</li>
 *   <li>Extended master secret required (see {@link #requiresExtendedMasterSecret()}).</li>
 *   <li>A client certificate is required and must match the fingerprint from the remote SDP.</li>
 * </ul>
 *
 * <p>Runs entirely on the handshake thread that BC's {@code DTLSServerProtocol.accept} runs on.
 * BC's extension and signature-algorithm API takes raw {@code Hashtable}s and {@code Vector}s, hence the
 * suppressed warnings.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class DtlsSrtpServer extends DefaultTlsServer {

    /**
     * AEAD suites first (what every current browser offers for DTLS), then the CBC suite older WebRTC
     * stacks still fall back to. All ECDHE: forward secrecy for the exported SRTP keys.
     */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsServerContext serverContext;
    private final CertificateFingerprint expectedClientFingerprint;
    private SrtpProtectionProfile selectedProfile;
    private SrtpKeyMaterial keys;

    DtlsSrtpServer(DtlsServerContext serverContext, CertificateFingerprint expectedClientFingerprint) {
        super(serverContext.crypto());
        this.serverContext = serverContext;
        this.expectedClientFingerprint = expectedClientFingerprint;
    }

    /** The SRTP keys, exported when the handshake completed; null before. */
    SrtpKeyMaterial keys() {
        return keys;
    }

    /**
     * Exports the SRTP keys. It has to be here: BC 1.84 allows exportKeyingMaterial only inside this
     * callback (it wipes the master secret once the handshake returns) and throws IllegalStateException
     * anywhere else. A failure here aborts the handshake with internal_error.
     */
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

    /** Our list is ordered by preference (AEAD first); without this BC follows the client's order. */
    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    /**
     * RFC 7627 §5.2 lets a server refuse clients without the extended master secret. We do: the SRTP
     * keys come from the exporter, and without EMS the triple-handshake attack (RFC 7627 §1) can give
     * two connections with different peers the same master secret, and so the same SRTP keys. The
     * browsers' DTLS stacks (BoringSSL, NSS) send the extension, and so does BC's client.
     */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        // Keys for SRTP are the whole point of this handshake; WebRTC media without them is not allowed
        // (RFC 8827 §6.5), so a client that does not offer use_srtp is refused outright.
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        selectedProfile = SrtpProtectionProfile.select(offered.getProtectionProfiles());
        if (selectedProfile == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "no SRTP protection profile in common with the client");
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable serverExtensions = super.getServerExtensions();
        // RFC 5764 §4.1.1: the answer names exactly one profile. An empty srtp_mki tells the client we
        // do not use its MKI, which it must accept; SRTP contexts here are keyed by SSRC, not by MKI.
        TlsSRTPUtils.addUseSRTPExtension(serverExtensions,
                new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        return serverExtensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        // Picks from the client's signature_algorithms (or the RFC 5246 §7.4.1.4.1 default when it sent
        // none) an ECDSA scheme to sign ServerKeyExchange with.
        Vector clientSigAlgs = context.getSecurityParametersHandshake().getClientSigAlgs();
        SignatureAndHashAlgorithm signatureAlgorithm =
                TlsUtils.chooseSignatureAndHashAlgorithm(context, clientSigAlgs, SignatureAlgorithm.ecdsa);
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context),
                (JcaTlsCrypto) getCrypto(), serverContext.material().key(), serverContext.certificateChain(),
                signatureAlgorithm);
    }

    /**
     * RFC 5763 §5: both ends authenticate each other's certificate by the fingerprint in the SDP, so
     * the server must ask the client for one. ECDSA is what browsers generate by default; RSA is kept
     * because an application may create an RSA RTCCertificate.
     */
    @Override
    public CertificateRequest getCertificateRequest() {
        Vector signatureAlgorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                signatureAlgorithms, null);
    }

    /**
     * Checks the client's certificate against the remote SDP's fingerprint. BC then checks the client's
     * CertificateVerify signature against this certificate's key, which proves the client holds it.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        // RFC 5246 §7.4.6: a server that needs a client certificate answers an empty one with a fatal
        // handshake_failure alert.
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client sent no certificate");
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        // RFC 5763 §5: a certificate that does not match the fingerprint from the SDP must end the
        // session; without this check any client could claim the participant's media keys.
        if (!expectedClientFingerprint.matches(der)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                    "client certificate does not match the SDP fingerprint");
        }
    }
}
