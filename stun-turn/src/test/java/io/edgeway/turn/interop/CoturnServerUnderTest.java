package io.edgeway.turn.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * coturn's {@code turnserver} as the reference server. coturn refuses static users once a REST secret
 * is configured, so each credential kind gets its own process (started on first use), each with
 * UDP+TCP on one port and TLS on another, relay ports in its own half of the range.
 */
final class CoturnServerUnderTest implements TurnServerUnderTest {

    private static final int MIN_RELAY_PORT = 62000;
    private static final int MAX_RELAY_PORT = 62999;

    private final String testName;
    private final LoopbackCertificate tls;
    private final Map<CredentialKind, Instance> instances = new EnumMap<>(CredentialKind.class);

    private record Instance(ExternalProcess process, int port, int tlsPort) {
    }

    private CoturnServerUnderTest(String testName, LoopbackCertificate tls) {
        this.testName = testName;
        this.tls = tls;
    }

    static CoturnServerUnderTest start(String testName, LoopbackCertificate tls) {
        LoopbackCertificate cert = tls != null ? tls : LoopbackCertificate.create(InteropDirs.fresh("coturn", "cert-"));
        CoturnServerUnderTest server = new CoturnServerUnderTest(testName, cert);
        server.instance(CredentialKind.STATIC_USER);
        return server;
    }

    @Override
    public String name() {
        return "coturn";
    }

    @Override
    public synchronized InetSocketAddress address(TurnTransport transport, CredentialKind credentials) {
        Instance i = instance(credentials);
        return new InetSocketAddress(LoopbackPorts.LOOPBACK, transport == TurnTransport.TLS ? i.tlsPort() : i.port());
    }

    @Override
    public int minRelayPort() {
        return MIN_RELAY_PORT;
    }

    @Override
    public int maxRelayPort() {
        return MAX_RELAY_PORT;
    }

    private Instance instance(CredentialKind kind) {
        Instance existing = instances.get(kind);
        if (existing != null) {
            return existing;
        }
        int port = LoopbackPorts.free();
        int tlsPort = LoopbackPorts.free();
        int half = (MAX_RELAY_PORT - MIN_RELAY_PORT + 1) / 2;
        int min = MIN_RELAY_PORT + kind.ordinal() * half;
        Path dir = InteropDirs.fresh("coturn", testName + "-" + kind.name().toLowerCase() + "-");
        List<String> cmd = new ArrayList<>(List.of(
                CoturnTools.turnserver().toString(), "-n", "--no-cli",
                "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                "-p", Integer.toString(port), "--tls-listening-port", Integer.toString(tlsPort),
                "--min-port", Integer.toString(min), "--max-port", Integer.toString(min + half - 1),
                "--allow-loopback-peers", "--no-dtls", "-r", InteropCredentials.REALM,
                "--cert", tls.certificatePem().toString(), "--pkey", tls.privateKeyPem().toString(),
                "--log-file", "stdout", "--simple-log",
                "--db", dir.resolve("turndb").toString(), "--pidfile", dir.resolve("turnserver.pid").toString()));
        if (kind == CredentialKind.STATIC_USER) {
            cmd.addAll(List.of("-a", "-u", InteropCredentials.STATIC_USER + ":" + InteropCredentials.STATIC_PASSWORD));
        } else {
            cmd.addAll(List.of("--use-auth-secret", "--static-auth-secret", InteropCredentials.REST_SECRET));
        }
        ExternalProcess process = ExternalProcess.start(cmd, dir.resolve("turnserver.log"), Map.of());
        awaitListening(process, port);
        awaitListening(process, tlsPort);
        Instance instance = new Instance(process, port, tlsPort);
        instances.put(kind, instance);
        return instance;
    }

    /** Polls a TCP connect every 100 ms, at most ~10 s. */
    private static void awaitListening(ExternalProcess process, int port) {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!process.isAlive()) {
                throw new AssertionError("turnserver exited at start:\n" + process.output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
        process.close();
        throw new AssertionError("turnserver never listened on " + port + ":\n" + process.output());
    }

    @Override
    public synchronized void close() {
        instances.values().forEach(i -> i.process().close());
        instances.clear();
    }
}
