package io.edgeway.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.time.ManualClock;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificatesTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    @Test
    void certificateNamesTheRequestedHostsAndAddresses() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate("turn.example.org",
                List.of("turn.example.org", "*.edge.example.org", "127.0.0.1", "2001:db8::1"), Duration.ofDays(30));
        X509Certificate certificate = material.certificate();

        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(DNS_NAME, "turn.example.org"),
                List.of(DNS_NAME, "*.edge.example.org"),
                List.of(IP_ADDRESS, "127.0.0.1"),
                List.of(IP_ADDRESS, "2001:db8:0:0:0:0:0:1"));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=turn.example.org");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    }

    @Test
    void certificateIsAnEcdsaP256EndEntityForServerAuthOnly() throws Exception {
        X509Certificate certificate = SelfSignedCertificates.generate("edge", List.of("localhost"),
                Duration.ofDays(1)).certificate();

        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().toString()).contains("secp256r1");
        certificate.verify(certificate.getPublicKey());

        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        boolean[] keyUsage = certificate.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        for (int bit = 1; bit < keyUsage.length; bit++) {
            assertThat(keyUsage[bit]).as("key usage bit %d", bit).isFalse();
        }
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
    }

    @Test
    void validityStartsOneMinuteBeforeNowAndLastsTheRequestedDuration() {
        ManualClock clock = new ManualClock(0, 1_800_000_000L);
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(90), clock);

        assertThat(material.certificate().getNotBefore().toInstant())
                .isEqualTo(Instant.ofEpochSecond(1_800_000_000L - 60));
        assertThat(material.notAfter()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L).plus(Duration.ofDays(90)));
        assertThat(material.certificate().getNotAfter().toInstant()).isEqualTo(material.notAfter());
    }

    @Test
    void withoutNamesThereIsNoSubjectAltNameExtension() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1));

        assertThat(material.certificate().getSubjectAlternativeNames()).isNull();
    }

    @Test
    void keyIsTheCertificatesPrivateKeyAndSourceSaysSelfSigned() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of("localhost"), Duration.ofDays(1));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(material.key());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(material.certificate());
        verifier.update(new byte[] {1, 2, 3});

        assertThat(verifier.verify(signature)).isTrue();
        assertThat(material.source()).isEqualTo(TlsMaterial.SELF_SIGNED);
        assertThat(material.chain()).containsExactly(material.certificate());
    }

    @Test
    void serialNumbersArePositiveRandomAndFitTwentyOctets() {
        X509Certificate first = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1)).certificate();
        X509Certificate second = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1)).certificate();

        for (X509Certificate certificate : List.of(first, second)) {
            assertThat(certificate.getSerialNumber().signum()).isEqualTo(1);
            assertThat(certificate.getSerialNumber().toByteArray()).hasSizeLessThanOrEqualTo(20);
        }
        assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
    }

    @Test
    void fingerprintIsTheSdpFormOfTheSha256OfTheDer() throws Exception {
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.certificate().getEncoded());

        assertThat(material.fingerprintSha256())
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
                .isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    @Test
    void rejectsBlankNamesUnusableAltNamesAndNonPositiveValidity() {
        assertThatThrownBy(() -> SelfSignedCertificates.generate(" ", List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commonName");
        assertThatThrownBy(() -> SelfSignedCertificates.generate("edge", List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
        assertThatThrownBy(() -> SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
        assertThatThrownBy(() -> SelfSignedCertificates.generate("edge", List.of("not a host"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"not a host\"");
        assertThatThrownBy(() -> SelfSignedCertificates.generate("edge", List.of("[::1]"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[::1]");
    }
}
