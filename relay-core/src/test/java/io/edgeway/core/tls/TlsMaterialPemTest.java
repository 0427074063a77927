package io.edgeway.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialPemTest {

    /** Only to write encrypted test keys (the JDK lacks the cipher names BC asks for); never registered. */
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    @TempDir
    Path dir;

    private Path certFile() {
        return dir.resolve("cert.pem");
    }

    private Path keyFile() {
        return dir.resolve("key.pem");
    }

    @Test
    void ecMaterialRoundTripsThroughPemFiles() throws Exception {
        TlsMaterial written = SelfSignedCertificates.generate("edge", List.of("127.0.0.1"), Duration.ofDays(1));
        written.writePem(certFile(), keyFile());

        TlsMaterial read = TlsMaterial.fromPem(certFile(), keyFile());

        assertThat(read.chain()).containsExactly(written.certificate());
        assertThat(read.key().getEncoded()).isEqualTo(written.key().getEncoded());
        assertThat(read.fingerprintSha256()).isEqualTo(written.fingerprintSha256());
        assertThat(read.notAfter()).isEqualTo(written.notAfter());
        assertThat(read.source()).contains(certFile().toString(), keyFile().toString());
        assertThat(Files.readString(keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certFile())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void writtenKeyIsOwnerOnlyAndRewritingLeavesNoTemporaryFiles() throws Exception {
        TlsMaterial first = SelfSignedCertificates.generate("first", List.of(), Duration.ofDays(1));
        TlsMaterial second = SelfSignedCertificates.generate("second", List.of(), Duration.ofDays(1));
        first.writePem(certFile(), keyFile());
        second.writePem(certFile(), keyFile());

        assertThat(TlsMaterial.fromPem(certFile(), keyFile()).fingerprintSha256())
                .isEqualTo(second.fingerprintSha256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @Test
    void readsAnRsaKeyInPkcs1Form() throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        X509Certificate certificate = TestPki.selfIssued("rsa", rsa);
        TestPki.writePem(certFile(), certificate);
        TestPki.writePem(keyFile(), rsa.getPrivate());
        assertThat(Files.readString(keyFile())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        TlsMaterial material = TlsMaterial.fromPem(certFile(), keyFile());

        assertThat(material.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(material.key().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(material.certificate()).isEqualTo(certificate);
    }

    @Test
    void readsAnRsaKeyInPkcs8Form() throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        TestPki.writePem(certFile(), TestPki.selfIssued("rsa", rsa));
        TestPki.writePem(keyFile(), new JcaPKCS8Generator(rsa.getPrivate(), null));
        assertThat(Files.readString(keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");

        TlsMaterial material = TlsMaterial.fromPem(certFile(), keyFile());

        assertThat(material.key().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
    }

    @Test
    void readsATraditionalEcKeyAfterTheCurveParametersAsOpensslWritesThem() throws Exception {
        KeyPair ec = TestPki.ecKeyPair();
        TestPki.writePem(certFile(), TestPki.selfIssued("ec", ec));
        // openssl ecparam -name prime256v1 -genkey: EC PARAMETERS, then SEC 1 with curve and public key.
        ECPrivateKey sec1 = new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(),
                SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()).getPublicKeyData(),
                SECObjectIdentifiers.secp256r1);
        TestPki.writePem(keyFile(), new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()),
                new PemObject("EC PRIVATE KEY", sec1.getEncoded()));

        TlsMaterial material = TlsMaterial.fromPem(certFile(), keyFile());

        // The encodings differ (this one carries curve and public key); the secret scalar is the same.
        assertThat(((java.security.interfaces.ECPrivateKey) material.key()).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
    }

    @Test
    void readsATraditionalEcKeyThatLeavesTheCurveToTheCertificate() throws Exception {
        KeyPair ec = TestPki.ecKeyPair();
        TestPki.writePem(certFile(), TestPki.selfIssued("ec", ec));
        TestPki.writePem(keyFile(), ec.getPrivate()); // Bouncy Castle's writer omits the optional curve
        assertThat(Files.readString(keyFile())).startsWith("-----BEGIN EC PRIVATE KEY-----");

        TlsMaterial material = TlsMaterial.fromPem(certFile(), keyFile());

        assertThat(material.key().getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
    }

    @Test
    void readsAChainServerCertificateFirst() throws Exception {
        KeyPair ca = TestPki.ecKeyPair();
        KeyPair server = TestPki.ecKeyPair();
        X509Certificate caCertificate = TestPki.issue("Edge CA", ca.getPublic(), "Edge CA", ca.getPrivate(), true);
        X509Certificate serverCertificate =
                TestPki.issue("server", server.getPublic(), "Edge CA", ca.getPrivate(), false);
        TestPki.writePem(certFile(), serverCertificate, caCertificate);
        TestPki.writePem(keyFile(), new JcaPKCS8Generator(server.getPrivate(), null));

        TlsMaterial material = TlsMaterial.fromPem(certFile(), keyFile());

        assertThat(material.chain()).containsExactly(serverCertificate, caCertificate);
        assertThat(material.certificate()).isEqualTo(serverCertificate);
    }

    @Test
    void refusesAChainInTheWrongOrder() throws Exception {
        KeyPair ca = TestPki.ecKeyPair();
        KeyPair server = TestPki.ecKeyPair();
        X509Certificate caCertificate = TestPki.issue("Edge CA", ca.getPublic(), "Edge CA", ca.getPrivate(), true);
        X509Certificate serverCertificate =
                TestPki.issue("server", server.getPublic(), "Edge CA", ca.getPrivate(), false);
        TestPki.writePem(certFile(), caCertificate, serverCertificate);
        TestPki.writePem(keyFile(), server.getPrivate());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": ")
                .hasMessageContaining("is not the issuer of certificate 1");
    }

    @Test
    void oneCombinedFileCanServeAsBothChainAndKey() throws Exception {
        KeyPair ec = TestPki.ecKeyPair();
        X509Certificate certificate = TestPki.selfIssued("combined", ec);
        Path combined = TestPki.writePem(dir.resolve("combined.pem"), certificate, ec.getPrivate());

        TlsMaterial material = TlsMaterial.fromPem(combined, combined);

        assertThat(material.certificate()).isEqualTo(certificate);
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingTheKeyFile() throws Exception {
        SelfSignedCertificates.generate("one", List.of(), Duration.ofDays(1)).writePem(certFile(), dir.resolve("k1"));
        SelfSignedCertificates.generate("two", List.of(), Duration.ofDays(1)).writePem(dir.resolve("c2"), keyFile());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": key does not match certificate")
                .hasMessageContaining(certFile().toString());
    }

    @Test
    void aKeyOfAnotherTypeIsRefused() throws Exception {
        SelfSignedCertificates.generate("ec", List.of(), Duration.ofDays(1)).writePem(certFile(), dir.resolve("ec"));
        TestPki.writePem(keyFile(), TestPki.rsaKeyPair().getPrivate());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": key does not match certificate (key is RSA, certificate key is EC)");
    }

    @Test
    void aFileWithoutPemIsRefusedNamingTheFile() throws Exception {
        Files.writeString(certFile(), "this is a configuration file, not a certificate\n");
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        Files.write(keyFile(), binary);

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(certFile() + ": no CERTIFICATE block");
        SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1)).writePem(certFile(), dir.resolve("k"));
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": no private key block");
    }

    @Test
    void aKeyFileWithOnlyACertificateIsRefused() throws Exception {
        SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1)).writePem(certFile(), dir.resolve("k"));

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), certFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": no private key block");
    }

    @Test
    void damagedBlocksAreRefusedNamingTheFile() throws Exception {
        Files.writeString(certFile(), "-----BEGIN CERTIFICATE-----\n%%%% not base64 %%%%\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": malformed");

        Files.writeString(certFile(), "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": malformed");

        Files.writeString(certFile(), "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": malformed");
    }

    @Test
    void anUnknownKeyFormatIsRefusedNamingTheFile() throws Exception {
        SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1)).writePem(certFile(), dir.resolve("k"));
        Files.writeString(keyFile(), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
                + "-----END OPENSSH PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": malformed PEM")
                .hasMessageContaining("OPENSSH PRIVATE KEY");
    }

    @Test
    void encryptedKeysAreRefused() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1));
        material.writePem(certFile(), dir.resolve("plain-key.pem"));
        char[] passphrase = "correct horse".toCharArray();

        TestPki.writePem(keyFile(), new JcaPKCS8Generator(material.key(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BOUNCY_CASTLE).setPassword(passphrase).build()));
        assertThat(Files.readString(keyFile())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": encrypted keys are not supported");

        TestPki.writePem(keyFile(),
                new JcaMiscPEMGenerator(material.key(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BOUNCY_CASTLE).build(passphrase)));
        assertThat(Files.readString(keyFile())).contains("Proc-Type: 4,ENCRYPTED");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(keyFile() + ": encrypted keys are not supported");
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        KeyPair ec = TestPki.ecKeyPair();
        TestPki.writePem(certFile(), TestPki.selfIssued("ec", ec));
        TestPki.writePem(keyFile(), ec.getPrivate(), TestPki.ecKeyPair().getPrivate());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(keyFile() + ": more than one private key");
    }

    @Test
    void missingAndOversizedFilesAreRefusedNamingTheFile() throws IOException {
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(certFile() + ": no such file");

        Files.write(certFile(), "#\n".repeat(PemTlsMaterialReader.MAX_FILE_BYTES).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TlsMaterial.fromPem(certFile(), keyFile()))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(certFile() + ": larger than");
    }
}
