package io.edgeway.bench.load;

import io.edgeway.turn.client.TurnClientCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What one load run does. Built by {@link TurnLoad}'s flags, by {@code TurnCompare} and by tests; checked
 * by {@link #validate()} before a run starts. Every run is bounded: client count, duration and allocation
 * count have hard ceilings, so a typo cannot turn the tool into a flood.
 *
 * <p>Two scenarios: <em>relay</em> (the default) opens {@link #clients()} allocations, binds a channel
 * or a permission to the harness's echo peer and sends application data; <em>hold</em>
 * ({@link #holdAllocations()} &gt; 0) opens that many allocations at {@link #allocationRate()}, keeps them
 * alive with Refresh requests for {@link #holdTime()} and sends no data.
 *
 * <p>Not thread-safe: fill it in, validate it, then hand it to one run.
 */
public final class LoadOptions {

    /** Client transport to the TURN server. */
    public enum Transport { UDP, TCP, TLS }

    /** How data reaches the peer: ChannelData on a bound channel, or Send indications (RFC 8656 §11-§12). */
    public enum Mode { CHANNEL, SEND }

    static final int MAX_CLIENTS = 20_000;
    static final int MAX_HOLD_ALLOCATIONS = 20_000;
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private String label = "turnload";
    private InetSocketAddress server;
    private Transport transport = Transport.UDP;
    private Mode mode = Mode.CHANNEL;
    private String user;
    private String password;
    private String authSecret;
    private String restUser = "turnload";
    private int clients = 10;
    private int payloadSize = 172;
    private int ratePerClient = 50;
    private int window = 8;
    private Duration warmup = Duration.ofSeconds(2);
    private Duration duration = Duration.ofSeconds(10);
    private int allocationRate = 500;
    private int sourceIps = 250;
    private int threads = 1;
    private long serverPid;
    private int holdAllocations;
    private Duration holdTime = Duration.ofSeconds(10);
    private Duration refreshInterval = Duration.ofSeconds(5);
    private int lifetimeSeconds = 600;
    private boolean heapAfterGc = true;
    private InetAddress peerAddress = InetAddress.getLoopbackAddress();
    private boolean progress = true;

    public LoadOptions label(String v) { label = v; return this; }
    public LoadOptions server(InetSocketAddress v) { server = v; return this; }
    public LoadOptions transport(Transport v) { transport = v; return this; }
    public LoadOptions mode(Mode v) { mode = v; return this; }
    /** A static long-term user. */
    public LoadOptions user(String name, String pw) { user = name; password = pw; return this; }
    /** TURN REST credentials minted from this shared secret, one username per client. */
    public LoadOptions authSecret(String v) { authSecret = v; return this; }
    public LoadOptions restUser(String v) { restUser = v; return this; }
    public LoadOptions clients(int v) { clients = v; return this; }
    /** Application data bytes per packet (what the peer receives), at least {@link Payload#MIN_SIZE}. */
    public LoadOptions payloadSize(int v) { payloadSize = v; return this; }
    /** Packets per second per client; 0 sends unpaced, keeping {@link #window()} packets in flight. */
    public LoadOptions ratePerClient(int v) { ratePerClient = v; return this; }
    public LoadOptions window(int v) { window = v; return this; }
    public LoadOptions warmup(Duration v) { warmup = v; return this; }
    public LoadOptions duration(Duration v) { duration = v; return this; }
    /** New allocations started per second, all clients together. */
    public LoadOptions allocationRate(int v) { allocationRate = v; return this; }
    /** Clients are spread over this many loopback source addresses 127.1.x.y. */
    public LoadOptions sourceIps(int v) { sourceIps = v; return this; }
    public LoadOptions threads(int v) { threads = v; return this; }
    /** The server's process id, for CPU time and memory from /proc; 0 when unknown. */
    public LoadOptions serverPid(long v) { serverPid = v; return this; }
    public LoadOptions holdAllocations(int v) { holdAllocations = v; return this; }
    public LoadOptions holdTime(Duration v) { holdTime = v; return this; }
    public LoadOptions refreshInterval(Duration v) { refreshInterval = v; return this; }
    public LoadOptions lifetimeSeconds(int v) { lifetimeSeconds = v; return this; }
    /** In the hold scenario, also measure the server's heap after a full GC (jcmd GC.run). */
    public LoadOptions heapAfterGc(boolean v) { heapAfterGc = v; return this; }
    public LoadOptions peerAddress(InetAddress v) { peerAddress = v; return this; }
    /** Print a progress line once a second. */
    public LoadOptions progress(boolean v) { progress = v; return this; }

    public String label() { return label; }
    public InetSocketAddress server() { return server; }
    public Transport transport() { return transport; }
    public Mode mode() { return mode; }
    public int clients() { return holdAllocations > 0 ? holdAllocations : clients; }
    public int payloadSize() { return payloadSize; }
    public int ratePerClient() { return ratePerClient; }
    public int window() { return window; }
    public Duration warmup() { return warmup; }
    public Duration duration() { return duration; }
    public int allocationRate() { return allocationRate; }
    public int sourceIps() { return sourceIps; }
    public int threads() { return threads; }
    public long serverPid() { return serverPid; }
    public int holdAllocations() { return holdAllocations; }
    public boolean isHold() { return holdAllocations > 0; }
    public Duration holdTime() { return holdTime; }
    public Duration refreshInterval() { return refreshInterval; }
    public int lifetimeSeconds() { return lifetimeSeconds; }
    public boolean heapAfterGc() { return heapAfterGc; }
    public InetAddress peerAddress() { return peerAddress; }
    public boolean progress() { return progress; }
    public boolean usesRestSecret() { return authSecret != null; }

    /**
     * Credentials for client {@code index}: the static user, or a REST username valid for an hour past the
     * end of the run with a per-client user id (so per-user quotas do not bind).
     */
    TurnClientCredentials credentials(int index, long nowEpochSeconds) {
        if (authSecret != null) {
            long expiry = nowEpochSeconds + 3600 + runSeconds();
            return TurnClientCredentials.rest(authSecret, expiry, restUser + index);
        }
        return TurnClientCredentials.of(user, password);
    }

    /** Upper bound of the run's length in seconds, setup excluded. */
    long runSeconds() {
        return isHold() ? holdTime.getSeconds() : warmup.getSeconds() + duration.getSeconds();
    }

    /** Checks every bound; throws IllegalArgumentException naming the first bad setting. */
    public LoadOptions validate() {
        Objects.requireNonNull(server, "server");
        check(user != null ^ authSecret != null, "give exactly one of a user (name:password) or an auth secret");
        check(clients >= 1 && clients <= MAX_CLIENTS, "clients must be 1.." + MAX_CLIENTS);
        check(holdAllocations >= 0 && holdAllocations <= MAX_HOLD_ALLOCATIONS,
                "hold allocations must be 0.." + MAX_HOLD_ALLOCATIONS);
        check(payloadSize >= Payload.MIN_SIZE && payloadSize <= 1400, "payload size must be " + Payload.MIN_SIZE + "..1400");
        check(ratePerClient >= 0 && ratePerClient <= 100_000, "rate per client must be 0..100000");
        check(window >= 1 && window <= 1024, "window must be 1..1024");
        check(!warmup.isNegative() && warmup.compareTo(MAX_DURATION) <= 0, "warm-up must be 0.." + MAX_DURATION);
        check(!duration.isNegative() && !duration.isZero() && duration.compareTo(MAX_DURATION) <= 0,
                "duration must be 1 s.." + MAX_DURATION);
        check(!holdTime.isNegative() && holdTime.compareTo(MAX_DURATION) <= 0, "hold time must be 0.." + MAX_DURATION);
        check(refreshInterval.toMillis() >= 100, "refresh interval must be at least 100 ms");
        check(allocationRate >= 1 && allocationRate <= 100_000, "allocation rate must be 1..100000");
        check(sourceIps >= 1 && sourceIps <= 250 * 250, "source addresses must be 1..62500");
        check(threads >= 1 && threads <= 16, "threads must be 1..16");
        check(lifetimeSeconds >= 0, "lifetime must not be negative");
        check(server.getAddress() != null && server.getAddress().isLoopbackAddress(),
                "the load harness only targets loopback servers: " + server);
        return this;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Loopback source address for client {@code index}: 127.1.x.y, y in 1..250, round-robin; ::1 when the
     * server is on IPv6 loopback. Spreading clients over addresses is what real users look like to the
     * server's per-source limits and nonces.
     */
    InetAddress sourceAddress(int index) {
        if (server.getAddress() instanceof java.net.Inet6Address) {
            return server.getAddress();
        }
        int slot = index % sourceIps;
        byte[] raw = {127, 1, (byte) (slot / 250), (byte) (1 + slot % 250)};
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
