package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.client.BlockingTurnClient;
import io.edgeway.turn.client.TurnClientCredentials;
import io.edgeway.turn.client.TurnClientEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private static final int NOFILE = 128;
    private static final Pattern UDP_LINE = Pattern.compile("Listening: udp 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void allocationsBeyondTheDescriptorsLeftAreAnswered508() throws Exception {
        JarProcess p = JarProcess.start(List.of("prlimit", "--nofile=" + NOFILE + ":" + NOFILE, "--"), List.of(
                "--listening-ip", "127.0.0.1", "--listening-port", "0", "--no-tls", "--no-tcp", "--relay-ip", "127.0.0.1",
                "--min-port", "44000", "--max-port", "44999", "--user", "fd:fd-password", "--user-quota", "0",
                "--total-quota", "0", "--http-port", "off", "--media-port", "off", "--control-plane", "false",
                "--event-loop-threads", "1", "--unauthenticated-rate", "100000", "--unauthenticated-burst", "100000",
                "--data-dir", dataDir.toString()));
        List<BlockingTurnClient> clients = new ArrayList<>();
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(p.await(UDP_LINE, Duration.ofSeconds(60)).group(1)));
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
            // Not SIGTERM: its drain would wait drain-deadline for the allocations left.
            p.kill();
        }
    }
}
