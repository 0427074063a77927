/**
 * TLS material for the server's TLS listeners (TURN over TLS on 5349 and optionally 443): loading a
 * certificate chain and private key from PEM files ({@link io.edgeway.core.tls.TlsMaterial#fromPem}),
 * generating a self-signed ECDSA P-256 certificate ({@link io.edgeway.core.tls.SelfSignedCertificates}),
 * turning material into a Netty server {@code SslContext} with the project's protocol and cipher policy
 * ({@link io.edgeway.core.tls.ServerTlsContexts}), and swapping that context at runtime without touching
 * established connections ({@link io.edgeway.core.tls.ReloadableSslContext}).
 *
 * <p>Nothing here runs per packet: all of it runs at start-up, on reload, or once per accepted
 * connection. Keys and certificates come from the JDK's own providers (Bouncy Castle is used to parse and
 * build, never registered as a JCA provider), so the JDK's TLS engine accepts them as they are.
 */
package io.edgeway.core.tls;
