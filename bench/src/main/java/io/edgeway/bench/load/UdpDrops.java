package io.edgeway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datagrams the kernel dropped because a socket's receive buffer was full, from the {@code drops} column
 * of {@code /proc/net/udp}, split by whose socket it was: the harness's echo peer (127.0.0.1 on the peer
 * port), the harness's clients (127.1.0.0/16) or anyone else on loopback (the server under test). Tells
 * loss caused by the load generator from loss caused by the server. Counts only sockets open at the time
 * of the snapshot; IPv4 only.
 */
record UdpDrops(long peer, long clients, long other) {

    static final UdpDrops NONE = new UdpDrops(0, 0, 0);

    /**
     * Current drop counters of /proc/net/udp and /proc/net/udp6 (Netty's native sockets are dual-stack
     * IPv6 sockets, listed there with IPv4-mapped addresses); zero for a file that cannot be read.
     */
    static UdpDrops snapshot(int peerPort) {
        return read(Path.of("/proc/net/udp"), peerPort).plus(read(Path.of("/proc/net/udp6"), peerPort));
    }

    static UdpDrops read(Path file, int peerPort) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return NONE;
        }
        long peer = 0;
        long clients = 0;
        long other = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 13) {
                continue;
            }
            int colon = f[1].indexOf(':');
            String address = f[1].substring(0, colon);
            // The address is printed as 32-bit words in host (little-endian) order; an IPv4-mapped IPv6
            // address ends in the words FFFF0000 and the IPv4 word. Other IPv6 sockets count as others.
            if (address.length() == 32) {
                address = address.startsWith("0000000000000000FFFF0000") ? address.substring(24) : "00000000";
            }
            long ip = Long.parseLong(address, 16);
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            long drops = Long.parseLong(f[f.length - 1]);
            int first = (int) (ip & 0xFF);
            int second = (int) ((ip >> 8) & 0xFF);
            if (first == 127 && second == 0 && port == peerPort) {
                peer += drops;
            } else if (first == 127 && second == 1) {
                clients += drops;
            } else {
                other += drops;
            }
        }
        return new UdpDrops(peer, clients, other);
    }

    UdpDrops plus(UdpDrops other) {
        return new UdpDrops(peer + other.peer, clients + other.clients, this.other + other.other);
    }

    UdpDrops minus(UdpDrops before) {
        return new UdpDrops(peer - before.peer, clients - before.clients, other - before.other);
    }
}
