package io.edgeway.turn.netty;

import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.turn.config.TurnServerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS material of the TLS listeners (TURN's, and the process's HTTPS and shared port, which serve the
 * same certificate): the configured PEM certificate and key (coturn: cert, pkey),
 * or a self-signed ECDSA certificate made at start for a server run on defaults. The result is
 * reloadable: a swapped certificate is served to the next connection.
 */
final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    private TlsContexts() {
    }

    /** Returns null when TLS is off. */
    static ReloadableSslContext forConfig(TurnServerConfig config, List<InetAddress> relayAddresses) throws Exception {
        return config.tlsEnabled() ? load(config, relayAddresses) : null;
    }

    /** The configured certificate or a self-signed one, whether or not TURN itself listens on TLS. */
    static ReloadableSslContext load(TurnServerConfig config, List<InetAddress> relayAddresses) throws Exception {
        TlsMaterial material;
        if (config.certificateFile() != null) {
            material = TlsMaterial.fromPem(config.certificateFile(), config.privateKeyFile());
        } else {
            List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
            for (InetAddress address : config.listeningIps()) {
                if (!address.isAnyLocalAddress()) {
                    names.add(address.getHostAddress());
                }
            }
            for (InetAddress address : relayAddresses) {
                names.add(address.getHostAddress());
            }
            material = SelfSignedCertificates.generate(config.realm(), names.stream().distinct().toList(),
                    SELF_SIGNED_VALIDITY);
            LOG.warn("no TLS certificate configured (cert/pkey): serving a self-signed certificate, "
                    + "fingerprint {}; browsers will not trust turns: URLs until a real certificate is set",
                    material.fingerprintSha256());
        }
        LOG.info("TLS certificate source={} notAfter={}", material.source(), material.notAfter());
        return new ReloadableSslContext(material);
    }
}
