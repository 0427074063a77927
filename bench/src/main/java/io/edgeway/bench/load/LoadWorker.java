package io.edgeway.bench.load;

import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The clients of one event loop and everything they share: the payload template, the pacing and
 * maintenance ticks, counters and latency histograms. Confined to its event loop: every method runs on
 * it, except the {@link Counter} reads used for live progress and the {@code volatile} interval
 * percentiles.
 *
 * <p>Two ticks: every millisecond new allocations are started at the configured rate and paced clients
 * send what is due; every 20 ms each client runs its transaction timers, refreshes and (unpaced) stall
 * recovery. Packets and echoes are counted in the measurement window by their <em>send time</em>, which
 * each packet carries ({@link Payload}), so the window needs no coordination with in-flight packets.
 */
final class LoadWorker {

    static final long FAST_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long SLOW_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Round trips are recorded in microseconds up to a minute. */
    static final long MAX_RTT_MICROS = TimeUnit.MINUTES.toMicros(1);

    final LoadOptions options;
    final EventLoop loop;
    final EventLoops loops;
    /** The echo peer's address; set once before {@link #start()}. */
    InetSocketAddress peer;
    final SslContext tls;
    final List<LoadClient> clients = new ArrayList<>();
    private final List<LoadClient> dirty = new ArrayList<>();
    final ByteBuf template;
    final int frameCapacity;

    // Totals, readable from other threads for progress.
    final Counter sent = new Counter();
    final Counter received = new Counter();
    final Counter peerReceived = new Counter();
    final Counter blocked = new Counter();
    final Counter allocated = new Counter();
    final Counter setupFailed = new Counter();
    final Counter ready = new Counter();
    final Counter refreshes = new Counter();
    final Counter refreshFailures = new Counter();
    final Counter deallocated = new Counter();
    final Counter transportErrors = new Counter();
    final Counter stalls = new Counter();
    volatile long intervalP50Micros;
    volatile long intervalP99Micros;

    // Loop-confined.
    final LoadWindow window;
    long sentWindow;
    long receivedWindow;
    long peerReceivedWindow;
    boolean sending;
    final Histogram rtt = new Histogram(MAX_RTT_MICROS, 3);
    final Histogram intervalRtt = new Histogram(MAX_RTT_MICROS, 3);
    final Histogram allocateLatency = new Histogram(MAX_RTT_MICROS, 3);
    final Map<String, Integer> failures = new TreeMap<>();
    final Map<String, Integer> transportErrorKinds = new TreeMap<>();
    long firstAllocateStart = Long.MAX_VALUE;
    long lastAllocated;
    private long setupStart;
    private int started;
    private final double allocationsPerNano;
    private ScheduledFuture<?> fastTick;
    private ScheduledFuture<?> slowTick;
    private ScheduledFuture<?> intervalTick;

    LoadWorker(LoadOptions options, EventLoop loop, EventLoops loops, LoadWindow window, SslContext tls) {
        this.options = options;
        this.window = window;
        this.loop = loop;
        this.loops = loops;
        this.tls = tls;
        this.template = Unpooled.directBuffer(options.payloadSize());
        template.writeInt(Payload.MAGIC).writeZero(options.payloadSize() - 4);
        // ChannelData header, or a Send indication's header, XOR-PEER-ADDRESS (IPv6 at most) and DATA header.
        this.frameCapacity = options.payloadSize() + 64;
        this.allocationsPerNano = options.allocationRate() / (double) options.threads() / 1e9;
    }

    /** Starts the ticks; allocations begin at once at the configured rate. Call on the loop. */
    void start() {
        setupStart = System.nanoTime();
        fastTick = loop.scheduleAtFixedRate(this::fastTick, 0, FAST_TICK_NANOS, TimeUnit.NANOSECONDS);
        slowTick = loop.scheduleAtFixedRate(this::slowTick, SLOW_TICK_NANOS, SLOW_TICK_NANOS, TimeUnit.NANOSECONDS);
        intervalTick = loop.scheduleAtFixedRate(this::intervalTick, 1, 1, TimeUnit.SECONDS);
    }

    private void fastTick() {
        long now = System.nanoTime();
        long due = Math.min(clients.size(), 1 + (long) ((now - setupStart) * allocationsPerNano));
        while (started < due) {
            clients.get(started++).start(now);
        }
        if (sending && options.ratePerClient() > 0) {
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).paceSend(now);
            }
        }
        flushAll();
    }

    private void slowTick() {
        long now = System.nanoTime();
        for (int i = 0; i < started; i++) {
            clients.get(i).maintain(now);
        }
        flushAll();
    }

    private void intervalTick() {
        intervalP50Micros = intervalRtt.getValueAtPercentile(50);
        intervalP99Micros = intervalRtt.getValueAtPercentile(99);
        intervalRtt.reset();
    }

    /** Flushes every client that wrote since the last flush. */
    void flushAll() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    /** Called by a client on its first write since its last flush. */
    void markDirty(LoadClient client) {
        dirty.add(client);
    }

    /** Opens the client's channel: a connected UDP socket, or a TCP connection (with TLS when asked). */
    void connect(LoadClient client) {
        InetSocketAddress local = new InetSocketAddress(options.sourceAddress(client.index), 0);
        Bootstrap bootstrap = new Bootstrap().group(loop);
        if (options.transport() == LoadOptions.Transport.UDP) {
            bootstrap.channel(loops.datagramChannel())
                    .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
                    .handler(new UdpClientHandler(client));
        } else {
            bootstrap.channel(loops.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(),
                                        options.server().getHostString(), options.server().getPort()));
                            }
                            ch.pipeline().addLast("turn", new StreamClientHandler(client));
                        }
                    });
        }
        ChannelFuture connect = bootstrap.connect(options.server(), local);
        client.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                client.onConnectFailed(f.cause());
                return;
            }
            SslHandler ssl = connect.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                client.onConnected();
            } else {
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        client.onConnected();
                    } else {
                        client.onConnectFailed(h.cause());
                    }
                });
            }
        });
    }

    // ------------------------------------------------------------------------------------- phases

    /** Ready clients start sending; unpaced ones fill their window. */
    void startSending() {
        sending = true;
        long now = System.nanoTime();
        for (LoadClient client : clients) {
            client.startSending(now);
        }
        flushAll();
    }

    /** Zeroes the window counts; the coordinator opens the shared window right after. */
    void resetWindowCounts() {
        sentWindow = 0;
        receivedWindow = 0;
        peerReceivedWindow = 0;
        rtt.reset();
    }

    void stopSending() {
        sending = false;
    }

    /** Every allocated client deletes its allocation (Refresh with lifetime 0). */
    void deallocateAll() {
        sending = false;
        long now = System.nanoTime();
        for (int i = 0; i < started; i++) {
            clients.get(i).deallocate(now);
        }
        flushAll();
    }

    /** Clients that still wait for an answer to their deleting Refresh, or are still being set up. */
    int unsettledAfterDeallocate() {
        int open = 0;
        for (LoadClient client : clients) {
            if (client.state == LoadClient.State.DEALLOCATING) {
                open++;
            }
        }
        return open;
    }

    /** Closes every channel and stops the ticks; the caller waits for the returned futures. */
    List<ChannelFuture> closeAll() {
        if (fastTick != null) {
            fastTick.cancel(false);
            slowTick.cancel(false);
            intervalTick.cancel(false);
        }
        List<ChannelFuture> closing = new ArrayList<>();
        for (LoadClient client : clients) {
            if (client.channel != null) {
                closing.add(client.channel.close());
            }
            client.state = LoadClient.State.CLOSED;
        }
        template.release();
        return closing;
    }

    // ------------------------------------------------------------------------------------- counting

    void onSent(long now) {
        sent.increment();
        if (window.contains(now)) {
            sentWindow++;
        }
    }

    /** A load packet came back to a client: count it in its send-time window and record the round trip. */
    void onEcho(ByteBuf buf, int offset, long now) {
        received.increment();
        long sentAt = Payload.sendNanos(buf, offset);
        long micros = Math.min(Math.max(1, (now - sentAt) / 1000), MAX_RTT_MICROS);
        intervalRtt.recordValue(micros);
        if (window.contains(sentAt)) {
            receivedWindow++;
            rtt.recordValue(micros);
        }
    }

    /** A load packet reached the echo peer (one relayed packet, client to peer). */
    void onPeerReceived(ByteBuf buf, int offset) {
        peerReceived.increment();
        long sentAt = Payload.sendNanos(buf, offset);
        if (window.contains(sentAt)) {
            peerReceivedWindow++;
        }
    }

    void onAllocated(long startedAt, long now) {
        allocated.increment();
        allocateLatency.recordValue(Math.min(Math.max(1, (now - startedAt) / 1000), MAX_RTT_MICROS));
        firstAllocateStart = Math.min(firstAllocateStart, startedAt);
        lastAllocated = Math.max(lastAllocated, now);
    }

    /** Counts a socket error by exception type (loop-confined map, read at the end). */
    void onTransportError(Throwable cause) {
        transportErrors.increment();
        transportErrorKinds.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
    }

    void onSetupFailed(String why) {
        setupFailed.increment();
        failures.merge(why, 1, Integer::sum);
    }

    /** A single-writer counter: the loop adds with an opaque store, progress reads from any thread. */
    static final class Counter {
        private final AtomicLong value = new AtomicLong();

        void increment() {
            value.setOpaque(value.getPlain() + 1);
        }

        long get() {
            return value.getOpaque();
        }
    }
}
