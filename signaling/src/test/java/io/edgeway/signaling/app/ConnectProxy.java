package io.edgeway.signaling.app;

import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.RealPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An HTTP CONNECT proxy of our own: Debian's {@code tinyproxy} run in the foreground with a configuration
 * generated here, listening on one address and port the test chose (never the packaged daemon, which may
 * be running and is left alone), allowing clients from one range and CONNECT only to port 443, as a
 * corporate proxy does. Its log is kept beside the run's other files. Missing, the test fails.
 */
final class ConnectProxy implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(10);

    private final ExternalProcess process;
    private final InetSocketAddress address;
    private final Path log;

    private ConnectProxy(ExternalProcess process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts tinyproxy on {@code listen} (a free port), accepting clients from {@code allow} (CIDR). */
    static ConnectProxy start(InetAddress listen, String allow, Path work) {
        Path tinyproxy = RealPeers.executable("tinyproxy", "tinyproxy");
        int port = freePort(listen);
        Path config = work.resolve("tinyproxy.conf");
        Path log = work.resolve("tinyproxy.log");
        String text = String.join("\n",
                "Port " + port,
                "Listen " + listen.getHostAddress(),
                "Timeout 120",
                "MaxClients 64",
                "Allow " + allow,
                "ConnectPort 443",
                "PidFile \"" + work.resolve("tinyproxy.pid") + "\"",
                "LogFile \"" + log + "\"",
                "LogLevel Connect",
                "");
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalProcess process = ExternalProcess.start(List.of(tinyproxy.toString(), "-d", "-c", config.toString()),
                work.resolve("tinyproxy.out"), Map.of());
        ConnectProxy proxy = new ConnectProxy(process, new InetSocketAddress(listen, port), log);
        proxy.awaitListening();
        return proxy;
    }

    InetSocketAddress address() {
        return address;
    }

    /** {@code http://host:port}, for a browser's {@code --proxy-server}. */
    String url() {
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The proxy's log: one CONNECT line per tunnel it opened. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(address, 500);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("tinyproxy exited: " + process.output());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        close();
        throw new AssertionError("tinyproxy did not listen on " + address + " within " + READY + ": " + process.output());
    }

    private static int freePort(InetAddress on) {
        try (ServerSocket s = new ServerSocket(0, 1, on)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
