package io.edgeway.core.tls;

import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A plain JDK TLS client (SSLSocket) that trusts exactly the given certificates and checks the server's name. */
final class TlsTestClient {

    /** Guards against a hung test only; no assertion depends on it. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private TlsTestClient() {
    }

    static SSLContext trusting(X509Certificate... anchors) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (int i = 0; i < anchors.length; i++) {
            trust.setCertificateEntry("anchor-" + i, anchors[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Connects to 127.0.0.1:port and completes the handshake. The server's certificate must name
     * 127.0.0.1 (endpoint identification is on, as in a browser).
     *
     * @param configure adjusts protocols, cipher suites or ALPN before the handshake
     */
    static SSLSocket connect(SSLContext context, int port, Consumer<SSLParameters> configure)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        boolean done = false;
        try {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            configure.accept(parameters);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            done = true;
            return socket;
        } finally {
            if (!done) {
                socket.close();
            }
        }
    }

    static SSLSocket connect(SSLContext context, int port) throws IOException {
        return connect(context, port, parameters -> { });
    }

    /** Sends one byte and returns what the echo server sends back. */
    static int echo(SSLSocket socket, int value) throws IOException {
        socket.getOutputStream().write(value);
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
    }

    static X509Certificate peerCertificate(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
}
