package io.edgeway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of the kernel's UDP socket tables, with lines in the format of /proc/net/udp and udp6. */
class UdpDropsTest {

    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode ref pointer drops\n";

    @TempDir
    Path dir;

    @Test
    void ipv4SocketsAreSplitIntoPeerClientsAndOthers() throws Exception {
        // 127.0.0.1:0x9C40 (40000, the peer), 127.1.0.7:0x8000 (a client), 127.0.0.1:0x0D96 (3478, a server).
        Path udp = dir.resolve("udp");
        Files.writeString(udp, HEADER
                + " 1: 0100007F:9C40 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 1 2 0000000000000000 5\n"
                + " 2: 0700017F:8000 0100007F:0D96 01 00000000:00000000 00:00000000 00000000 0 0 2 2 0000000000000000 7\n"
                + " 3: 0100007F:0D96 00000000:0000 07 00000000:00000000 00:00000000 00000000 0 0 3 2 0000000000000000 11\n");
        assertThat(UdpDrops.read(udp, 40000)).isEqualTo(new UdpDrops(5, 7, 11));
    }

    @Test
    void ipv4MappedIpv6SocketsCountLikeIpv4() throws Exception {
        Path udp6 = dir.resolve("udp6");
        Files.writeString(udp6, HEADER
                + " 1: 0000000000000000FFFF00000700017F:8000 00000000000000000000000000000000:0000 07 00000000:00000000"
                + " 00:00000000 00000000 0 0 4 2 0000000000000000 3\n"
                + " 2: 00000000000000000000000001000000:0D96 00000000000000000000000000000000:0000 07 00000000:00000000"
                + " 00:00000000 00000000 0 0 5 2 0000000000000000 2\n");
        assertThat(UdpDrops.read(udp6, 40000)).isEqualTo(new UdpDrops(0, 3, 2));
    }

    @Test
    void aMissingTableCountsNothing() {
        assertThat(UdpDrops.read(dir.resolve("absent"), 1)).isEqualTo(UdpDrops.NONE);
    }
}
