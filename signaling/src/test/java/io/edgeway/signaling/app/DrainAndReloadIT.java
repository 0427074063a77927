package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.client.BlockingTurnClient;
import io.edgeway.turn.client.TurnClientCredentials;
import io.edgeway.turn.client.TurnClientEvent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drain and hot reload against a running process on loopback, with real TURN clients (the project's
 * client session over plain sockets and TLS) and a UDP peer:
 * <ul>
 *   <li>during a drain, new allocations get 508 and readiness is 503, while an existing flow keeps
 *       relaying until the drain deadline, when the process ends;</li>
 *   <li>a certificate swapped on disk is served to the next TLS client while an existing TLS
 *       allocation keeps relaying, and a rotated REST secret is honoured without a restart.</li>
 * </ul>
 */
class DrainAndReloadIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CHANNEL = 0x4000;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private EdgewayProcess process;
    private DatagramSocket peer;

    @AfterEach
    void stop() {
        if (process != null) {
            process.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private Path writeConfig(String extra) throws Exception {
        Path yaml = dir.resolve("edgeway.yaml");
        String text = "listening-ip: [127.0.0.1]\n"
                + "listening-port: 0\n"
                + "tls-listening-port: 0\n"
                + "relay-ip: [127.0.0.1]\n"
                + "min-port: 42000\n"
                + "max-port: 42099\n"
                + "allowed-peer-ip: [127.0.0.0/8]\n"
                + "http-listening-ip: [127.0.0.1]\n"
                + "http-port: 0\n"
                + "admin-port: 0\n"
                + "data-dir: " + dir.resolve("data") + "\n"
                + "media-port: 0\n"
                + "ice-tcp-port: 0\n"
                + extra;
        Path tmp = dir.resolve("edgeway.yaml.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, yaml, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return yaml;
    }

    private EdgewayProcess start(Path yaml, Runnable onExit) throws Exception {
        String[] args = {"--config", yaml.toString()};
        EdgewayConfig config = Loading.valid(args);
        ConfigReloader reloader = new ConfigReloader(args, Map.of(), new Random(3), System.err, config);
        process = EdgewayProcess.start(config, reloader, onExit);
        ReloadTriggers.install(process, reloader);
        peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(200);
        return process;
    }

    private InetSocketAddress peerAddress() {
        return (InetSocketAddress) peer.getLocalSocketAddress();
    }

    /** Sends through the relay, echoes at the peer, and checks the echo comes back to the client. */
    private void assertRelays(BlockingTurnClient client, String text) throws Exception {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        client.sendChannelData(CHANNEL, payload);
        byte[] buffer = new byte[2048];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                peer.receive(received);
                break;
            } catch (SocketTimeoutException e) {
                assertThat(System.nanoTime()).as("peer received '%s'", text).isLessThan(deadline);
            }
        }
        assertThat(new String(buffer, 0, received.getLength(), StandardCharsets.UTF_8)).isEqualTo(text);
        peer.send(new DatagramPacket(buffer, received.getLength(), received.getSocketAddress()));
        assertThat(client.receiveData(Duration.ofSeconds(5))).as("echo of '%s'", text).isEqualTo(payload);
    }

    private BlockingTurnClient relayingUdpClient(TurnClientCredentials credentials) throws Exception {
        BlockingTurnClient client = BlockingTurnClient.udp(process.turn().udpAddresses().get(0), credentials);
        assertThat(client.allocate()).isEqualTo(TurnClientEvent.ALLOCATED);
        assertThat(client.channelBind(CHANNEL, peerAddress())).isEqualTo(TurnClientEvent.CHANNEL_BOUND);
        return client;
    }

    private int get(String path) throws Exception {
        String base = "http://127.0.0.1:" + process.http().httpAddresses().get(0).getPort();
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void drainRefusesNewAllocationsWith508WhileAnExistingFlowRelaysUntilTheDeadline() throws Exception {
        CountDownLatch exited = new CountDownLatch(1);
        start(writeConfig("user: [\"alice:pw\"]\ndrain-deadline: 3\n"), exited::countDown);
        TurnClientCredentials alice = TurnClientCredentials.of("alice", "pw");
        try (BlockingTurnClient existing = relayingUdpClient(alice)) {
            assertRelays(existing, "before drain");

            String admin = "http://127.0.0.1:" + process.http().adminAddress().getPort();
            long drainStarted = System.nanoTime();
            HttpResponse<String> drain = http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/drain"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(drain.statusCode()).isEqualTo(200);
            assertThat(get("/readyz")).isEqualTo(503);

            try (BlockingTurnClient newcomer = BlockingTurnClient.udp(process.turn().udpAddresses().get(0), alice)) {
                assertThat(newcomer.allocate()).isEqualTo(TurnClientEvent.FAILED);
                assertThat(newcomer.session().errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
            }
            assertRelays(existing, "during drain");
            assertThat(exited.getCount()).as("the drain waits for the open flow").isEqualTo(1);

            assertThat(exited.await(10, TimeUnit.SECONDS)).as("drain ended at its deadline").isTrue();
            long waited = System.nanoTime() - drainStarted;
            assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2500));
            assertThat(process.registry().scrape())
                    .contains("edgeway_turn_allocations_refused_total{reason=\"draining\"} 1.0");
        }
    }

    @Test
    void swappedCertificateAndRotatedSecretApplyWithoutARestart() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TlsMaterial first = SelfSignedCertificates.generate("first.edgeway.test", List.of("127.0.0.1"), Duration.ofDays(2));
        first.writePem(cert, key);
        String tls = "cert: " + cert + "\npkey: " + key + "\n";
        Path yaml = writeConfig(tls + "static-auth-secret: [first-secret]\n");
        start(yaml, () -> { });
        InetSocketAddress tlsAddress = process.turn().tlsAddresses().get(0);
        long expiry = System.currentTimeMillis() / 1000 + 3600;

        try (BlockingTurnClient existing = BlockingTurnClient.tls(tlsAddress,
                TurnClientCredentials.rest("first-secret", expiry, "bob"))) {
            assertThat(existing.serverCertificate().getSubjectX500Principal().getName()).contains("first.edgeway.test");
            assertThat(existing.allocate()).isEqualTo(TurnClientEvent.ALLOCATED);
            assertThat(existing.channelBind(CHANNEL, peerAddress())).isEqualTo(TurnClientEvent.CHANNEL_BOUND);
            assertRelays(existing, "before reload");

            // Swap the certificate on disk and rotate the REST secret: the file watcher reloads.
            TlsMaterial second = SelfSignedCertificates.generate("second.edgeway.test", List.of("127.0.0.1"), Duration.ofDays(2));
            second.writePem(cert, key);
            writeConfig(tls + "static-auth-secret: [second-secret]\n");

            X509Certificate served = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                try (BlockingTurnClient probe = BlockingTurnClient.tls(tlsAddress, TurnClientCredentials.of("x", "y"))) {
                    served = probe.serverCertificate();
                }
                if (served.getSubjectX500Principal().getName().contains("second.edgeway.test")
                        && secretRotated(expiry)) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(served.getSubjectX500Principal().getName()).contains("second.edgeway.test");
            assertThat(existing.serverCertificate().getSubjectX500Principal().getName()).contains("first.edgeway.test");
            assertRelays(existing, "after reload, same TLS connection");

            try (BlockingTurnClient rotated = BlockingTurnClient.tls(tlsAddress,
                    TurnClientCredentials.rest("second-secret", expiry, "carol"))) {
                assertThat(rotated.allocate()).isEqualTo(TurnClientEvent.ALLOCATED);
            }
            try (BlockingTurnClient stale = BlockingTurnClient.tls(tlsAddress,
                    TurnClientCredentials.rest("first-secret", expiry, "dave"))) {
                assertThat(stale.allocate()).isEqualTo(TurnClientEvent.FAILED);
                assertThat(stale.session().errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            }
        }
    }

    private boolean secretRotated(long expiry) throws Exception {
        try (BlockingTurnClient probe = BlockingTurnClient.udp(process.turn().udpAddresses().get(0),
                TurnClientCredentials.rest("second-secret", expiry, "probe"))) {
            boolean ok = probe.allocate() == TurnClientEvent.ALLOCATED;
            if (ok) {
                probe.refresh(0);
            }
            return ok;
        }
    }
}
