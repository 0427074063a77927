package io.edgeway.turn.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports for external programs that cannot be told "port 0" (turnutils_peer, coturn).
 * A port is checked free for both UDP and TCP and then released, so another process could take it in
 * between; the callers prove readiness afterwards, which turns such a race into a clear failure.
 */
final class LoopbackPorts {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackPorts() {
    }

    /** A port free for UDP and TCP on 127.0.0.1. */
    static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(LOOPBACK, 0));
                port = tcp.getLocalPort();
            } catch (IOException e) {
                continue;
            }
            if (udpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    /** An even UDP port {@code p} with {@code p + 1} free too (turnutils_peer binds both). */
    static int freeUdpPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = free() & ~1;
            if (port > 1024 && udpFree(port) && udpFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback UDP port pair found");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return udp.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
