package io.edgeway.turn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * coturn's {@code turnutils_peer}: a UDP echo peer on 127.0.0.1 that binds {@link #port()} and the
 * port above it (uclient's RTP/RTCP pair). Started ready: construction returns only after the peer
 * has echoed a probe datagram.
 */
public final class TurnutilsPeer implements AutoCloseable {

    private final ExternalProcess process;
    private final InetSocketAddress address;

    private TurnutilsPeer(ExternalProcess process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    static TurnutilsPeer start(Path executable, Path log) {
        int port = LoopbackPorts.freeUdpPair();
        ExternalProcess p = ExternalProcess.start(
                List.of(executable.toString(), "-L", "127.0.0.1", "-p", Integer.toString(port)), log, Map.of());
        TurnutilsPeer peer = new TurnutilsPeer(p, new InetSocketAddress(LoopbackPorts.LOOPBACK, port));
        try {
            peer.awaitEcho();
            return peer;
        } catch (RuntimeException | Error e) {
            peer.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    int port() {
        return address.getPort();
    }

    /** Sends probes until one comes back; up to 40 tries of 250 ms, so at most ~10 s. */
    private void awaitEcho() {
        byte[] probe = "edgeway-peer-probe".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0))) {
            socket.setSoTimeout(250);
            for (int attempt = 0; attempt < 40; attempt++) {
                if (!process.isAlive()) {
                    throw new AssertionError("turnutils_peer exited at start:\n" + process.output());
                }
                socket.send(new DatagramPacket(probe, probe.length, address));
                DatagramPacket reply = new DatagramPacket(new byte[64], 64);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException notYet) {
                    continue;
                }
                if (Arrays.equals(probe, 0, probe.length, reply.getData(), 0, reply.getLength())) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("turnutils_peer on " + address + " never echoed a probe:\n" + process.output());
    }

    @Override
    public void close() {
        process.close();
    }
}
