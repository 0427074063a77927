package io.edgeway.turn.core;

import java.net.InetAddress;

/**
 * A permission (RFC 8656 §2.3, §9): lets one peer IP address (any port) send to the relayed address.
 * Lasts 300 seconds unless refreshed; expiry is a stored deadline checked lazily on use and swept by
 * {@link TurnServerCore#onTimeout}. Confined to its allocation's event loop.
 */
public final class Permission {

    /** RFC 8656 §9: the permission lifetime is fixed at 300 seconds. */
    public static final long LIFETIME_SECONDS = 300;

    private final InetAddress peer;
    private long expiresAtNanos;

    Permission(InetAddress peer, long expiresAtNanos) {
        this.peer = peer;
        this.expiresAtNanos = expiresAtNanos;
    }

    public InetAddress peer() {
        return peer;
    }

    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    void refresh(long expiresAtNanos) {
        this.expiresAtNanos = expiresAtNanos;
    }

    public boolean isLive(long nowNanos) {
        return nowNanos - expiresAtNanos < 0;
    }
}
