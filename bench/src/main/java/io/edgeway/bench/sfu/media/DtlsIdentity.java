package io.edgeway.bench.sfu.media;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A synthetic participant's DTLS certificate, as a browser's {@code RTCCertificate}: ECDSA P-256,
 * self-signed, made at start, authenticated by the SHA-256 fingerprint its SDP carries (RFC 8827 §6.5).
 * Immutable and thread-safe.
 */
public final class DtlsIdentity {

    private final TlsMaterial material;
    private final JcaTlsCrypto crypto;
    private final Certificate chain;
    private final String fingerprint;

    private DtlsIdentity(TlsMaterial material) {
        this.material = material;
        this.crypto = (JcaTlsCrypto) new JcaTlsCryptoProvider().create(new SecureRandom());
        try {
            TlsCertificate certificate = crypto.createCertificate(material.certificate().getEncoded());
            this.chain = new Certificate(new TlsCertificate[] {certificate});
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a fresh certificate", e);
        }
        this.fingerprint = CertificateFingerprint.sha256(material).toSdpValue();
    }

    /** A new certificate (a few milliseconds of key generation). */
    public static DtlsIdentity generate(String name) {
        return new DtlsIdentity(SelfSignedCertificates.generate(name, List.of(), Duration.ofDays(30)));
    }

    JcaTlsCrypto crypto() {
        return crypto;
    }

    /** {@code sha-256 AB:CD:...} as in {@code a=fingerprint}. */
    public String sdpFingerprint() {
        return fingerprint;
    }

    /** The hex part of {@link #sdpFingerprint()}. */
    public String fingerprintHex() {
        return fingerprint.substring(fingerprint.indexOf(' ') + 1);
    }

    /** A signer for one handshake (ECDSA with SHA-256, which every WebRTC stack accepts). */
    TlsCredentialedSigner signer(TlsContext context) {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, material.key(), chain,
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
