package io.edgeway.turn.core;

import java.net.InetSocketAddress;

/**
 * A channel binding (RFC 8656 §12): channel number 0x4000-0x4FFF bound to one peer transport
 * address for 600 seconds unless refreshed. It keeps a direct reference to the permission of its
 * peer, so the ChannelData path checks both with two field reads; when that permission expires and a
 * new one is installed for the peer, {@link Allocation} re-points the binding at it. The peer address
 * object is kept and reused for every datagram sent to that peer.
 */
public final class ChannelBinding {

    /** RFC 8656 §12: a channel binding lasts 10 minutes unless refreshed. */
    public static final long LIFETIME_SECONDS = 600;

    private final int number;
    private final InetSocketAddress peer;
    private Permission permission;
    private long expiresAtNanos;

    ChannelBinding(int number, InetSocketAddress peer, Permission permission, long expiresAtNanos) {
        this.number = number;
        this.peer = peer;
        this.permission = permission;
        this.expiresAtNanos = expiresAtNanos;
    }

    public int number() {
        return number;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public Permission permission() {
        return permission;
    }

    /** Re-points the binding at a permission installed after the previous one expired and was swept. */
    void permission(Permission replacement) {
        this.permission = replacement;
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
