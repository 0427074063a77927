package io.edgeway.turn.interop;

import java.net.InetSocketAddress;

/**
 * A running TURN server the interop tests talk to, configured with {@link InteropCredentials}, realm
 * {@link InteropCredentials#REALM}, loopback peers allowed and relay ports in
 * [{@link #minRelayPort()}, {@link #maxRelayPort()}]. Edgeway by default; coturn's own server with
 * {@code -Dedgeway.interop.server=coturn}, so a failing test can be told apart: harness or server.
 */
interface TurnServerUnderTest extends AutoCloseable {

    /** Selects the implementation: system property {@code edgeway.interop.server}, default {@code edgeway}. */
    String PROPERTY = "edgeway.interop.server";

    /** "edgeway" or "coturn", for messages. */
    String name();

    /** Where a client using {@code transport} and {@code credentials} connects. */
    InetSocketAddress address(TurnTransport transport, CredentialKind credentials);

    int minRelayPort();

    int maxRelayPort();

    @Override
    void close();

    /**
     * Starts the selected server. {@code tls} is the certificate its TLS listener presents; null lets
     * the server use its own self-signed one (Edgeway) or a generated one (coturn).
     * {@code rfc5766ChannelNumbers} makes Edgeway also accept ChannelBind numbers 0x5000-0x7FFF, which
     * RFC 8656 §12 reserves but RFC 5766 clients such as uclient still pick (coturn always accepts them).
     */
    static TurnServerUnderTest start(String testName, LoopbackCertificate tls, boolean rfc5766ChannelNumbers)
            throws Exception {
        String which = System.getProperty(PROPERTY, "edgeway");
        return switch (which) {
            case "edgeway" -> EdgewayServerUnderTest.start(tls, rfc5766ChannelNumbers);
            case "coturn" -> CoturnServerUnderTest.start(testName, tls);
            default -> throw new IllegalArgumentException(PROPERTY + " must be edgeway or coturn, not " + which);
        };
    }
}
