package io.edgeway.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsMaterialTest {

    @Test
    void ofChecksTheKeyAgainstTheServerCertificate() throws Exception {
        KeyPair ec = TestPki.ecKeyPair();
        X509Certificate certificate = TestPki.selfIssued("edge", ec);

        assertThat(TlsMaterial.of(List.of(certificate), ec.getPrivate(), "acme").source()).isEqualTo("acme");
        assertThatThrownBy(() -> TlsMaterial.of(List.of(certificate), TestPki.ecKeyPair().getPrivate(), "acme"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("key does not match certificate");
        assertThatThrownBy(() -> TlsMaterial.of(List.of(), ec.getPrivate(), "acme"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage("empty certificate chain");
    }

    @Test
    void ofRefusesAChainWhoseSecondCertificateDidNotSignTheFirst() throws Exception {
        KeyPair ca = TestPki.ecKeyPair();
        KeyPair impostor = TestPki.ecKeyPair();
        KeyPair server = TestPki.ecKeyPair();
        X509Certificate serverCertificate =
                TestPki.issue("server", server.getPublic(), "Edge CA", ca.getPrivate(), false);
        X509Certificate sameNameOtherKey =
                TestPki.issue("Edge CA", impostor.getPublic(), "Edge CA", impostor.getPrivate(), true);

        assertThatThrownBy(() -> TlsMaterial.of(List.of(serverCertificate, sameNameOtherKey), server.getPrivate(), "x"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("is not the issuer of certificate 1")
                .hasMessageContaining("signature check failed");
    }

    @Test
    void chainIsACopyAndToStringShowsNoKey() {
        TlsMaterial material = SelfSignedCertificates.generate("edge", List.of(), Duration.ofDays(1));
        X509Certificate[] chain = material.chain();
        chain[0] = null;

        assertThat(material.chain()[0]).isNotNull();
        assertThat(material.toString())
                .contains("self-signed", "CN=edge", material.fingerprintSha256())
                .doesNotContain("PRIVATE", material.key().toString());
    }
}
