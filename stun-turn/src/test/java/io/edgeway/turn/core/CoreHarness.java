package io.edgeway.turn.core;

import io.edgeway.core.time.ManualClock;
import io.edgeway.stun.auth.CompositeCredentialStore;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.turn.config.TurnServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Test fixture: one {@link TurnServerCore} wired as the Netty layer wires it, but with a
 * {@link ManualClock}, a seeded {@link Random}, fake clients ({@link FakeTurnClient}) and fake relay
 * sockets ({@link FakeRelaySockets}), so every test is deterministic, runs no sockets and never sleeps.
 *
 * <p>Defaults: realm {@link #REALM}; static users {@link #ALICE} and {@link #BOB}; TURN REST secret
 * {@link #REST_SECRET}; relay addresses {@link #RELAY_V4} and (only when asked) {@link #RELAY_V6};
 * relay ports 49152-65535; everything else as {@link TurnServerConfig.Builder}'s defaults.
 *
 * <p>{@link #close()} deletes every allocation and releases every buffer still held by a fake, then
 * checks that nothing (quota, relay socket) outlived its allocation. Confined to the test thread.
 */
public final class CoreHarness implements AutoCloseable {

    public static final String REALM = "edgeway.test";
    public static final TurnRequests.Credentials ALICE = new TurnRequests.Credentials("alice", "alice-pass", REALM);
    public static final TurnRequests.Credentials BOB = new TurnRequests.Credentials("bob", "bob-pass", REALM);
    public static final String REST_SECRET = "rest-secret-north";
    public static final InetAddress RELAY_V4 = ip("203.0.113.10");
    public static final InetAddress RELAY_V6 = ip("2001:db8::10");
    /** The server's listening address as the fake clients see it. */
    public static final InetSocketAddress LISTENER = new InetSocketAddress(ip("203.0.113.1"), 3478);
    public static final long SEED = 0x5EED;

    private final ManualClock clock = new ManualClock();
    private final TurnServerConfig config;
    private final TurnServerContext context;
    private final FakeRelaySockets relays = new FakeRelaySockets();
    private final TurnCounters counters = new TurnCounters();
    private final TurnServerCore core;
    private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
    private final List<FakeTurnClient> clients = new ArrayList<>();
    private boolean closed;

    private CoreHarness(TurnServerConfig config, List<InetAddress> relayAddresses) {
        this.config = config;
        Random random = new Random(SEED);
        byte[] nonceSecret = new byte[32];
        random.nextBytes(nonceSecret);
        NonceService nonces = new NonceService(nonceSecret, config.nonceLifetime(), clock,
                NonceService.PASSWORD_ALGORITHMS | NonceService.USERNAME_ANONYMITY);
        this.context = new TurnServerContext(config, clock, random, CompositeCredentialStore.of(config), nonces,
                relayAddresses);
        this.core = new TurnServerCore(context, relays, counters);
    }

    /** The default configuration every harness starts from. */
    public static TurnServerConfig.Builder defaults() {
        return TurnServerConfig.builder()
                .realm(REALM)
                .software("Edgeway test")
                .staticUsers(Map.of(ALICE.username(), "alice-pass", BOB.username(), "bob-pass"))
                .authSecrets(List.of(REST_SECRET))
                .tlsEnabled(false);
    }

    /** IPv4 relay only, default configuration. */
    public static CoreHarness create() {
        return create(b -> { });
    }

    /** IPv4 relay only. */
    public static CoreHarness create(Consumer<TurnServerConfig.Builder> customizer) {
        return create(customizer, List.of(RELAY_V4));
    }

    public static CoreHarness create(Consumer<TurnServerConfig.Builder> customizer, List<InetAddress> relays) {
        TurnServerConfig.Builder b = defaults();
        customizer.accept(b);
        return new CoreHarness(b.build(), relays);
    }

    /** Both an IPv4 and an IPv6 relay address. */
    public static CoreHarness dualStack(Consumer<TurnServerConfig.Builder> customizer) {
        return create(customizer, List.of(RELAY_V4, RELAY_V6));
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    public static InetSocketAddress address(String literal, int port) {
        return new InetSocketAddress(ip(literal), port);
    }

    // ------------------------------------------------------------------------------------ accessors

    public ManualClock clock() {
        return clock;
    }

    public TurnServerConfig config() {
        return config;
    }

    public TurnServerContext context() {
        return context;
    }

    public TurnServerCore core() {
        return core;
    }

    public FakeRelaySockets relays() {
        return relays;
    }

    public long count(TurnEvent event) {
        return counters.get(event);
    }

    public long relayedPackets(TurnCounters.Direction direction, TransportProtocol transport) {
        return counters.relayedPackets(direction, transport);
    }

    public long relayedBytes(TurnCounters.Direction direction, TransportProtocol transport) {
        return counters.relayedBytes(direction, transport);
    }

    /** Ports of the IPv4 relay address currently marked used (allocations plus reservations). */
    public int relayPortsInUse() {
        return context.portAllocator(RELAY_V4).inUse();
    }

    public boolean relayPortUsed(int port) {
        return context.portAllocator(RELAY_V4).isUsed(port);
    }

    // -------------------------------------------------------------------------------------- clients

    public FakeTurnClient udpClient(String ip, int port) {
        return client(TransportProtocol.UDP, ip, port);
    }

    public FakeTurnClient tcpClient(String ip, int port) {
        return client(TransportProtocol.TCP, ip, port);
    }

    public FakeTurnClient client(TransportProtocol transport, String ip, int port) {
        FakeTurnClient client = new FakeTurnClient(address(ip, port), LISTENER, transport, alloc);
        clients.add(client);
        return client;
    }

    /** A client that authenticates as {@code user}. */
    public TurnSession session(FakeTurnClient client, TurnRequests.Credentials user) {
        return new TurnSession(this, client, user);
    }

    /** A UDP client from {@code ip}:{@code port} that authenticates as {@code user}. */
    public TurnSession session(String ip, int port, TurnRequests.Credentials user) {
        return session(udpClient(ip, port), user);
    }

    // --------------------------------------------------------------------------------------- inputs

    /** Hands {@code message} to the core as one datagram or stream frame from {@code client}, then releases it. */
    public void deliver(FakeTurnClient client, ByteBuf message) {
        try {
            core.onStunMessage(clock.nanos(), client, message, message.readerIndex(), message.readableBytes());
        } finally {
            message.release();
        }
    }

    public void deliver(FakeTurnClient client, byte[] message) {
        ByteBuf buf = alloc.heapBuffer(message.length).writeBytes(message);
        deliver(client, buf);
    }

    /** Sends a request and returns the one answer; fails when the server answered nothing or more. */
    public ReceivedMessage exchange(FakeTurnClient client, TurnRequests.Builder request) {
        deliver(client, request.encode(alloc));
        ReceivedMessage answer = client.next();
        if (client.pending() != 0) {
            throw new AssertionError("the server answered one request " + (1 + client.pending()) + " times");
        }
        return answer;
    }

    /** Hands a ChannelData frame to the core, then releases it. */
    public void channelData(FakeTurnClient client, ByteBuf frame) {
        try {
            core.onChannelData(clock.nanos(), client, frame, frame.readerIndex(), frame.readableBytes());
        } finally {
            frame.release();
        }
    }

    public void channelData(FakeTurnClient client, int channel, byte[] data) {
        channelData(client, TurnRequests.channelData(channel, data, client.transport().isStream()));
    }

    /** A datagram from {@code peer} arriving at {@code allocation}'s relay socket. */
    public void peerDatagram(Allocation allocation, InetSocketAddress peer, byte[] data) {
        ByteBuf buf = Unpooled.buffer(data.length).writeBytes(data);
        try {
            core.onPeerDatagram(clock.nanos(), allocation, peer, buf);
        } finally {
            buf.release();
        }
    }

    /** Moves the clock, without sweeping. */
    public CoreHarness advance(Duration by) {
        clock.advance(by);
        return this;
    }

    /** Runs the core's periodic sweep at the current time. */
    public CoreHarness timeout() {
        core.onTimeout(clock.nanos());
        return this;
    }

    // -------------------------------------------------------------------------------------- teardown

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.closeAll();
        for (FakeTurnClient client : clients) {
            client.releaseAll();
        }
        relays.releaseAll();
        if (core.allocationCount() != 0) {
            throw new AssertionError(core.allocationCount() + " allocations survived closeAll");
        }
        if (context.quotas().active() != 0) {
            throw new AssertionError(context.quotas().active() + " quota slots leaked");
        }
        for (FakeRelayEndpoint endpoint : relays.opened()) {
            if (!endpoint.isClosed()) {
                throw new AssertionError("relay socket " + endpoint.localAddress() + " outlived its allocation");
            }
        }
    }
}
