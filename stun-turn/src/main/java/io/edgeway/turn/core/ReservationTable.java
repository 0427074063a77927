package io.edgeway.turn.core;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relay ports held back by EVEN-PORT with the R bit (RFC 8656 §7.2 step 6): the allocator marked the
 * port used, and a later Allocate that presents the RESERVATION-TOKEN claims it. Unclaimed
 * reservations are given back after {@link #LIFETIME_SECONDS}. Thread-safe: the claiming Allocate may
 * arrive on any event loop.
 */
public final class ReservationTable {

    /** RFC 8656 §7.2: the server should hold a reserved port for about 30 seconds. */
    public static final long LIFETIME_SECONDS = 30;

    /** A reserved relay port. */
    public static final class Reservation {
        final InetAddress relayAddress;
        final int port;
        final long expiresAtNanos;

        Reservation(InetAddress relayAddress, int port, long expiresAtNanos) {
            this.relayAddress = relayAddress;
            this.port = port;
            this.expiresAtNanos = expiresAtNanos;
        }

        public InetAddress relayAddress() {
            return relayAddress;
        }

        public int port() {
            return port;
        }
    }

    private final ConcurrentHashMap<Long, Reservation> byToken = new ConcurrentHashMap<>();

    void put(long token, InetAddress relayAddress, int port, long expiresAtNanos) {
        byToken.put(token, new Reservation(relayAddress, port, expiresAtNanos));
    }

    /** Removes and returns a live reservation, or null if the token is unknown or expired. */
    Reservation claim(long token, long nowNanos) {
        Reservation r = byToken.remove(token);
        if (r == null) {
            return null;
        }
        return nowNanos - r.expiresAtNanos < 0 ? r : expired(r);
    }

    private Reservation expired(Reservation r) {
        // Give the port back: the token came too late.
        releaser.release(r);
        return null;
    }

    /** Gives expired reservations' ports back. */
    void sweep(long nowNanos) {
        byToken.values().removeIf(r -> {
            if (nowNanos - r.expiresAtNanos >= 0) {
                releaser.release(r);
                return true;
            }
            return false;
        });
    }

    int size() {
        return byToken.size();
    }

    interface Releaser {
        void release(Reservation reservation);
    }

    private Releaser releaser = r -> { };

    void releaser(Releaser releaser) {
        this.releaser = releaser;
    }

    void releaseAll() {
        byToken.values().removeIf(r -> {
            releaser.release(r);
            return true;
        });
    }
}
