package io.edgeway.turn.core;

import io.edgeway.stun.auth.UserCredentials;
import io.netty.util.collection.IntObjectHashMap;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A TURN allocation (RFC 8656 §2.2, §5): the relayed transport address(es) a client obtained, with
 * its permissions and channel bindings, its credentials and its expiry.
 *
 * <p>Confined to its event loop: the client's packets, its relay sockets and its timer all run on the
 * loop that received its Allocate, so nothing here is locked. Deadlines are stored as
 * {@link io.edgeway.core.time.Clock#nanos()} values and checked lazily.
 *
 * <p>An allocation may have an IPv4 relayed address, an IPv6 one, or both (RFC 8656 §7.2,
 * ADDITIONAL-ADDRESS-FAMILY); each peer is served from the relay of its own family.
 */
public final class Allocation {

    private final TurnClient client;
    private final UserCredentials credentials;
    private final byte[] integrityKey;
    private final boolean sha256Integrity;
    private final byte[] allocateTransactionId;
    private final boolean dontFragment;

    RelayEndpoint relay4;
    RelayEndpoint relay6;
    InetSocketAddress advertised4;
    InetSocketAddress advertised6;
    int port4 = -1;
    int port6 = -1;
    /** The peer of the last Send indication, reused while the client keeps sending to it. */
    InetSocketAddress lastSendPeer;
    int lastSendPeerIpv4;
    /** Core-private: index in the owning core's list, for O(1) removal. */
    int coreIndex = -1;
    /**
     * Core-private: the optional parts of the Allocate success (RESERVATION-TOKEN, ADDRESS-ERROR-CODE
     * for the additional family), kept so a retransmitted Allocate gets the same answer (RFC 8656 §7.2).
     */
    boolean answeredWithToken;
    long reservationToken;
    int additionalFamilyError = -1;

    private long expiresAtNanos;
    private boolean closed;

    private final Map<InetAddress, Permission> permissions = new HashMap<>(8);
    private final IntObjectHashMap<ChannelBinding> channelsByNumber = new IntObjectHashMap<>(8);
    private final Map<InetSocketAddress, ChannelBinding> channelsByPeer = new HashMap<>(8);

    final BandwidthLimiter toPeerLimiter;
    final BandwidthLimiter toClientLimiter;

    private final TurnCounters counters;

    Allocation(TurnClient client, UserCredentials credentials, byte[] integrityKey, boolean sha256Integrity,
            byte[] allocateTransactionId, boolean dontFragment, long bytesPerSecond, long nowNanos,
            TurnCounters counters) {
        this.client = client;
        this.counters = counters;
        this.credentials = credentials;
        this.integrityKey = integrityKey;
        this.sha256Integrity = sha256Integrity;
        this.allocateTransactionId = allocateTransactionId;
        this.dontFragment = dontFragment;
        this.toPeerLimiter = bytesPerSecond > 0 ? new BandwidthLimiter(bytesPerSecond, nowNanos) : null;
        this.toClientLimiter = bytesPerSecond > 0 ? new BandwidthLimiter(bytesPerSecond, nowNanos) : null;
    }

    public TurnClient client() {
        return client;
    }

    public UserCredentials credentials() {
        return credentials;
    }

    /** The key that authenticated the Allocate; later requests must use the same credentials (RFC 8656 §5). */
    byte[] integrityKey() {
        return integrityKey;
    }

    boolean sha256Integrity() {
        return sha256Integrity;
    }

    byte[] allocateTransactionId() {
        return allocateTransactionId;
    }

    public boolean dontFragment() {
        return dontFragment;
    }

    public InetSocketAddress relayedAddressV4() {
        return advertised4;
    }

    public InetSocketAddress relayedAddressV6() {
        return advertised6;
    }

    public boolean hasFamily(InetAddress peer) {
        return peer instanceof Inet4Address ? relay4 != null : relay6 != null;
    }

    /** The relay socket that serves peers of this address's family, or null. */
    RelayEndpoint relayFor(InetAddress peer) {
        return peer instanceof Inet4Address ? relay4 : relay6;
    }

    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    void expiresAtNanos(long deadline) {
        this.expiresAtNanos = deadline;
    }

    public boolean isLive(long nowNanos) {
        return !closed && nowNanos - expiresAtNanos < 0;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** The live permission for a peer IP, or null. */
    public Permission permission(InetAddress peer, long nowNanos) {
        Permission p = permissions.get(peer);
        return p != null && p.isLive(nowNanos) ? p : null;
    }

    /** Installs or refreshes the permission for {@code peer} (RFC 8656 §9.2). */
    Permission installPermission(InetAddress peer, long expiresAtNanos) {
        Permission p = permissions.get(peer);
        if (p == null) {
            p = new Permission(peer, expiresAtNanos);
            permissions.put(peer, p);
            counters.adjust(TurnCounters.Gauge.PERMISSIONS, 1);
            // A channel outlives a permission (600 s against 300 s, RFC 8656 §9, §12), so a channel still
            // bound to this peer may hold the expired permission the sweep removed: point it at the new
            // one, or its ChannelData would keep being dropped despite the fresh permission.
            for (ChannelBinding binding : channelsByNumber.values()) {
                if (binding.peer().getAddress().equals(peer)) {
                    binding.permission(p);
                }
            }
        } else {
            p.refresh(expiresAtNanos);
        }
        return p;
    }

    public int permissionCount() {
        return permissions.size();
    }

    public ChannelBinding channel(int number) {
        return channelsByNumber.get(number);
    }

    public ChannelBinding channelForPeer(InetSocketAddress peer) {
        return channelsByPeer.get(peer);
    }

    void bindChannel(ChannelBinding binding) {
        channelsByNumber.put(binding.number(), binding);
        channelsByPeer.put(binding.peer(), binding);
        counters.adjust(TurnCounters.Gauge.CHANNELS, 1);
    }

    public int channelCount() {
        return channelsByNumber.size();
    }

    /** Drops expired permissions and channel bindings. */
    void sweep(long nowNanos) {
        var channels = channelsByNumber.values().iterator();
        while (channels.hasNext()) {
            ChannelBinding binding = channels.next();
            if (!binding.isLive(nowNanos)) {
                channels.remove();
                channelsByPeer.remove(binding.peer());
                counters.adjust(TurnCounters.Gauge.CHANNELS, -1);
            }
        }
        var perms = permissions.values().iterator();
        while (perms.hasNext()) {
            if (!perms.next().isLive(nowNanos)) {
                perms.remove();
                counters.adjust(TurnCounters.Gauge.PERMISSIONS, -1);
            }
        }
    }

    /** Forgets every permission and channel (the allocation is closing), keeping the gauges right. */
    void clearPermissionsAndChannels() {
        counters.adjust(TurnCounters.Gauge.PERMISSIONS, -permissions.size());
        counters.adjust(TurnCounters.Gauge.CHANNELS, -channelsByNumber.size());
        permissions.clear();
        channelsByNumber.clear();
        channelsByPeer.clear();
    }

    @Override
    public String toString() {
        return "Allocation[" + client.transport() + " " + client.remoteAddress() + " -> "
                + (advertised4 != null ? advertised4 : "") + (advertised6 != null ? " " + advertised6 : "") + "]";
    }
}
