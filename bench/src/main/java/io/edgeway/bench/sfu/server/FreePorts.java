package io.edgeway.bench.sfu.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports the kernel just handed out, checked free for both TCP and UDP on an address (never a product default). */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port free for TCP and UDP on {@code host} at the moment of the call. */
    public static int tcpAndUdp(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(address, 0));
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
                return port;
            } catch (IOException taken) {
                // the UDP twin is in use: ask again
            }
        }
        throw new IOException("no port free for both TCP and UDP on " + host);
    }

    /** The first of {@code count} consecutive UDP ports free on {@code host}, searched from {@code from}. */
    public static int udpRange(String host, int from, int count) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        outer:
        for (int base = from; base + count < 60000; base += count) {
            for (int p = base; p < base + count; p++) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, p))) {
                    udp.getLocalPort();
                } catch (IOException taken) {
                    continue outer;
                }
            }
            return base;
        }
        throw new IOException("no range of " + count + " free UDP ports on " + host);
    }
}
