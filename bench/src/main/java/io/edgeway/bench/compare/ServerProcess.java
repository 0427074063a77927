package io.edgeway.bench.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One TURN server under test, started as its own process with its output in a log file: coturn's
 * {@code turnserver} or {@code java -jar edgeway.jar}, given equivalent settings (same addresses, relay
 * address, user, realm, loopback peers allowed, thread count, certificate; no CLI, no DTLS). Stopped with
 * SIGTERM, then killed if it lingers.
 */
final class ServerProcess implements AutoCloseable {

    /** Equivalent settings for both servers. */
    record Settings(String host, int port, int tlsPort, int minPort, int maxPort, String user, String password,
            String realm, int threads, Path certificate, Path privateKey, Path workDir) {
        InetSocketAddress udp() {
            return new InetSocketAddress(host, port);
        }

        InetSocketAddress tls() {
            return new InetSocketAddress(host, tlsPort);
        }
    }

    private final String name;
    private final Process process;
    private final List<String> command;
    private final Path log;

    private ServerProcess(String name, Process process, List<String> command, Path log) {
        this.name = name;
        this.process = process;
        this.command = command;
        this.log = log;
    }

    static ServerProcess coturn(String turnserver, Settings s) throws IOException {
        List<String> argv = new ArrayList<>(List.of(turnserver, "-n",
                "--listening-ip=" + s.host(), "--listening-port=" + s.port(), "--tls-listening-port=" + s.tlsPort(),
                "--relay-ip=" + s.host(), "--min-port=" + s.minPort(), "--max-port=" + s.maxPort(),
                "--lt-cred-mech", "--user=" + s.user() + ":" + s.password(), "--realm=" + s.realm(),
                "--allow-loopback-peers", "--no-cli", "--no-dtls",
                "--cert=" + s.certificate(), "--pkey=" + s.privateKey(),
                "--relay-threads=" + s.threads(),
                "--userdb=" + s.workDir().resolve("coturn-turndb"),
                "--log-file=" + s.workDir().resolve("coturn.log"), "--simple-log", "--no-stdout-log"));
        return start("coturn", argv, s.workDir().resolve("coturn.out"));
    }

    /** @param serverArgs extra Edgeway flags after the equivalent settings (e.g. {@code --transport=io_uring}) */
    static ServerProcess edgeway(String java, List<String> jvmArgs, Path jar, Settings s, List<String> serverArgs)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmArgs);
        argv.addAll(List.of("-jar", jar.toString(),
                "--listening-ip=" + s.host(), "--listening-port=" + s.port(), "--tls-listening-port=" + s.tlsPort(),
                "--relay-ip=" + s.host(), "--min-port=" + s.minPort(), "--max-port=" + s.maxPort(),
                "--user=" + s.user() + ":" + s.password(), "--realm=" + s.realm(),
                "--allowed-peer-ip=127.0.0.0/8",
                "--cert=" + s.certificate(), "--pkey=" + s.privateKey(),
                "--event-loop-threads=" + s.threads(),
                // Like for like with coturn: no SFU media port; the control plane's database in the run's folder.
                "--media-port=off", "--data-dir=" + s.workDir().resolve("edgeway-data")));
        argv.addAll(serverArgs);
        return start("edgeway", argv, s.workDir().resolve("edgeway.out"));
    }

    private static ServerProcess start(String name, List<String> argv, Path log) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(name, process, argv, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** The command line, with the password replaced, for the record. */
    String commandLine() {
        return String.join(" ", command).replaceAll("(--user=[^: ]+:)\\S+", "$1***");
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
