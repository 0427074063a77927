package io.edgeway.turn.policy;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The relay ports this server has bound right now, per address family: what the self-relay rule of
 * {@link PeerPolicy} consults, so that a TURN client reaches the server's own relay address only on the
 * port of a live relay allocation, never on another process's socket that happens to sit inside the
 * relay port range (a resolver's query port, a second server's listener).
 *
 * <p>A port is marked after its relay socket is bound and cleared when the socket closes; a port that is
 * only reserved (RFC 8656 EVEN-PORT with the R bit) or whose bind failed is never marked.
 *
 * <p>Thread-safe and lock-free: allocations are made and closed on every event loop while any loop
 * checks. One bit per port (8 KiB per family); {@link #isBound} allocates nothing and takes no lock, so
 * it may run per Send indication.
 */
public final class LiveRelayPorts {

    private static final int WORDS = 65536 / 64;

    private final AtomicLongArray v4 = new AtomicLongArray(WORDS);
    private final AtomicLongArray v6 = new AtomicLongArray(WORDS);

    /** Marks {@code port} of the IPv6 ({@code ipv6}) or IPv4 relay address as bound. */
    public void bound(boolean ipv6, int port) {
        update(ipv6, port, true);
    }

    /** Clears {@code port}: its relay socket is closed. */
    public void closed(boolean ipv6, int port) {
        update(ipv6, port, false);
    }

    private void update(boolean ipv6, int port, boolean set) {
        AtomicLongArray bits = ipv6 ? v6 : v4;
        long mask = 1L << (port & 63);
        int word = checked(port) >>> 6;
        long old;
        do {
            old = bits.get(word);
        } while (!bits.compareAndSet(word, old, set ? old | mask : old & ~mask));
    }

    /** Whether a live relay socket holds {@code port}; false for any port outside 0-65535. */
    public boolean isBound(boolean ipv6, int port) {
        if (port < 0 || port > 65535) {
            return false;
        }
        return ((ipv6 ? v6 : v4).get(port >>> 6) & (1L << (port & 63))) != 0;
    }

    private static int checked(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return port;
    }
}
