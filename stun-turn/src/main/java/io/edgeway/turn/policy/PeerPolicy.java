package io.edgeway.turn.policy;

import io.edgeway.turn.config.TurnServerConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which peers a TURN client may reach through its relayed address. A TURN server is an open proxy
 * inside the operator's network, so by default it refuses every peer that is not a global unicast
 * address: loopback, private, link-local, CGNAT, multicast, cloud metadata and reserved ranges (the
 * design brief's "security defaults"; RFC 8656's security considerations, §21, leave the policy to
 * the server).
 *
 * <h2>Theory of operation</h2>
 * Every decision runs the same steps, first match wins:
 * <ol>
 *   <li><b>Canonicalise</b> ({@link #canonicalize}): an IPv6 address that embeds an IPv4 address the
 *       network will actually deliver to is judged as that IPv4 address.</li>
 *   <li><b>Denied list</b> (coturn: denied-peer-ip) → deny.</li>
 *   <li><b>Allowed list</b> (coturn: allowed-peer-ip) → allow. This is how tests open 127.0.0.0/8; an
 *       allowed range that covers this server's own address opens all its ports, as asked.</li>
 *   <li><b>Own media port</b> ({@link #withMediaEndpoints}): an address the process's SFU announces in
 *       its ICE candidates → allowed as a permission, and for ChannelBind/Send only on the media port
 *       itself. A browser that may use only relayed candidates (a firewalled user) reaches the SFU
 *       through this server, even when the SFU listens on a loopback or private address, and nothing
 *       else on that address is opened.</li>
 *   <li><b>Self-relay</b>: one of this server's relay addresses → allowed as a permission, and for
 *       ChannelBind/Send only on the port of a live relay socket ({@link LiveRelayPorts}: bound now,
 *       inside the relay port range). Two clients of this server can then reach each other's relayed
 *       addresses, while nobody reaches the TURN listener, the HTTP API, another process's socket in the
 *       range or anything else on the box through it.</li>
 *   <li><b>Default-deny classes</b> (table below) → deny. A 6to4 address (2002::/16) is denied when
 *       the IPv4 address it embeds is in one of them.</li>
 *   <li>Otherwise → allow.</li>
 * </ol>
 *
 * <p>The lists match the <em>canonical</em> address: write IPv4 ranges for IPv4 peers even when clients
 * name them as {@code ::ffff:a.b.c.d} or through NAT64; an IPv6 range over {@code 64:ff9b::/96} never
 * matches.
 *
 * <h2>Default-deny classes</h2>
 * <pre>
 *   metadata      169.254.169.254, 168.63.129.16 (Azure), 100.100.100.200 (Alibaba), fd00:ec2::254 (AWS)
 *   broadcast     255.255.255.255
 *   this-network  0.0.0.0/8, ::/128      (the kernel sends "0.0.0.0" and "::" to the local host)
 *   loopback      127.0.0.0/8, ::1
 *   private       10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
 *   cgnat         100.64.0.0/10
 *   link-local    169.254.0.0/16, fe80::/10
 *   multicast     224.0.0.0/4, ff00::/8
 *   reserved      192.0.0.0/24, 192.88.99.0/24, 240.0.0.0/4, 2001:10::/28, 2001:20::/28
 *   documentation 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20
 *   benchmarking  198.18.0.0/15, 2001:2::/48
 *   discard       100::/64
 *   nat64-local   64:ff9b:1::/48          (RFC 8215: embeds IPv4 at a site-chosen position)
 *   teredo        2001::/32               (embeds an obfuscated IPv4 address)
 *   unique-local  fc00::/7
 *   site-local    fec0::/10
 * </pre>
 *
 * <h2>Hot path</h2>
 * {@link #permits(InetAddress, int)} runs per Send indication. It allocates nothing for IPv4 and the
 * primitive forms {@link #permitsIpv4} and {@link #permitsIpv6} allocate nothing at all (the
 * {@code InetAddress} form of IPv6 must call {@link InetAddress#getAddress()}, which returns a copy).
 * Ranges are flat primitive arrays scanned in a loop; no locks, no boxing, no iterators.
 *
 * <p>Immutable and thread-safe. A reload builds a new policy.
 */
public final class PeerPolicy {

    /** Port argument of the primitive forms meaning "any port" (a permission check). */
    public static final int ANY_PORT = -1;

    private static final int RULE_SHIFT = 24;
    private static final int INDEX_MASK = 0x7FFFFF;
    /** Set in a verdict whose index refers to an IPv6 table. */
    private static final int V6 = 0x800000;
    // Verdict rules, ordered so that every allowing rule sorts before every denying one.
    private static final int GLOBAL = 1 << RULE_SHIFT;
    private static final int ALLOWED_LIST = 2 << RULE_SHIFT;
    private static final int SELF_RELAY = 3 << RULE_SHIFT;
    private static final int MEDIA_PORT = 4 << RULE_SHIFT;
    private static final int DENIED_LIST = 5 << RULE_SHIFT;
    private static final int SELF_RELAY_PORT = 6 << RULE_SHIFT;
    private static final int DEFAULT_CLASS = 7 << RULE_SHIFT;
    private static final int SIX_TO_FOUR = 8 << RULE_SHIFT;

    private static final long NAT64_WELL_KNOWN_HIGH = 0x0064_ff9b_0000_0000L;

    /** Whether {@code Inet4Address.hashCode()} is the address itself (true of every OpenJDK to date). */
    private static final boolean V4_HASH_IS_ADDRESS = probeV4HashCode();

    private static final AddressRanges DEFAULT_CLASSES = AddressRanges.builder()
            .add("169.254.169.254", "metadata")
            .add("168.63.129.16", "metadata")
            .add("100.100.100.200", "metadata")
            .add("fd00:ec2::254", "metadata")
            .add("255.255.255.255", "broadcast")
            .add("0.0.0.0/8", "this-network")
            .add("::/128", "this-network")
            .add("127.0.0.0/8", "loopback")
            .add("::1/128", "loopback")
            .add("10.0.0.0/8", "private")
            .add("172.16.0.0/12", "private")
            .add("192.168.0.0/16", "private")
            .add("100.64.0.0/10", "cgnat")
            .add("169.254.0.0/16", "link-local")
            .add("fe80::/10", "link-local")
            .add("224.0.0.0/4", "multicast")
            .add("ff00::/8", "multicast")
            .add("192.0.0.0/24", "reserved")
            .add("192.88.99.0/24", "reserved")
            .add("240.0.0.0/4", "reserved")
            .add("2001:10::/28", "reserved")
            .add("2001:20::/28", "reserved")
            .add("192.0.2.0/24", "documentation")
            .add("198.51.100.0/24", "documentation")
            .add("203.0.113.0/24", "documentation")
            .add("2001:db8::/32", "documentation")
            .add("3fff::/20", "documentation")
            .add("198.18.0.0/15", "benchmarking")
            .add("2001:2::/48", "benchmarking")
            .add("100::/64", "discard")
            .add("64:ff9b:1::/48", "nat64-local")
            .add("2001::/32", "teredo")
            .add("fc00::/7", "unique-local")
            .add("fec0::/10", "site-local")
            .build();

    private final AddressRanges denied;
    private final AddressRanges allowed;
    private final int[] ownV4;
    private final long[] ownV6High;
    private final long[] ownV6Low;
    private final int relayMinPort;
    private final int relayMaxPort;
    /** Which relay ports are bound now; null until the server's registry is attached (then none are). */
    private final LiveRelayPorts liveRelayPorts;
    /** The SFU's media endpoints as given, and the same as flat arrays for the per-packet check. */
    private final List<InetSocketAddress> mediaEndpoints;
    private final int[] mediaV4;
    private final int[] mediaV4Port;
    private final long[] mediaV6High;
    private final long[] mediaV6Low;
    private final int[] mediaV6Port;

    private PeerPolicy(AddressRanges denied, AddressRanges allowed, int[] ownV4, long[] ownV6High,
                       long[] ownV6Low, int relayMinPort, int relayMaxPort, LiveRelayPorts liveRelayPorts,
                       List<InetSocketAddress> mediaEndpoints) {
        this.denied = denied;
        this.allowed = allowed;
        this.ownV4 = ownV4;
        this.ownV6High = ownV6High;
        this.ownV6Low = ownV6Low;
        this.relayMinPort = relayMinPort;
        this.relayMaxPort = relayMaxPort;
        this.liveRelayPorts = liveRelayPorts;
        this.mediaEndpoints = List.copyOf(mediaEndpoints);
        List<InetSocketAddress> v4 = new ArrayList<>();
        List<InetSocketAddress> v6 = new ArrayList<>();
        for (InetSocketAddress endpoint : this.mediaEndpoints) {
            InetAddress address = canonicalize(endpoint.getAddress());
            (address instanceof Inet4Address ? v4 : v6).add(new InetSocketAddress(address, endpoint.getPort()));
        }
        this.mediaV4 = new int[v4.size()];
        this.mediaV4Port = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            mediaV4[i] = AddressRanges.toInt(v4.get(i).getAddress().getAddress(), 0);
            mediaV4Port[i] = v4.get(i).getPort();
        }
        this.mediaV6High = new long[v6.size()];
        this.mediaV6Low = new long[v6.size()];
        this.mediaV6Port = new int[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            byte[] b = v6.get(i).getAddress().getAddress();
            mediaV6High[i] = AddressRanges.toLong(b, 0);
            mediaV6Low[i] = AddressRanges.toLong(b, 8);
            mediaV6Port[i] = v6.get(i).getPort();
        }
    }

    /**
     * Builds a policy.
     *
     * @param allowed           ranges opened despite the default classes (CIDR, single address, or a-b)
     * @param denied            ranges refused before anything else
     * @param ownRelayAddresses the concrete addresses of this server's relay sockets, including every
     *                          advertised external address (clients relay to the XOR-RELAYED-ADDRESS
     *                          they were given); wildcard addresses are refused
     * @param relayMinPort      lowest relay port, inclusive
     * @param relayMaxPort      highest relay port, inclusive
     * @throws IllegalArgumentException naming the entry for bad range syntax, or for bad ports/addresses
     */
    public static PeerPolicy of(List<String> allowed, List<String> denied, List<InetAddress> ownRelayAddresses,
                                int relayMinPort, int relayMaxPort) {
        if (relayMinPort < 0 || relayMaxPort > 65535 || relayMinPort > relayMaxPort) {
            throw new IllegalArgumentException("relay port range " + relayMinPort + "-" + relayMaxPort
                    + " is not within 0-65535 with min <= max");
        }
        AddressRanges.Builder deniedRanges = AddressRanges.builder();
        for (String entry : denied) {
            deniedRanges.add(entry, "denied " + (entry == null ? null : entry.trim()));
        }
        AddressRanges.Builder allowedRanges = AddressRanges.builder();
        for (String entry : allowed) {
            allowedRanges.add(entry, "allowed " + (entry == null ? null : entry.trim()));
        }
        List<Integer> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (InetAddress own : ownRelayAddresses) {
            InetAddress address = canonicalize(Objects.requireNonNull(own, "relay address"));
            if (address.isAnyLocalAddress()) {
                throw new IllegalArgumentException("relay address " + own.getHostAddress()
                        + " is a wildcard: pass the concrete addresses the relay sockets use");
            }
            if (address instanceof Inet4Address) {
                v4.add(AddressRanges.toInt(address.getAddress(), 0));
            } else {
                byte[] b = address.getAddress();
                v6.add(new long[] {AddressRanges.toLong(b, 0), AddressRanges.toLong(b, 8)});
            }
        }
        int[] ownV4 = new int[v4.size()];
        for (int i = 0; i < ownV4.length; i++) {
            ownV4[i] = v4.get(i);
        }
        long[] ownV6High = new long[v6.size()];
        long[] ownV6Low = new long[v6.size()];
        for (int i = 0; i < ownV6High.length; i++) {
            ownV6High[i] = v6.get(i)[0];
            ownV6Low[i] = v6.get(i)[1];
        }
        return new PeerPolicy(deniedRanges.build(), allowedRanges.build(), ownV4, ownV6High, ownV6Low,
                relayMinPort, relayMaxPort, null, List.of());
    }

    /**
     * This policy, with the process's own SFU media port opened as a peer: each endpoint is an address
     * the SFU announces in its ICE candidates with the UDP media port. Such an address is allowed as a
     * permission, and ChannelBind/Send to it only on that port (the rule "own media port" of the class
     * comment: after the denied and allowed lists, before self-relay and the default classes). This is
     * what lets a browser restricted to relayed candidates reach the SFU through this TURN server, the
     * same way the self-relay rule lets two clients of this server reach each other.
     *
     * @param endpoints replaces any endpoints this policy had; empty closes them again
     * @throws IllegalArgumentException for a wildcard address or port 0
     */
    public PeerPolicy withMediaEndpoints(List<InetSocketAddress> endpoints) {
        for (InetSocketAddress endpoint : endpoints) {
            Objects.requireNonNull(endpoint, "media endpoint");
            if (endpoint.isUnresolved() || endpoint.getAddress().isAnyLocalAddress() || endpoint.getPort() == 0) {
                throw new IllegalArgumentException("media endpoint " + endpoint
                        + " must be a concrete address and a bound port");
            }
        }
        return new PeerPolicy(denied, allowed, ownV4, ownV6High, ownV6Low, relayMinPort, relayMaxPort,
                liveRelayPorts, endpoints);
    }

    /**
     * This policy, consulting {@code ports} for the self-relay rule: one of this server's relay addresses
     * is a peer (for ChannelBind/Send) only on a port a live relay socket has bound. A policy without a
     * registry opens no relay port at all. The TURN context attaches its own registry to every policy it
     * is given, reloads included.
     */
    public PeerPolicy withLiveRelayPorts(LiveRelayPorts ports) {
        return new PeerPolicy(denied, allowed, ownV4, ownV6High, ownV6Low, relayMinPort, relayMaxPort,
                Objects.requireNonNull(ports, "ports"), mediaEndpoints);
    }

    /** The endpoints {@link #withMediaEndpoints} opened; a reload carries them into the new policy. */
    public List<InetSocketAddress> mediaEndpoints() {
        return mediaEndpoints;
    }

    /** The policy the configuration asks for, with the relay sockets' concrete addresses. */
    public static PeerPolicy of(TurnServerConfig config, List<InetAddress> ownRelayAddresses) {
        return of(config.allowedPeerRanges(), config.deniedPeerRanges(), ownRelayAddresses,
                config.minPort(), config.maxPort());
    }

    /**
     * The address the network will really deliver to. Returns an {@link Inet4Address} for an IPv6
     * address that embeds one:
     * <ul>
     *   <li>IPv4-mapped {@code ::ffff:a.b.c.d}: a dual-stack socket sends it as IPv4;</li>
     *   <li>IPv4-translated {@code ::ffff:0:a.b.c.d} (RFC 2765 SIIT): a translator sends it as IPv4;</li>
     *   <li>IPv4-compatible {@code ::a.b.c.d} (deprecated by RFC 4291 §2.5.5.1, but some stacks still
     *       route it to IPv4), except {@code ::} and {@code ::1} which keep their IPv6 meaning;</li>
     *   <li>the NAT64 well-known prefix {@code 64:ff9b::/96} (RFC 6052): a NAT64 gateway on the path
     *       sends it to the embedded IPv4 address.</li>
     * </ul>
     * Without this, {@code ::ffff:127.0.0.1} or {@code 64:ff9b::a00:1} would pass an IPv6-only check
     * while the kernel or a NAT64 delivers to 127.0.0.1 or 10.0.0.1. Any other address is returned as is.
     * Allocates for IPv6 input; not for the hot path (use the primitive forms there).
     */
    public static InetAddress canonicalize(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        long high = AddressRanges.toLong(b, 0);
        long low = AddressRanges.toLong(b, 8);
        if (!embedsIpv4(high, low)) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** Whether the IPv6 address {@code high:low} stands for the IPv4 address in its last 32 bits. */
    private static boolean embedsIpv4(long high, long low) {
        int upper = (int) (low >>> 32);
        if (high == 0) {
            return upper == 0xFFFF                                  // ::ffff:a.b.c.d
                    || upper == 0xFFFF0000                          // ::ffff:0:a.b.c.d
                    || upper == 0 && (low & 0xFFFF_FFFFL) > 1;      // ::a.b.c.d, not :: or ::1
        }
        return high == NAT64_WELL_KNOWN_HIGH && upper == 0;          // 64:ff9b::a.b.c.d
    }

    /** Whether a permission (CreatePermission, RFC 8656 §9) may be installed for {@code peer}, any port. */
    public boolean permitsAddress(InetAddress peer) {
        return permitted(decide(peer, ANY_PORT));
    }

    /** Whether data may flow to {@code peer}:{@code port} (ChannelBind, Send). No allocation for IPv4. */
    public boolean permits(InetAddress peer, int port) {
        return permitted(decide(peer, port < 0 ? 0 : port));
    }

    /**
     * Primitive form for the hot path: {@code address} is the big-endian IPv4 address (as
     * {@code XorAddress.ipv4} returns it); {@code port} is the peer port, or {@link #ANY_PORT}.
     */
    public boolean permitsIpv4(int address, int port) {
        return permitted(decideV4(address, port));
    }

    /** Primitive form for the hot path: the IPv6 address as its high and low 64 bits. */
    public boolean permitsIpv6(long high, long low, int port) {
        return permitted(decideV6(high, low, port));
    }

    /**
     * The rule that decides {@code peer} as a permission (port-agnostic), for logs and tests: a default
     * class name ("loopback", "private", "metadata", ...), "6to4-" plus the embedded address's class,
     * "denied &lt;entry&gt;", "allowed &lt;entry&gt;", "self-relay", or "global" when nothing matched.
     */
    public String describe(InetAddress peer) {
        int verdict = decide(peer, ANY_PORT);
        int rule = verdict & ~((1 << RULE_SHIFT) - 1);
        int index = verdict & INDEX_MASK;
        boolean v6 = (verdict & V6) != 0;
        switch (rule) {
            case GLOBAL:
                return "global";
            case SELF_RELAY:
            case SELF_RELAY_PORT:
                return "self-relay";
            case MEDIA_PORT:
                return "media-port";
            case ALLOWED_LIST:
                return v6 ? allowed.v6Name(index) : allowed.v4Name(index);
            case DENIED_LIST:
                return v6 ? denied.v6Name(index) : denied.v4Name(index);
            case DEFAULT_CLASS:
                return v6 ? DEFAULT_CLASSES.v6Name(index) : DEFAULT_CLASSES.v4Name(index);
            case SIX_TO_FOUR:
                return "6to4-" + DEFAULT_CLASSES.v4Name(index);
            default:
                throw new IllegalStateException("unknown verdict " + verdict);
        }
    }

    private static boolean permitted(int verdict) {
        return verdict < DENIED_LIST;
    }

    private int decide(InetAddress peer, int port) {
        if (peer instanceof Inet4Address) {
            return decideV4(ipv4(peer), port);
        }
        byte[] b = peer.getAddress();
        return decideV6(AddressRanges.toLong(b, 0), AddressRanges.toLong(b, 8), port);
    }

    private static int ipv4(InetAddress peer) {
        return V4_HASH_IS_ADDRESS ? peer.hashCode() : AddressRanges.toInt(peer.getAddress(), 0);
    }

    private int decideV4(int address, int port) {
        int i = denied.matchV4(address);
        if (i >= 0) {
            return DENIED_LIST | i;
        }
        i = allowed.matchV4(address);
        if (i >= 0) {
            return ALLOWED_LIST | i;
        }
        int[] media = mediaV4;
        for (int k = 0; k < media.length; k++) {
            if (media[k] == address && (port == ANY_PORT || port == mediaV4Port[k])) {
                return MEDIA_PORT;
            }
        }
        int[] own = ownV4;
        for (int k = 0; k < own.length; k++) {
            if (own[k] == address) {
                return selfRelay(false, port);
            }
        }
        i = DEFAULT_CLASSES.matchV4(address);
        if (i >= 0) {
            return DEFAULT_CLASS | i;
        }
        return GLOBAL;
    }

    private int decideV6(long high, long low, int port) {
        if (embedsIpv4(high, low)) {
            return decideV4((int) low, port);
        }
        int i = denied.matchV6(high, low);
        if (i >= 0) {
            return DENIED_LIST | V6 | i;
        }
        i = allowed.matchV6(high, low);
        if (i >= 0) {
            return ALLOWED_LIST | V6 | i;
        }
        for (int k = 0; k < mediaV6High.length; k++) {
            if (mediaV6High[k] == high && mediaV6Low[k] == low && (port == ANY_PORT || port == mediaV6Port[k])) {
                return MEDIA_PORT;
            }
        }
        for (int k = 0; k < ownV6High.length; k++) {
            if (ownV6High[k] == high && ownV6Low[k] == low) {
                return selfRelay(true, port);
            }
        }
        i = DEFAULT_CLASSES.matchV6(high, low);
        if (i >= 0) {
            return DEFAULT_CLASS | V6 | i;
        }
        if ((high >>> 48) == 0x2002) {
            // 6to4 (RFC 3056): a 6to4 relay delivers 2002:AABB:CCDD::/48 to IPv4 AA.BB.CC.DD.
            int embedded = (int) (high >>> 16);
            i = denied.matchV4(embedded);
            if (i >= 0) {
                return DENIED_LIST | i;
            }
            i = DEFAULT_CLASSES.matchV4(embedded);
            if (i >= 0) {
                return SIX_TO_FOUR | i;
            }
        }
        return GLOBAL;
    }

    private int selfRelay(boolean ipv6, int port) {
        // The range alone is not enough: another process's socket may sit inside it (issue #10).
        if (port == ANY_PORT || port >= relayMinPort && port <= relayMaxPort
                && liveRelayPorts != null && liveRelayPorts.isBound(ipv6, port)) {
            return SELF_RELAY;
        }
        return SELF_RELAY_PORT;
    }

    private static boolean probeV4HashCode() {
        try {
            int[] samples = {0x01020304, 0x7F000001, 0xC0A80101, 0xFFFFFFFF, 0};
            for (int sample : samples) {
                byte[] b = {(byte) (sample >>> 24), (byte) (sample >>> 16), (byte) (sample >>> 8), (byte) sample};
                if (InetAddress.getByAddress(b).hashCode() != sample) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "PeerPolicy{denied=" + denied.size() + ", allowed=" + allowed.size() + ", ownRelayAddresses="
                + (ownV4.length + ownV6High.length) + ", relayPorts=" + relayMinPort + "-" + relayMaxPort
                + ", mediaEndpoints=" + mediaEndpoints.size() + "}";
    }
}
