package io.edgeway.bench.jmh;

import io.edgeway.core.time.Clock;
import io.edgeway.stun.auth.NonceService;
import io.edgeway.stun.auth.StaticUserStore;
import io.edgeway.turn.client.TurnClientCredentials;
import io.edgeway.turn.client.TurnClientEvent;
import io.edgeway.turn.client.TurnClientSession;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.Allocation;
import io.edgeway.turn.core.RelayEndpoint;
import io.edgeway.turn.core.TransportProtocol;
import io.edgeway.turn.core.TurnClient;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.core.TurnServerCore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two forwarding paths through the real {@link TurnServerCore} (the code the Netty handlers call
 * per packet): client ChannelData or Send indication -> relay socket, and peer datagram -> ChannelData
 * or Data indication -> client. The allocation, permission and channel are set up with the project's
 * own client session exactly as a client would. The I/O ends are stand-ins that release what they
 * are given, so the figures are the core's own cost; with {@code -prof gc} the ChannelData paths must
 * show 0 B/op:
 * {@code java -jar bench/target/edgeway-bench.jar RelayForwardingBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelayForwardingBench {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CHANNEL = 0x4000;

    @Param({"172", "1200"})
    public int payloadSize;

    /** The allocator the server's channels use (Netty 4.2's default, adaptive), so its costs are measured too. */
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final InetSocketAddress peer = new InetSocketAddress(LOOPBACK, 5000);
    private TurnServerCore core;
    private BenchClient client;
    private Allocation allocation;
    private ByteBuf channelData;
    private ByteBuf sendIndication;
    private ByteBuf peerDatagram;
    private long now = 1_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() {
        TurnServerConfig config = TurnServerConfig.builder().realm("bench").staticUsers(Map.of("bench", "pw"))
                .allowedPeerRanges(List.of("127.0.0.0/8")).minPort(40000).maxPort(40999).build();
        Clock clock = Clock.SYSTEM;
        TurnServerContext context = new TurnServerContext(config, clock, new SplittableRandom(1),
                new StaticUserStore(config.staticUsers(), "bench"),
                new NonceService(new byte[32], Duration.ofHours(1), clock, NonceService.PASSWORD_ALGORITHMS), List.of(LOOPBACK));
        core = new TurnServerCore(context, (owner, address, port) -> new DiscardingRelay(new InetSocketAddress(address, port)),
                new TurnCounters());
        client = new BenchClient(new InetSocketAddress(LOOPBACK, 50000));
        TurnClientSession session = new TurnClientSession(TurnClientCredentials.of("bench", "pw"), false,
                new SplittableRandom(2));
        drive(session, out -> session.writeAllocate(out, now, 0), TurnClientEvent.ALLOCATED);
        drive(session, out -> session.writeChannelBind(out, now, CHANNEL, peer), TurnClientEvent.CHANNEL_BOUND);
        allocation = client.allocation();

        ByteBuf payload = alloc.directBuffer(payloadSize).writeZero(payloadSize);
        channelData = alloc.directBuffer(payloadSize + 4);
        session.writeChannelData(channelData, CHANNEL, payload, 0, payloadSize);
        sendIndication = alloc.directBuffer(payloadSize + 64);
        session.writeSendIndication(sendIndication, peer, payload, 0, payloadSize);
        payload.release();
        peerDatagram = alloc.directBuffer(payloadSize).writeZero(payloadSize);
        client.capture = false;
    }

    private interface Request {
        int write(ByteBuf out);
    }

    /** Sends a request to the core and feeds answers back until the session reports {@code expected}. */
    private void drive(TurnClientSession session, Request request, TurnClientEvent expected) {
        ByteBuf out = alloc.heapBuffer(512);
        request.write(out);
        for (int round = 0; round < 4; round++) {
            core.onStunMessage(now, client, out, out.readerIndex(), out.readableBytes());
            out.clear();
            ByteBuf answer = client.last;
            client.last = null;
            TurnClientEvent event = session.onReceive(now, answer, answer.readerIndex(), answer.readableBytes());
            answer.release();
            if (event == expected) {
                out.release();
                return;
            }
            if (event != TurnClientEvent.RETRY) {
                out.release();
                throw new IllegalStateException("setup failed: " + event + " " + session.errorCode());
            }
            session.writePending(out, now);
        }
        out.release();
        throw new IllegalStateException("setup did not converge");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        core.closeAll();
        channelData.release();
        sendIndication.release();
        peerDatagram.release();
    }

    /** Client -> peer: ChannelData, forwarded as a retained slice. */
    @Benchmark
    public void clientChannelDataToPeer() {
        core.onChannelData(now, client, channelData, channelData.readerIndex(), channelData.readableBytes());
    }

    /** Client -> peer: Send indication (decodes XOR-PEER-ADDRESS). */
    @Benchmark
    public void clientSendIndicationToPeer() {
        core.onStunMessage(now, client, sendIndication, sendIndication.readerIndex(), sendIndication.readableBytes());
    }

    /** Peer -> client over the bound channel: ChannelData written into a pooled buffer. */
    @Benchmark
    public void peerToClientChannelData() {
        core.onPeerDatagram(now, allocation, peer, peerDatagram);
    }

    /**
     * Bytes allocated per operation when the paths run on a Netty event-loop thread
     * ({@code FastThreadLocalThread}), as in production: Netty's buffer recycling and thread caches
     * are only fully active there, so JMH's plain worker threads over-report. Prints one line per path.
     * {@code java -cp bench/target/edgeway-bench.jar io.edgeway.bench.jmh.RelayForwardingBench}
     */
    public static void main(String[] args) throws Exception {
        for (int size : new int[] {172, 1200}) {
            RelayForwardingBench bench = new RelayForwardingBench();
            bench.payloadSize = size;
            long[] result = new long[3];
            Thread thread = new io.netty.util.concurrent.FastThreadLocalThread(() -> {
                bench.setUp();
                com.sun.management.ThreadMXBean mx =
                        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                Runnable[] paths = {bench::clientChannelDataToPeer, bench::clientSendIndicationToPeer,
                    bench::peerToClientChannelData};
                int ops = 2_000_000;
                for (int p = 0; p < paths.length; p++) {
                    for (int i = 0; i < ops; i++) {
                        paths[p].run();
                    }
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < ops; i++) {
                        paths[p].run();
                    }
                    result[p] = (mx.getCurrentThreadAllocatedBytes() - before) / ops;
                }
                bench.tearDown();
            });
            thread.start();
            thread.join();
            System.out.printf("payload %4d B on an event-loop thread: clientChannelDataToPeer %d B/op, "
                    + "clientSendIndicationToPeer %d B/op, peerToClientChannelData %d B/op%n",
                    size, result[0], result[1], result[2]);
        }
    }

    /** A client whose sends are released at once (or kept for setup). */
    private final class BenchClient implements TurnClient {
        final InetSocketAddress remote;
        Allocation allocation;
        ByteBuf last;
        boolean capture = true;

        BenchClient(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override public InetSocketAddress remoteAddress() { return remote; }
        @Override public InetSocketAddress localAddress() { return new InetSocketAddress(LOOPBACK, 3478); }
        @Override public TransportProtocol transport() { return TransportProtocol.UDP; }
        @Override public ByteBufAllocator alloc() { return alloc; }
        @Override public Allocation allocation() { return allocation; }
        @Override public void allocation(Allocation a) { allocation = a; }

        @Override
        public void send(ByteBuf message) {
            if (capture) {
                last = message;
            } else {
                message.release();
            }
        }
    }

    private static final class DiscardingRelay implements RelayEndpoint {
        private final InetSocketAddress local;

        DiscardingRelay(InetSocketAddress local) {
            this.local = local;
        }

        @Override public InetSocketAddress localAddress() { return local; }
        @Override public void send(ByteBuf payload, InetSocketAddress peer) { payload.release(); }
        @Override public void close() { }
    }
}
