package io.edgeway.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files behind {@link TlsMaterial#fromPem}. Bouncy Castle's {@link PEMParser} decodes the
 * blocks; the converters turn them into JDK-provider objects (no provider is named, so the JDK's
 * {@code CertificateFactory} and {@code KeyFactory} are used), which is what the JDK's TLS engine wants.
 *
 * <p>Every failure becomes a {@link TlsMaterialException} whose message starts with the file's path.
 * Stateless; blocking file I/O.
 */
final class PemTlsMaterialReader {

    /**
     * A certificate chain or key file is a few kilobytes. Reading stops beyond this, so a path pointing
     * at a device or a log file fails quickly instead of filling the heap.
     */
    static final int MAX_FILE_BYTES = 1 << 20;

    private PemTlsMaterialReader() {
    }

    /** All {@code CERTIFICATE} blocks of the file, in file order; other blocks are skipped. */
    static List<X509Certificate> readCertificateChain(Path file) throws TlsMaterialException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(readText(file)))) {
            Object block;
            while ((block = nextBlock(parser, file)) != null) {
                if (block instanceof X509CertificateHolder) {
                    chain.add(converter.getCertificate((X509CertificateHolder) block));
                }
            }
        } catch (CertificateException e) {
            throw new TlsMaterialException(file + ": malformed certificate " + (chain.size() + 1) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsMaterialException(file + ": no CERTIFICATE block");
        }
        return List.copyOf(chain);
    }

    /**
     * The file's one unencrypted private key; certificate and curve-parameter blocks are skipped.
     *
     * @param certificate the server certificate the key is for; names the curve of an EC key whose
     *     encoding leaves it out (SEC 1 makes the parameters optional, RFC 5915 §3, and Bouncy Castle's own
     *     PEM writer omits them). A wrong guess cannot pass: the caller still checks that key and
     *     certificate match.
     */
    static PrivateKey readPrivateKey(Path file, X509Certificate certificate) throws TlsMaterialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKeyInfo found = null;
        try (PEMParser parser = new PEMParser(new StringReader(readText(file)))) {
            Object block;
            while ((block = nextBlock(parser, file)) != null) {
                PrivateKeyInfo info;
                if (block instanceof PrivateKeyInfo) {
                    info = (PrivateKeyInfo) block; // PRIVATE KEY (PKCS#8)
                } else if (block instanceof PEMKeyPair) {
                    info = ((PEMKeyPair) block).getPrivateKeyInfo(); // EC PRIVATE KEY, RSA PRIVATE KEY
                } else if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
                    throw new TlsMaterialException(file + ": encrypted keys are not supported"
                            + " (decrypt it, e.g. openssl pkey -in encrypted.pem -out key.pem)");
                } else {
                    continue;
                }
                if (found != null) {
                    throw new TlsMaterialException(file + ": more than one private key");
                }
                found = info;
            }
            if (found == null) {
                throw new TlsMaterialException(file
                        + ": no private key block (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
            }
            return converter.getPrivateKey(withCurveFrom(certificate, found));
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo withCurveFrom(X509Certificate certificate, PrivateKeyInfo key) throws IOException {
        AlgorithmIdentifier algorithm = key.getPrivateKeyAlgorithm();
        boolean curveMissing = algorithm.getParameters() == null || algorithm.getParameters() instanceof ASN1Null;
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm()) || !curveMissing) {
            return key;
        }
        AlgorithmIdentifier certificateAlgorithm =
                SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(certificateAlgorithm.getAlgorithm())) {
            return key; // a non-EC certificate cannot name the curve; conversion fails with the reason
        }
        return new PrivateKeyInfo(certificateAlgorithm, key.parsePrivateKey(), key.getAttributes());
    }

    /**
     * The next decoded block, or null at the end. Bouncy Castle reports bad Base64 as an unchecked
     * exception; it is turned into a message here like every other decoding failure.
     */
    private static Object nextBlock(PEMParser parser, Path file) throws TlsMaterialException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(file + ": malformed PEM: " + e.getMessage(), e);
        }
    }

    /**
     * The file as text. PEM is ASCII; ISO-8859-1 maps every byte to a character, so a binary file reaches
     * the parser (and fails there with a clear message) instead of failing in the charset decoder.
     */
    private static String readText(Path file) throws TlsMaterialException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": cannot read: " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new TlsMaterialException(file + ": larger than " + MAX_FILE_BYTES + " bytes, not a PEM file");
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
