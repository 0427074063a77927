package io.edgeway.signaling.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs one webhook body and reads the status of the answer: HTTP/1.1 over a socket connected to the address
 * {@link WebhookTargets} permitted (never to a fresh resolution of the name), TLS for {@code https} with the
 * name as SNI and checked against the certificate, {@code Connection: close}, no redirects followed. Bounded by
 * a connect timeout and a read timeout. Blocking: runs on the dispatcher's worker threads, never on an event
 * loop. Thread-safe.
 */
public final class WebhookSender {

    /** The answer: an HTTP status, or 0 and why there was none. */
    public record Outcome(int status, String error) {

        static Outcome failed(String error) {
            return new Outcome(0, error);
        }
    }

    private static final int MAX_STATUS_LINE = 1024;

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** With the JDK's trust store, 5 s to connect and 10 s for the answer's status line. */
    public WebhookSender() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault(), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public WebhookSender(SSLSocketFactory tls, Duration connectTimeout, Duration readTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * POSTs {@code body} to {@code url} at {@code address}, with {@code headers} (besides Host, Content-Type,
     * Content-Length, User-Agent and Connection).
     */
    public Outcome post(URI url, InetAddress address, Map<String, String> headers, byte[] body) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        Socket plain = new Socket();
        try (Socket closing = plain) {
            plain.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            Socket socket = https ? startTls(plain, url.getHost(), port) : plain;
            try (Socket s = socket) {
                OutputStream out = s.getOutputStream();
                out.write(head(url, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return new Outcome(status(s.getInputStream()), null);
            }
        } catch (IOException e) {
            return Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private SSLSocket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && !Character.isDigit(host.charAt(host.length() - 1))) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static String head(URI url, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = url.getPort() < 0;
        StringBuilder h = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(defaultPort ? "" : ":" + url.getPort()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("User-Agent: Edgeway-Webhooks\r\n")
                .append("Connection: close\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        return h.append("\r\n").toString();
    }

    /** The status code of the answer's status line ({@code HTTP/1.x NNN reason}). */
    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() == MAX_STATUS_LINE) {
                throw new IOException("the answer's status line is longer than " + MAX_STATUS_LINE + " bytes");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1).trim();
        String[] parts = s.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new IOException(s.isEmpty() ? "the connection closed without an answer"
                    : "not an HTTP answer: " + (s.length() > 64 ? s.substring(0, 64) + "..." : s));
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + parts[1]);
        }
    }
}
