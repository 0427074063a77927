package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.client.BlockingTurnClient;
import io.edgeway.turn.client.TurnClientCredentials;
import io.edgeway.turn.client.TurnClientEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with few file descriptors ({@code prlimit --nofile}), allocating until none are left:
 * once the kernel refuses a relay socket, Allocate is answered 508 Insufficient Capacity (RFC 8656 §7.2),
 * so clients move on to another server. Before issue #10's fix the exception reached the listener and the
 * client heard nothing until it timed out.
 */
class FileDescriptorExhaustionProcessIT {

    private static final int NOFILE = 256;
    private static final Pattern UDP_LINE = Pattern.compile("Listening: udp 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void allocationsBeyondTheDescriptorsLeftAreAnswered508() throws Exception {
        Path jar = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/edgeway.jar");
        assertThat(jar).as("the shaded jar; run through 'mvn verify'").exists();
        List<String> cmd = List.of("prlimit", "--nofile=" + NOFILE + ":" + NOFILE, "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--no-tcp", "--relay-ip", "127.0.0.1",
                "--min-port", "44000", "--max-port", "44999", "--user", "fd:fd-password", "--user-quota", "0",
                "--total-quota", "0", "--http-port", "off", "--media-port", "off", "--control-plane", "false",
                "--event-loop-threads", "1", "--unauthenticated-rate", "100000", "--unauthenticated-burst", "100000",
                "--data-dir", dataDir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith(ConfigKey.ENV_PREFIX));
        Process p = pb.start();
        List<BlockingTurnClient> clients = new ArrayList<>();
        try {
            InetSocketAddress server = udpListener(p);
            TurnClientCredentials credentials = TurnClientCredentials.of("fd", "fd-password");
            int allocated = 0;
            int refusedWith = -1;
            for (int i = 0; i < NOFILE && refusedWith < 0; i++) {
                BlockingTurnClient client = BlockingTurnClient.udp(server, credentials);
                clients.add(client);
                TurnClientEvent outcome = client.allocate();
                if (outcome == TurnClientEvent.ALLOCATED) {
                    allocated++;
                } else {
                    refusedWith = client.session().errorCode();
                }
            }
            System.out.printf("FD-IT nofile %d: %d allocations, then error %d%n", NOFILE, allocated, refusedWith);
            assertThat(allocated).as("some relays fit in the descriptors").isGreaterThan(10);
            assertThat(refusedWith).as("the first Allocate the kernel had no socket for (0: no answer)")
                    .isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
        } finally {
            clients.forEach(BlockingTurnClient::close);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The UDP listener's address, from the start-up log; the rest of the output is drained in the background. */
    private static InetSocketAddress udpListener(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            seen.add(line);
            Matcher m = UDP_LINE.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe from filling
                        }
                    } catch (IOException ended) {
                        // the process ended
                    }
                }, "fd-it-output");
                drain.setDaemon(true);
                drain.start();
                return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
            }
        }
        throw new AssertionError("no UDP listener line; output:\n" + String.join("\n", seen));
    }
}
