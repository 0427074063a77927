package io.edgeway.core.tls;

import io.edgeway.core.time.Clock;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Generates a self-signed server certificate on a fresh ECDSA P-256 key: for a first start without
 * configured files, for tests, and (through {@link TlsMaterial#fingerprintSha256()}) for DTLS, where
 * certificates are self-signed by design and authenticated by the SDP fingerprint (RFC 8122).
 *
 * <p>The certificate is X.509 v3, signed SHA256withECDSA, and carries only what a TLS server needs:
 * basicConstraints CA:false and keyUsage digitalSignature (both critical), extendedKeyUsage serverAuth,
 * a subjectKeyIdentifier, and a subjectAltName with one dNSName or iPAddress entry per given name. The
 * key pair, signature and certificate objects all come from the JDK's providers.
 *
 * <p>Thread-safe and stateless. Costs one key generation and one signature, a few milliseconds: call it at
 * start-up or reload, never per connection.
 */
public final class SelfSignedCertificates {

    /**
     * notBefore is set this far in the past so that a peer whose clock is slightly behind ours does not
     * reject a certificate generated a moment ago as "not yet valid".
     */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    /** Host names as RFC 1123 allows them, plus a leading wildcard label (RFC 6125 §6.4.3). */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificates() {
    }

    /** As {@link #generate(String, List, Duration, Clock)} with the system clock. */
    public static TlsMaterial generate(String commonName, List<String> subjectAltNames, Duration validity) {
        return generate(commonName, subjectAltNames, validity, Clock.SYSTEM);
    }

    /**
     * @param commonName the subject's CN, e.g. the server's host name; modern clients ignore it and match
     *     the subjectAltNames instead
     * @param subjectAltNames host names (dNSName, wildcards allowed) and IPv4/IPv6 literals (iPAddress);
     *     may be empty, but then no client that checks the server's name will accept the certificate
     * @param validity how long after now the certificate stays valid; positive
     * @param clock the source of "now"
     * @return material whose {@link TlsMaterial#source()} is {@link TlsMaterial#SELF_SIGNED}
     * @throws IllegalArgumentException for a blank common name, a name that is neither a host name nor an
     *     IP literal, or a validity that is not positive
     */
    public static TlsMaterial generate(String commonName, List<String> subjectAltNames, Duration validity,
            Clock clock) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName is blank");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        GeneralNames altNames = altNames(subjectAltNames);
        Instant now = Instant.ofEpochSecond(clock.epochSeconds());
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keyPair.getPublic());
            // RFC 5280 §4.2.1.9: an end-entity certificate; critical so no verifier can ignore it.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // RFC 5280 §4.2.1.3: conforming CAs SHOULD mark keyUsage critical. An ECDSA key in (EC)DHE
            // key exchange and in TLS 1.3 only ever signs, so digitalSignature is the whole usage.
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            if (altNames != null) {
                // RFC 5280 §4.2.1.6: non-critical, because the subject name is not empty.
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return TlsMaterial.of(List.of(certificate), keyPair.getPrivate(), TlsMaterial.SELF_SIGNED);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            // Every Java 17 runtime has EC P-256 and SHA256withECDSA; failing here means a broken JDK.
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    /**
     * RFC 5280 §4.1.2.2: a positive integer of at most 20 octets, unique per issuer. 159 random bits keep
     * the DER encoding within 20 octets (the top bit is clear, so no sign octet is needed) and make two
     * certificates with one serial as unlikely as a key collision.
     */
    private static BigInteger serialNumber() {
        byte[] bytes = new byte[20];
        BigInteger serial;
        do {
            RANDOM.nextBytes(bytes);
            bytes[0] &= 0x7F;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private static GeneralNames altNames(List<String> names) {
        List<GeneralName> entries = new ArrayList<>(names.size());
        for (String name : names) {
            Objects.requireNonNull(name, "subjectAltNames element");
            if (IPAddress.isValid(name)) {
                entries.add(new GeneralName(GeneralName.iPAddress, name));
            } else if (name.length() <= 253 && DNS_NAME.matcher(name).matches()) {
                entries.add(new GeneralName(GeneralName.dNSName, name));
            } else {
                throw new IllegalArgumentException("not a host name or IP address: \"" + name + "\"");
            }
        }
        return entries.isEmpty() ? null : new GeneralNames(entries.toArray(new GeneralName[0]));
    }
}
