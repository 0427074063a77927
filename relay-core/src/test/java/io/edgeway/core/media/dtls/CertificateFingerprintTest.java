package io.edgeway.core.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing the SDP fingerprint attribute and matching certificates against it. */
class CertificateFingerprintTest {

    private static TlsMaterial material;
    private static TlsMaterial other;

    @BeforeAll
    static void certificates() {
        material = SelfSignedCertificates.generate("one", List.of(), Duration.ofDays(1));
        other = SelfSignedCertificates.generate("two", List.of(), Duration.ofDays(1));
    }

    @Test
    void sha256OfTlsMaterialMatchesItsCertificateOnly() throws Exception {
        CertificateFingerprint fingerprint = CertificateFingerprint.sha256(material);

        assertThat(fingerprint.hashFunction()).isEqualTo("sha-256");
        assertThat(fingerprint.toSdpValue()).isEqualTo("sha-256 " + material.fingerprintSha256());
        assertThat(fingerprint.matches(material.certificate().getEncoded())).isTrue();
        assertThat(fingerprint.matches(other.certificate().getEncoded())).isFalse();
    }

    @Test
    void caseOfHashNameAndHexDoesNotMatter() throws Exception {
        String sdp = "SHA-256 " + material.fingerprintSha256().toLowerCase();

        CertificateFingerprint fingerprint = CertificateFingerprint.parse(sdp);

        assertThat(fingerprint).isEqualTo(CertificateFingerprint.sha256(material));
        assertThat(fingerprint.toSdpValue()).isEqualTo("sha-256 " + material.fingerprintSha256());
        assertThat(fingerprint.matches(material.certificate().getEncoded())).isTrue();
    }

    @Test
    void otherShaFunctionsWork() throws Exception {
        byte[] der = material.certificate().getEncoded();
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(der);
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(hex.length() == 0 ? "" : ":").append(String.format("%02X", b & 0xFF));
        }

        CertificateFingerprint fingerprint = CertificateFingerprint.parse("sha-384 " + hex);

        assertThat(fingerprint.matches(der)).isTrue();
        assertThat(fingerprint.matches(other.certificate().getEncoded())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "sha-256",
        "sha-256 ",
        "md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        "sha-256 AB:CD",
        "sha-256 AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89",
        "sha-256 ZZ:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        // Arabic-Indic digit three: a hex digit to Character.digit, not to SDP.
        "sha-256 \u0663B:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        "sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
    })
    void malformedValuesAreRefused(String sdp) {
        assertThatThrownBy(() -> CertificateFingerprint.parse(sdp)).isInstanceOf(IllegalArgumentException.class);
    }
}
