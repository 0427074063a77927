package io.edgeway.core.transport;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Hands out relay port numbers from the configured range (coturn: min-port/max-port) for one relay
 * address. Ports are picked from a random starting point (RFC 8656 §7.2: relayed transport addresses
 * should not be predictable) and walked forward from there, so a nearly full range still finds its
 * last free port. Reserving a port only marks it; binding is the caller's job, and a port that fails
 * to bind is released and another tried.
 *
 * <p>Thread-safe: allocations are created on several event loops. Called per allocation, never per
 * packet, so a monitor is cheap enough.
 */
public final class RelayPortAllocator {

    private final int minPort;
    private final int maxPort;
    private final BitSet used;
    private final RandomGenerator random;
    private int inUse;

    public RelayPortAllocator(int minPort, int maxPort, RandomGenerator random) {
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("bad relay port range " + minPort + "-" + maxPort);
        }
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.used = new BitSet(maxPort - minPort + 1);
        this.random = random;
    }

    public int minPort() {
        return minPort;
    }

    public int maxPort() {
        return maxPort;
    }

    /**
     * Reserves a free port; with {@code even} only even ports (RFC 8656 EVEN-PORT), and with
     * {@code pairWithNext} the next higher port as well (the R bit). Returns -1 when none is free.
     */
    public synchronized int acquire(boolean even, boolean pairWithNext) {
        int size = maxPort - minPort + 1;
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = minPort + (start + i) % size;
            if (even && (port & 1) != 0) {
                continue;
            }
            if (used.get(port - minPort)) {
                continue;
            }
            if (pairWithNext) {
                if (port + 1 > maxPort || used.get(port + 1 - minPort)) {
                    continue;
                }
                used.set(port + 1 - minPort);
                inUse++;
            }
            used.set(port - minPort);
            inUse++;
            return port;
        }
        return -1;
    }

    /** Reserves a specific port (a port claimed through a RESERVATION-TOKEN is already reserved). */
    public synchronized boolean acquire(int port) {
        if (port < minPort || port > maxPort || used.get(port - minPort)) {
            return false;
        }
        used.set(port - minPort);
        inUse++;
        return true;
    }

    public synchronized void release(int port) {
        if (port >= minPort && port <= maxPort && used.get(port - minPort)) {
            used.clear(port - minPort);
            inUse--;
        }
    }

    public synchronized boolean isUsed(int port) {
        return port >= minPort && port <= maxPort && used.get(port - minPort);
    }

    public synchronized int inUse() {
        return inUse;
    }
}
