package io.edgeway.turn.netty;

import io.edgeway.turn.config.TurnServerConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.util.function.Supplier;

/** Interim TLS wiring until relay-core's TLS material layer lands. */
final class TlsContexts {
    private TlsContexts() {
    }

    static Supplier<SslContext> forConfig(TurnServerConfig config) throws Exception {
        if (!config.tlsEnabled()) {
            return null;
        }
        SslContext context;
        if (config.certificateFile() != null) {
            context = SslContextBuilder.forServer(config.certificateFile().toFile(), config.privateKeyFile().toFile())
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } else {
            SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
            context = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                    .protocols("TLSv1.3", "TLSv1.2").build();
        }
        return () -> context;
    }
}
