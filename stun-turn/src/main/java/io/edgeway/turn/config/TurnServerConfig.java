package io.edgeway.turn.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the TURN/STUN server needs, already validated. Built by the process's configuration
 * loader (signaling's {@code EdgewayConfig}) from file, environment and flags; tests build it directly.
 * Immutable: a hot reload builds a new instance.
 *
 * <p>Names follow coturn's where coturn has the same setting, so operators recognise them.
 */
public final class TurnServerConfig {

    /** How listeners and relay sockets are driven. */
    public enum TransportPreference { AUTO, IO_URING, EPOLL, NIO }

    // Listeners.
    private final List<InetAddress> listeningIps;
    private final int listeningPort;
    private final int tlsListeningPort;
    private final int altTlsListeningPort;
    private final boolean udpEnabled;
    private final boolean tcpEnabled;
    private final boolean tlsEnabled;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private final int eventLoopThreads;
    private final TransportPreference transport;
    private final int socketReceiveBufferBytes;
    private final int socketSendBufferBytes;
    private final int relaySocketBufferBytes;

    // Relay.
    private final List<InetAddress> relayIps;
    private final Map<InetAddress, InetAddress> externalIps;
    private final int minPort;
    private final int maxPort;

    // Protocol.
    private final String realm;
    private final String software;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Duration nonceLifetime;

    // Credentials.
    private final Map<String, String> staticUsers;
    private final List<String> authSecrets;

    // Limits.
    private final int userQuota;
    private final int totalQuota;
    private final long maxBytesPerSecond;
    private final int unauthenticatedRequestsPerSecond;
    private final int unauthenticatedBurst;
    private final boolean rfc5766ChannelNumbers;

    // Peer policy.
    private final List<String> allowedPeerRanges;
    private final List<String> proxyProtocolSources;
    private final List<String> deniedPeerRanges;

    private TurnServerConfig(Builder b) {
        this.listeningIps = List.copyOf(b.listeningIps);
        this.listeningPort = b.listeningPort;
        this.tlsListeningPort = b.tlsListeningPort;
        this.altTlsListeningPort = b.altTlsListeningPort;
        this.udpEnabled = b.udpEnabled;
        this.tcpEnabled = b.tcpEnabled;
        this.tlsEnabled = b.tlsEnabled;
        this.certificateFile = b.certificateFile;
        this.privateKeyFile = b.privateKeyFile;
        this.eventLoopThreads = b.eventLoopThreads;
        this.transport = Objects.requireNonNull(b.transport);
        this.socketReceiveBufferBytes = b.socketReceiveBufferBytes;
        this.socketSendBufferBytes = b.socketSendBufferBytes;
        this.relaySocketBufferBytes = b.relaySocketBufferBytes;
        this.relayIps = List.copyOf(b.relayIps);
        this.externalIps = Map.copyOf(b.externalIps);
        this.minPort = b.minPort;
        this.maxPort = b.maxPort;
        this.realm = Objects.requireNonNull(b.realm);
        this.software = b.software;
        this.defaultLifetime = b.defaultLifetime;
        this.maxLifetime = b.maxLifetime;
        this.nonceLifetime = b.nonceLifetime;
        this.staticUsers = Map.copyOf(b.staticUsers);
        this.authSecrets = List.copyOf(b.authSecrets);
        this.userQuota = b.userQuota;
        this.totalQuota = b.totalQuota;
        this.maxBytesPerSecond = b.maxBytesPerSecond;
        this.unauthenticatedRequestsPerSecond = b.unauthenticatedRequestsPerSecond;
        this.unauthenticatedBurst = b.unauthenticatedBurst;
        this.rfc5766ChannelNumbers = b.rfc5766ChannelNumbers;
        this.allowedPeerRanges = List.copyOf(b.allowedPeerRanges);
        this.proxyProtocolSources = List.copyOf(b.proxyProtocolSources);
        this.deniedPeerRanges = List.copyOf(b.deniedPeerRanges);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.listeningIps = listeningIps;
        b.listeningPort = listeningPort;
        b.tlsListeningPort = tlsListeningPort;
        b.altTlsListeningPort = altTlsListeningPort;
        b.udpEnabled = udpEnabled;
        b.tcpEnabled = tcpEnabled;
        b.tlsEnabled = tlsEnabled;
        b.certificateFile = certificateFile;
        b.privateKeyFile = privateKeyFile;
        b.eventLoopThreads = eventLoopThreads;
        b.transport = transport;
        b.socketReceiveBufferBytes = socketReceiveBufferBytes;
        b.socketSendBufferBytes = socketSendBufferBytes;
        b.relaySocketBufferBytes = relaySocketBufferBytes;
        b.relayIps = relayIps;
        b.externalIps = externalIps;
        b.minPort = minPort;
        b.maxPort = maxPort;
        b.realm = realm;
        b.software = software;
        b.defaultLifetime = defaultLifetime;
        b.maxLifetime = maxLifetime;
        b.nonceLifetime = nonceLifetime;
        b.staticUsers = staticUsers;
        b.authSecrets = authSecrets;
        b.userQuota = userQuota;
        b.totalQuota = totalQuota;
        b.maxBytesPerSecond = maxBytesPerSecond;
        b.unauthenticatedRequestsPerSecond = unauthenticatedRequestsPerSecond;
        b.unauthenticatedBurst = unauthenticatedBurst;
        b.rfc5766ChannelNumbers = rfc5766ChannelNumbers;
        b.allowedPeerRanges = allowedPeerRanges;
        b.proxyProtocolSources = proxyProtocolSources;
        b.deniedPeerRanges = deniedPeerRanges;
        return b;
    }

    /** Addresses the listeners bind; empty means the wildcard address (all interfaces). */
    public List<InetAddress> listeningIps() { return listeningIps; }
    /** UDP and TCP port for STUN/TURN (coturn: listening-port; default 3478). 0 picks a free port. */
    public int listeningPort() { return listeningPort; }
    /** TLS port (coturn: tls-listening-port; default 5349). 0 picks a free port. */
    public int tlsListeningPort() { return tlsListeningPort; }
    /** An additional TLS port, typically 443 for firewalled users; -1 when off. */
    public int altTlsListeningPort() { return altTlsListeningPort; }
    public boolean udpEnabled() { return udpEnabled; }
    public boolean tcpEnabled() { return tcpEnabled; }
    public boolean tlsEnabled() { return tlsEnabled; }
    /** PEM certificate chain (coturn: cert); null means a self-signed certificate made at start. */
    public Path certificateFile() { return certificateFile; }
    /** PEM private key (coturn: pkey); null exactly when {@link #certificateFile()} is null. */
    public Path privateKeyFile() { return privateKeyFile; }
    /** Event loops for listeners and relay sockets; 0 means one per available processor. */
    public int eventLoopThreads() { return eventLoopThreads; }
    public TransportPreference transport() { return transport; }
    public int socketReceiveBufferBytes() { return socketReceiveBufferBytes; }
    public int socketSendBufferBytes() { return socketSendBufferBytes; }
    /**
     * SO_RCVBUF and SO_SNDBUF of each relay socket. Smaller than the listeners': there is one per
     * allocation (10,000 allocations at 4 MiB each would reserve 40 GiB of kernel memory).
     */
    public int relaySocketBufferBytes() { return relaySocketBufferBytes; }
    /** Addresses relay sockets bind (coturn: relay-ip); empty means the listening addresses' families on the wildcard. */
    public List<InetAddress> relayIps() { return relayIps; }
    /** Private relay address to public address advertised in XOR-RELAYED-ADDRESS (coturn: external-ip). */
    public Map<InetAddress, InetAddress> externalIps() { return externalIps; }
    public int minPort() { return minPort; }
    public int maxPort() { return maxPort; }
    public String realm() { return realm; }
    /** SOFTWARE attribute on success responses; null to send none. */
    public String software() { return software; }
    public Duration defaultLifetime() { return defaultLifetime; }
    public Duration maxLifetime() { return maxLifetime; }
    public Duration nonceLifetime() { return nonceLifetime; }
    /** Static long-term users: name to password, or to {@code 0x}-prefixed hex MD5 key as coturn accepts. */
    public Map<String, String> staticUsers() { return staticUsers; }
    /** TURN REST shared secrets (coturn: static-auth-secret); several are accepted at once for rotation. */
    public List<String> authSecrets() { return authSecrets; }
    /** Concurrent allocations per user; 0 is unlimited. */
    public int userQuota() { return userQuota; }
    /** Concurrent allocations in total; 0 is unlimited. */
    public int totalQuota() { return totalQuota; }
    /** Relay bandwidth cap per allocation and direction in bytes per second (coturn: max-bps); 0 is unlimited. */
    public long maxBytesPerSecond() { return maxBytesPerSecond; }
    public int unauthenticatedRequestsPerSecond() { return unauthenticatedRequestsPerSecond; }
    public int unauthenticatedBurst() { return unauthenticatedBurst; }
    /**
     * Accept ChannelBind numbers 0x5000-0x7FFF too, as RFC 5766 did (coturn's clients pick them);
     * off by default, when RFC 8656's 0x4000-0x4FFF applies.
     */
    public boolean rfc5766ChannelNumbers() { return rfc5766ChannelNumbers; }
    /** CIDR ranges opened despite the default deny list (coturn: allowed-peer-ip; also accepts a-b ranges). */
    public List<String> allowedPeerRanges() { return allowedPeerRanges; }
    /**
     * Load balancers whose PROXY protocol headers the TCP and TLS listeners believe (ranges as for peers);
     * empty means no listener expects or accepts a header.
     */
    public List<String> proxyProtocolSources() { return proxyProtocolSources; }
    /** CIDR ranges denied in addition to the default deny list (coturn: denied-peer-ip). */
    public List<String> deniedPeerRanges() { return deniedPeerRanges; }

    public static final class Builder {
        private List<InetAddress> listeningIps = List.of();
        private int listeningPort = 3478;
        private int tlsListeningPort = 5349;
        private int altTlsListeningPort = -1;
        private boolean udpEnabled = true;
        private boolean tcpEnabled = true;
        private boolean tlsEnabled = true;
        private Path certificateFile;
        private Path privateKeyFile;
        private int eventLoopThreads;
        private TransportPreference transport = TransportPreference.AUTO;
        private int socketReceiveBufferBytes = 4 * 1024 * 1024;
        private int socketSendBufferBytes = 4 * 1024 * 1024;
        private int relaySocketBufferBytes = 256 * 1024;
        private List<InetAddress> relayIps = List.of();
        private Map<InetAddress, InetAddress> externalIps = Map.of();
        private int minPort = 49152;
        private int maxPort = 65535;
        private String realm = "edgeway.local";
        private String software = "Edgeway";
        private Duration defaultLifetime = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofHours(1);
        private Duration nonceLifetime = Duration.ofMinutes(10);
        private Map<String, String> staticUsers = Map.of();
        private List<String> authSecrets = List.of();
        private int userQuota;
        private int totalQuota;
        private long maxBytesPerSecond;
        private int unauthenticatedRequestsPerSecond = 20;
        private int unauthenticatedBurst = 40;
        private boolean rfc5766ChannelNumbers;
        private List<String> allowedPeerRanges = List.of();
        private List<String> proxyProtocolSources = List.of();
        private List<String> deniedPeerRanges = List.of();

        public Builder listeningIps(List<InetAddress> v) { listeningIps = v; return this; }
        public Builder listeningPort(int v) { listeningPort = v; return this; }
        public Builder tlsListeningPort(int v) { tlsListeningPort = v; return this; }
        public Builder altTlsListeningPort(int v) { altTlsListeningPort = v; return this; }
        public Builder udpEnabled(boolean v) { udpEnabled = v; return this; }
        public Builder tcpEnabled(boolean v) { tcpEnabled = v; return this; }
        public Builder tlsEnabled(boolean v) { tlsEnabled = v; return this; }
        public Builder certificateFile(Path v) { certificateFile = v; return this; }
        public Builder privateKeyFile(Path v) { privateKeyFile = v; return this; }
        public Builder eventLoopThreads(int v) { eventLoopThreads = v; return this; }
        public Builder transport(TransportPreference v) { transport = v; return this; }
        public Builder socketReceiveBufferBytes(int v) { socketReceiveBufferBytes = v; return this; }
        public Builder socketSendBufferBytes(int v) { socketSendBufferBytes = v; return this; }
        public Builder relaySocketBufferBytes(int v) { relaySocketBufferBytes = v; return this; }
        public Builder relayIps(List<InetAddress> v) { relayIps = v; return this; }
        public Builder externalIps(Map<InetAddress, InetAddress> v) { externalIps = v; return this; }
        public Builder minPort(int v) { minPort = v; return this; }
        public Builder maxPort(int v) { maxPort = v; return this; }
        public Builder realm(String v) { realm = v; return this; }
        public Builder software(String v) { software = v; return this; }
        public Builder defaultLifetime(Duration v) { defaultLifetime = v; return this; }
        public Builder maxLifetime(Duration v) { maxLifetime = v; return this; }
        public Builder nonceLifetime(Duration v) { nonceLifetime = v; return this; }
        public Builder staticUsers(Map<String, String> v) { staticUsers = v; return this; }
        public Builder authSecrets(List<String> v) { authSecrets = v; return this; }
        public Builder userQuota(int v) { userQuota = v; return this; }
        public Builder totalQuota(int v) { totalQuota = v; return this; }
        public Builder maxBytesPerSecond(long v) { maxBytesPerSecond = v; return this; }
        public Builder unauthenticatedRequestsPerSecond(int v) { unauthenticatedRequestsPerSecond = v; return this; }
        public Builder unauthenticatedBurst(int v) { unauthenticatedBurst = v; return this; }
        public Builder rfc5766ChannelNumbers(boolean v) { rfc5766ChannelNumbers = v; return this; }
        public Builder allowedPeerRanges(List<String> v) { allowedPeerRanges = v; return this; }
        public Builder proxyProtocolSources(List<String> v) { proxyProtocolSources = v; return this; }
        public Builder deniedPeerRanges(List<String> v) { deniedPeerRanges = v; return this; }

        public TurnServerConfig build() {
            return new TurnServerConfig(this);
        }
    }
}
