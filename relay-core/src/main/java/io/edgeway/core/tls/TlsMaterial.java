package io.edgeway.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A server certificate chain and its private key, checked to belong together: what a TLS listener
 * presents, and (through {@link #fingerprintSha256()}) what a DTLS endpoint will advertise in SDP.
 *
 * <p>Immutable and safe to share between threads; a reload builds a new instance instead of changing
 * this one. {@link #chain()} hands out a copy of the array. The private key object is the provider's
 * own and is never printed: {@link #toString()} shows source, subject, expiry and fingerprint only.
 *
 * <p>Every instance has passed two checks, whichever way it was made:
 * <ul>
 *   <li>the chain starts with the server certificate and each certificate is followed by the one that
 *       issued it, checked by name and signature. RFC 5246 §7.4.2 (TLS 1.2) says the sender's certificate
 *       MUST come first and each following one MUST directly certify the one preceding it (RFC 8446
 *       §4.4.2 keeps the first rule and softens the second to SHOULD); refusing here beats serving a
 *       chain that clients cannot build;</li>
 *   <li>the private key belongs to the leaf certificate, proven by signing a probe with the key and
 *       verifying it with the certificate's public key. This works for every key type the JDK's TLS
 *       engine serves (EC, RSA, EdDSA) without comparing key internals.</li>
 * </ul>
 * Expiry is not checked here: {@link #notAfter()} is exposed so the caller (start-up, hot reload,
 * metrics) decides what an expired or nearly expired certificate means.
 */
public final class TlsMaterial {

    /** What {@link #source()} says for material made by {@link SelfSignedCertificates}. */
    public static final String SELF_SIGNED = "self-signed";

    private static final byte[] KEY_MATCH_PROBE =
            "edgeway: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final String source;
    private final String fingerprintSha256;

    private TlsMaterial(List<X509Certificate> chain, PrivateKey key, String source) {
        this.chain = chain;
        this.key = key;
        this.source = source;
        this.fingerprintSha256 = fingerprintSha256(chain.get(0));
    }

    /**
     * Checks and wraps material that is already in memory (a generated certificate, or one handed over
     * by an ACME client).
     *
     * @param chain the server certificate first, then each issuer in turn; not empty
     * @param key the server certificate's private key
     * @param source where the material came from, for logs and status pages
     * @throws TlsMaterialException if the chain is out of order or the key does not belong to it
     */
    public static TlsMaterial of(List<X509Certificate> chain, PrivateKey key, String source)
            throws TlsMaterialException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        List<X509Certificate> copy = List.copyOf(chain);
        if (copy.isEmpty()) {
            throw new TlsMaterialException("empty certificate chain");
        }
        String chainProblem = chainProblem(copy);
        if (chainProblem != null) {
            throw new TlsMaterialException(chainProblem);
        }
        String keyProblem = keyProblem(copy.get(0), key);
        if (keyProblem != null) {
            throw new TlsMaterialException(keyProblem);
        }
        return new TlsMaterial(copy, key, source);
    }

    /**
     * Reads a PEM certificate chain and a PEM private key, as operators and ACME clients store them.
     *
     * <p>The chain file holds one or more {@code CERTIFICATE} blocks, server certificate first. The key
     * file holds one unencrypted key as PKCS#8 ({@code PRIVATE KEY}), SEC 1 ({@code EC PRIVATE KEY},
     * optionally preceded by {@code EC PARAMETERS} as {@code openssl ecparam -genkey} writes it) or PKCS#1
     * ({@code RSA PRIVATE KEY}); an EC key that does not name its curve gets the server certificate's.
     * Blocks of the other kind are skipped, so one combined file may be given
     * for both arguments. Encrypted keys are refused: a server restarted unattended has no one to type
     * the passphrase.
     *
     * <p>Blocking file I/O plus one signature: call it from a start-up or reload thread, never from an
     * event loop.
     *
     * @throws TlsMaterialException naming the file and the reason, for unreadable files, files without
     *     the expected block, malformed or encrypted blocks, an out-of-order chain, or a key that does
     *     not belong to the server certificate
     */
    public static TlsMaterial fromPem(Path certificateChain, Path privateKey) throws TlsMaterialException {
        List<X509Certificate> chain = PemTlsMaterialReader.readCertificateChain(certificateChain);
        String chainProblem = chainProblem(chain);
        if (chainProblem != null) {
            throw new TlsMaterialException(certificateChain + ": " + chainProblem);
        }
        PrivateKey key = PemTlsMaterialReader.readPrivateKey(privateKey, chain.get(0));
        String keyProblem = keyProblem(chain.get(0), key);
        if (keyProblem != null) {
            throw new TlsMaterialException(privateKey + ": " + keyProblem + "; certificate file " + certificateChain);
        }
        return new TlsMaterial(chain, key, "certificate " + certificateChain + ", key " + privateKey);
    }

    /**
     * Writes the chain as {@code CERTIFICATE} blocks and the key as PKCS#8 {@code PRIVATE KEY}, in the
     * form {@link #fromPem} reads. Each file is written beside its target and then renamed over it, so a
     * reader never sees half a file; the key file is created owner-read/write only where the file system
     * has POSIX permissions. The key file is replaced first: a reload that runs between the two renames
     * sees a new key with the old certificate, fails the match check and keeps what it had.
     *
     * @throws IOException if a file cannot be written
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        PemTlsMaterialWriter.write(this, certificateFile, keyFile);
    }

    /** A copy of the chain, server certificate first, as Netty's {@code SslContextBuilder} takes it. */
    public X509Certificate[] chain() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** The server (leaf) certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The server certificate's private key. */
    public PrivateKey key() {
        return key;
    }

    /** Where the material came from: the two file paths, {@link #SELF_SIGNED}, or what the caller said. */
    public String source() {
        return source;
    }

    /** When the server certificate expires (intermediates are not considered). */
    public Instant notAfter() {
        return chain.get(0).getNotAfter().toInstant();
    }

    /**
     * SHA-256 of the server certificate's DER encoding as upper-case hex pairs joined by colons, the form
     * of the SDP {@code a=fingerprint:sha-256} attribute (RFC 8122 §5).
     */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    @Override
    public String toString() {
        return "TlsMaterial[source=" + source
                + ", subject=" + certificate().getSubjectX500Principal().getName()
                + ", notAfter=" + notAfter()
                + ", sha256=" + fingerprintSha256 + "]";
    }

    /** Null if each certificate is followed by its issuer, else why not (1-based positions). */
    static String chainProblem(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate subject = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            String order = "certificate " + (i + 2) + " (" + issuer.getSubjectX500Principal().getName()
                    + ") is not the issuer of certificate " + (i + 1) + " ("
                    + subject.getSubjectX500Principal().getName()
                    + "); the chain must start with the server certificate, each followed by its issuer";
            if (!subject.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return order;
            }
            try {
                subject.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                return order + " (signature check failed: " + e.getMessage() + ")";
            }
        }
        return null;
    }

    /** Null if {@code key} is the private half of the certificate's public key, else why not. */
    static String keyProblem(X509Certificate certificate, PrivateKey key) {
        String keyFamily = family(key.getAlgorithm());
        if (keyFamily == null) {
            return "unsupported key algorithm " + key.getAlgorithm() + " (use EC, RSA or Ed25519)";
        }
        PublicKey publicKey = certificate.getPublicKey();
        if (!keyFamily.equals(family(publicKey.getAlgorithm()))) {
            return "key does not match certificate (key is " + key.getAlgorithm() + ", certificate key is "
                    + publicKey.getAlgorithm() + ")";
        }
        String signatureAlgorithm = switch (keyFamily) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "EdDSA";
        };
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(KEY_MATCH_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(KEY_MATCH_PROBE);
            return verifier.verify(signature) ? null : "key does not match certificate";
        } catch (GeneralSecurityException e) {
            return "key does not match certificate (" + e.getMessage() + ")";
        }
    }

    /** Normalises provider spellings ("ECDSA" from Bouncy Castle, "Ed25519" from the JDK). */
    private static String family(String algorithm) {
        switch (algorithm) {
            case "EC":
            case "ECDSA":
                return "EC";
            case "RSA":
                return "RSA";
            case "EdDSA":
            case "Ed25519":
            case "Ed448":
                return "EdDSA";
            default:
                return null;
        }
    }

    private static String fingerprintSha256(X509Certificate certificate) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
        StringBuilder hex = new StringBuilder(digest.length * 3 - 1);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                hex.append(':');
            }
            hex.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            hex.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return hex.toString();
    }
}
