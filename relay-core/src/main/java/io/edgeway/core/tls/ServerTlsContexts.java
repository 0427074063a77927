package io.edgeway.core.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty server {@link SslContext} of the TLS listeners (TURN over TLS, HTTPS, the shared port)
 * from {@link TlsMaterial}, with the project's one TLS policy:
 * <ul>
 *   <li><b>Protocols</b> TLSv1.3 and TLSv1.2 only. RFC 8996 deprecates TLS 1.0 and 1.1 (they MUST NOT be
 *       used); every WebRTC stack that speaks TURN over TLS has TLS 1.2.</li>
 *   <li><b>Provider</b> the JDK's engine ({@link SslProvider#JDK}): no native library to ship, and its
 *       contexts own no reference-counted native state, so a replaced context needs no release (see
 *       {@link ReloadableSslContext}).</li>
 *   <li><b>Cipher suites</b> {@link #CIPHER_SUITES}, explicitly, rather than Netty's default list. Netty's
 *       default keeps static-RSA key exchange ({@code TLS_RSA_WITH_*}: no forward secrecy) and CBC-SHA1
 *       suites for old clients, and leaves out ChaCha20-Poly1305. Ours is ECDHE key exchange with AEAD
 *       ciphers only: the ECDHE AES-GCM suites RFC 9325 §4.2 recommends, plus ChaCha20-Poly1305 for phones
 *       without AES instructions (Mozilla's "intermediate" profile minus finite-field DHE, whose use in
 *       TLS 1.2 the TLS working group is deprecating together with RSA key exchange). Every session gets
 *       forward secrecy. Suites the running JDK lacks are filtered out rather than failing the build.</li>
 *   <li><b>No client certificates</b>: TURN clients authenticate with STUN long-term credentials inside
 *       the tunnel (RFC 8489 §9.2).</li>
 *   <li><b>ALPN</b>: the RFC 7443 §3 labels {@code stun.turn} and {@code stun.nat-discovery} are selected
 *       when a client offers them. A client offering only other labels is served without ALPN. RFC 7301
 *       §3.2 says a server SHALL answer that case with a no_application_protocol alert; we deliberately
 *       do not, because the TURN listener does not depend on ALPN and refusing would lock out any TURN
 *       client that sends a label of its own. Browsers send no ALPN on TURN connections at all.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Building a context costs a key-manager set-up (milliseconds): once per
 * start or reload, never per connection; per connection, call {@link SslContext#newHandler} on the
 * result (or on {@link ReloadableSslContext#current()}).
 */
public final class ServerTlsContexts {

    /** Enabled protocol versions, most preferred first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Enabled cipher suites, most preferred first (JSSE/IANA names). */
    public static final List<String> CIPHER_SUITES = List.of(
            // TLS 1.3 (RFC 8446 §9.1: TLS_AES_128_GCM_SHA256 MUST be implemented).
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            // TLS 1.2: ECDHE with an AEAD cipher; ECDSA for EC certificates, RSA for RSA ones.
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** RFC 7443 §3 ALPN protocol IDs, in the order the server prefers them. */
    public static final List<String> ALPN_PROTOCOLS = List.of("stun.turn", "stun.nat-discovery");

    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(Protocol.ALPN,
            // No common protocol: carry on without ALPN instead of failing (see the class comment).
            SelectorFailureBehavior.NO_ADVERTISE,
            SelectedListenerFailureBehavior.ACCEPT,
            ALPN_PROTOCOLS);

    private ServerTlsContexts() {
    }

    /**
     * A server context presenting {@code material}'s chain and key.
     *
     * @throws SSLException if the JDK engine rejects the key or chain
     */
    public static SslContext forServer(TlsMaterial material) throws SSLException {
        return forServer(material, ALPN_PROTOCOLS);
    }

    /**
     * A server context presenting {@code material}'s chain and key that selects among {@code alpnIds}
     * (server preference first), with the same policy as above: a client offering none of them is served
     * without ALPN. The shared port offers {@code h2}, {@code http/1.1} and the RFC 7443 labels; an empty
     * list turns ALPN off.
     *
     * @throws SSLException if the JDK engine rejects the key or chain
     */
    public static SslContext forServer(TlsMaterial material, List<String> alpnIds) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(ClientAuth.NONE);
        if (!alpnIds.isEmpty()) {
            builder.applicationProtocolConfig(alpnIds.equals(ALPN_PROTOCOLS) ? ALPN : alpn(alpnIds));
        }
        return builder.build();
    }

    private static ApplicationProtocolConfig alpn(List<String> ids) {
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, ids);
    }
}
