package io.edgeway.turn.core;

import io.edgeway.core.time.Clock;
import io.edgeway.core.transport.RelayPortAllocator;
import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.policy.AllocationQuotas;
import io.edgeway.turn.policy.LiveRelayPorts;
import io.edgeway.turn.policy.PeerPolicy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What every event loop's {@link TurnServerCore} shares: configuration, credentials, nonces, quotas,
 * peer policy, relay ports and reservations. Everything here is thread-safe; the per-packet path reads
 * only the peer policy (a volatile reference to an immutable object) and the configuration.
 *
 * <p>Credentials and peer policy are held in volatile fields so a hot reload swaps them without
 * touching existing allocations.
 */
public final class TurnServerContext {

    private final TurnServerConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    private final NonceService nonces;
    private final AllocationQuotas quotas;
    private final ReservationTable reservations = new ReservationTable();
    private final InetAddress relayV4;
    private final InetAddress relayV6;
    private final Map<InetAddress, RelayPortAllocator> portAllocators = new IdentityHashMap<>();
    private volatile CredentialStore credentials;
    private final LiveRelayPorts liveRelayPorts = new LiveRelayPorts();
    private volatile PeerPolicy peerPolicy;
    private volatile boolean draining;
    private volatile java.util.function.LongConsumer allocateDurations = nanos -> { };

    /**
     * @param relayAddresses concrete relay addresses (at most one per family is used)
     */
    public TurnServerContext(TurnServerConfig config, Clock clock, RandomGenerator random,
            CredentialStore credentials, NonceService nonces, List<InetAddress> relayAddresses) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.credentials = credentials;
        this.nonces = nonces;
        this.quotas = new AllocationQuotas(config.userQuota(), config.totalQuota());
        InetAddress v4 = null;
        InetAddress v6 = null;
        for (InetAddress address : relayAddresses) {
            if (address instanceof Inet4Address && v4 == null) {
                v4 = address;
            } else if (address instanceof Inet6Address && v6 == null) {
                v6 = address;
            }
        }
        if (v4 == null && v6 == null) {
            throw new IllegalArgumentException("at least one relay address is required");
        }
        this.relayV4 = v4;
        this.relayV6 = v6;
        if (v4 != null) {
            portAllocators.put(v4, new RelayPortAllocator(config.minPort(), config.maxPort(), random));
        }
        if (v6 != null) {
            portAllocators.put(v6, new RelayPortAllocator(config.minPort(), config.maxPort(), random));
        }
        this.peerPolicy = PeerPolicy.of(config.allowedPeerRanges(), config.deniedPeerRanges(),
                advertisedRelayAddresses(), config.minPort(), config.maxPort()).withLiveRelayPorts(liveRelayPorts);
        reservations.releaser(r -> portAllocator(r.relayAddress()).release(r.port()));
    }

    public TurnServerConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    public NonceService nonces() {
        return nonces;
    }

    public AllocationQuotas quotas() {
        return quotas;
    }

    ReservationTable reservations() {
        return reservations;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /** Hot reload: new requests authenticate against {@code store}; existing allocations keep their keys. */
    public void credentials(CredentialStore store) {
        this.credentials = store;
    }

    public PeerPolicy peerPolicy() {
        return peerPolicy;
    }

    /**
     * Hot reload: the next permission, channel bind or Send is checked against {@code policy}, which is
     * given this server's {@link LiveRelayPorts} for its self-relay rule.
     */
    public void peerPolicy(PeerPolicy policy) {
        this.peerPolicy = policy.withLiveRelayPorts(liveRelayPorts);
    }

    /** The relay ports bound now, shared by every event loop's core. */
    public LiveRelayPorts liveRelayPorts() {
        return liveRelayPorts;
    }

    /** While draining, new allocations are refused with 508; existing ones keep relaying. */
    public boolean draining() {
        return draining;
    }

    public void draining(boolean draining) {
        this.draining = draining;
    }

    /** Where the time spent handling each successful Allocate (nanoseconds) is reported. */
    public java.util.function.LongConsumer allocateDurations() {
        return allocateDurations;
    }

    public void allocateDurations(java.util.function.LongConsumer sink) {
        this.allocateDurations = sink;
    }

    /** The relay address of the family (1 = IPv4, 2 = IPv6), or null when not configured. */
    public InetAddress relayAddress(int family) {
        return family == 1 ? relayV4 : relayV6;
    }

    RelayPortAllocator portAllocator(InetAddress relayAddress) {
        return portAllocators.get(relayAddress);
    }

    /** The address a client is told for a relay socket: its external-ip mapping, if any. */
    public InetSocketAddress advertised(InetSocketAddress bound) {
        InetAddress external = externalFor(bound.getAddress());
        return external == null ? bound : new InetSocketAddress(external, bound.getPort());
    }

    /**
     * coturn's external-ip: {@code PUBLIC/PRIVATE} maps one relay address; a bare {@code PUBLIC} is
     * keyed by its family's wildcard address and maps every relay address of that family.
     */
    private InetAddress externalFor(InetAddress relay) {
        InetAddress exact = config.externalIps().get(relay);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<InetAddress, InetAddress> entry : config.externalIps().entrySet()) {
            InetAddress key = entry.getKey();
            if (key.isAnyLocalAddress() && key.getClass() == relay.getClass()) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Relay addresses as clients see them (with external-ip mapping), for the self-relay peer rule. */
    public List<InetAddress> advertisedRelayAddresses() {
        java.util.ArrayList<InetAddress> out = new java.util.ArrayList<>(4);
        for (InetAddress a : new InetAddress[] {relayV4, relayV6}) {
            if (a != null) {
                out.add(a);
                InetAddress external = externalFor(a);
                if (external != null) {
                    out.add(external);
                }
            }
        }
        return out;
    }
}
