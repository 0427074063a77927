package io.edgeway.bench.sfu;

import io.edgeway.bench.load.ServerProbe;
import io.edgeway.bench.sfu.media.DtlsHandshake;
import io.edgeway.bench.sfu.media.MediaLoop;
import io.edgeway.bench.sfu.media.PacedSender;
import io.edgeway.bench.sfu.media.PeerLink;
import io.edgeway.bench.sfu.media.SrtpEndpoint;
import io.edgeway.bench.sfu.report.GcLog;
import io.edgeway.bench.sfu.report.SfuReport;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs one SFU scenario against one {@link SfuTarget} and returns its {@link SfuReport}: start the
 * generator's event loop (native epoll, one thread: every participant's sockets, the pacer and the
 * receive path), create the participants (one certificate and one or two sockets each), join them at
 * the join rate, wait until they are connected, warm up, measure, leave and close.
 *
 * <p>The calling thread only coordinates: it sleeps between phases, prints a progress line once a
 * second and reads /proc. Protocol and media work happens on the event loop; DTLS handshakes on a small
 * pool of their own (they block); WebSocket traffic on the JDK client's threads, handed to the loop.
 */
public final class SfuLoadRun {

    /** The generator is void above this share of its core (issue #12). */
    public static final double MAX_GENERATOR_CPU = 85;
    /** ... or when more than this share of its sends fire over 5 ms late. */
    public static final double MAX_LATE_FRACTION = 0.01;
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int HANDSHAKE_THREADS = 16;
    /** In-memory handshakes before the run (see {@link DtlsHandshake#warmUp}). */
    static final int WARM_UP_HANDSHAKES = 40;

    private final SfuLoadOptions options;
    private final SfuTarget target;
    private final PrintStream out;
    private final ServerProbe server;
    private final ServerProbe self = ServerProbe.self();
    private final List<Participant> participants = new ArrayList<>();
    private final Map<String, Object> probes = new LinkedHashMap<>();
    private EventLoops loops;
    private MediaLoop media;
    private PacedSender pacer;
    private ExecutorService handshakes;
    private ScheduledFuture<?> tick;

    private SfuLoadRun(SfuLoadOptions options, SfuTarget target, PrintStream out) {
        this.options = options;
        this.target = target;
        this.out = out;
        this.server = target.pid() > 0 ? new ServerProbe(target.pid()) : null;
    }

    /**
     * Runs the scenario; progress goes to {@code out} when asked. {@code duringWindow}, when not null, runs
     * on its own thread once the window opens (the Chromium probes) and may add to the report's probes.
     */
    public static SfuReport run(SfuLoadOptions options, SfuTarget target, PrintStream out,
            Consumer<Map<String, Object>> duringWindow) throws Exception {
        options.validate();
        SfuLoadRun run = new SfuLoadRun(options, target, out);
        try {
            return run.execute(duringWindow);
        } finally {
            run.close();
        }
    }

    private SfuReport execute(Consumer<Map<String, Object>> duringWindow) throws Exception {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        SrtpEndpoint.warmUp();
        loops = EventLoops.start(TransportKind.EPOLL, 1, "sfuload");
        EventLoop loop = (EventLoop) loops.group().next();
        media = new MediaLoop(loop);
        if (options.realtimeLoop() > 0) {
            onLoop(() -> {
                Pinning.makeCallerRealtime(options.realtimeLoop());
                return null;
            });
        }
        pacer = new PacedSender(media);
        // Each handshake blocks a thread while it waits for the peer's flights; 16 let a burst of joins
        // proceed together (what a hundred browsers would do) rather than queue past the SFU's deadline.
        handshakes = Executors.newFixedThreadPool(HANDSHAKE_THREADS, r -> {
            Thread t = new Thread(r, "sfuload-dtls");
            t.setDaemon(true);
            return t;
        });
        DtlsHandshake.warmUp(handshakes, Math.min(WARM_UP_HANDSHAKES, 4 + options.participants() / 2));
        SplittableRandom seeds = new SplittableRandom();
        int perRoom = options.participantsPerRoom();
        for (int i = 0; i < options.participants(); i++) {
            participants.add(new Participant(i, i / perRoom, options, media, pacer, handshakes, seeds.split()));
        }
        bindLinks();
        target.prepare(options.label(), options.rooms(), participants);
        for (Participant p : participants) {
            p.signaling = target.signaling(p);
        }
        tick = loop.scheduleAtFixedRate(this::onTick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);

        // ---- joining, at the join rate, until everyone is connected or the setup time is up
        long setupStart = System.nanoTime();
        Progress progress = new Progress();
        long joinGap = TimeUnit.SECONDS.toNanos(1) / options.joinRate();
        long deadline = setupStart + options.setupTimeout().toNanos()
                + joinGap * options.participants();
        int joined = 0;
        long nextPrint = setupStart + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            while (joined < participants.size() && now - setupStart >= joined * joinGap) {
                participants.get(joined++).signaling.join();
            }
            if (joined == participants.size() && settled() == participants.size()) {
                break;
            }
            if (now >= nextPrint) {
                progress.print("setup");
                nextPrint += TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(20);
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

        // ---- warm-up and measurement
        phase("warm-up", options.warmup().toMillis(), progress);
        ServerWindow serverWindow = new ServerWindow();
        double selfCpu0 = self.cpuSeconds();
        long selfDrops0 = self.udpDrops();
        long[] gc0 = generatorGc();
        long sent0 = media.rtpSent.get();
        long bytes0 = media.rtpReceivedBytes.get();
        long received0 = media.rtpReceived.get();
        long[] feedback0 = feedbackCounters();
        onLoop(() -> {
            for (Participant p : participants) {
                p.links.forEach(PeerLink::markWindow);
            }
            media.latency.reset();
            media.lateness.reset();
            media.tickGaps.reset();
            media.windowSendEvents = 0;
            media.windowLateSends = 0;
            media.measuring = true;
            return null;
        });
        long windowStart = System.nanoTime();
        Thread probeThread = null;
        if (duringWindow != null) {
            probeThread = new Thread(() -> duringWindow.accept(probes), "sfuload-probes");
            probeThread.setDaemon(true);
            probeThread.start();
        }
        phase("measure", options.duration().toMillis(), progress);
        double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
        long sent = media.rtpSent.get() - sent0;
        long receivedBytes = media.rtpReceivedBytes.get() - bytes0;
        long receivedPackets = media.rtpReceived.get() - received0;
        // The receivers' counts are taken at the window's end, on the loop, in one go: a packet still in
        // flight then is neither expected (no later number was seen) nor received.
        SfuReport.Traffic traffic = onLoop(() -> {
            media.measuring = false;
            return trafficReport(windowSeconds, sent, receivedPackets, receivedBytes, feedback0, feedbackCounters());
        });
        double selfCpu = 100 * (self.cpuSeconds() - selfCpu0) / windowSeconds;
        long[] gc1 = generatorGc();
        long selfDrops = self.udpDrops() - selfDrops0;
        SfuReport.Server serverReport = serverWindow.close(windowSeconds, receivedPackets);
        if (probeThread != null) {
            probeThread.join(TimeUnit.SECONDS.toMillis(60));
        }
        // Join to first media is known only once media flows: the setup report is taken after the window.
        SfuReport.Setup setup = onLoop(this::setupReport, setupSeconds);
        SfuReport.Generator generator = onLoop(() -> new SfuReport.Generator(selfCpu, media.windowSendEvents,
                media.windowSendEvents == 0 ? 0 : media.windowLateSends / (double) media.windowSendEvents,
                media.lateness.getValueAtPercentile(99), media.tickGaps.getValueAtPercentile(99), media.tickGaps.getMaxValue(),
                selfDrops < 0 ? null : selfDrops, gc1[0] - gc0[0], gc1[1] - gc0[1], media.writeFailures.get()));
        List<String> voidReasons = new ArrayList<>();
        if (generator.cpuPercent() > MAX_GENERATOR_CPU) {
            voidReasons.add(String.format(Locale.ROOT, "generator CPU %.0f%% > %.0f%%", generator.cpuPercent(),
                    MAX_GENERATOR_CPU));
        }
        if (generator.lateFraction() > MAX_LATE_FRACTION) {
            voidReasons.add(String.format(Locale.ROOT, "%.2f%% of sends over 5 ms late > 1%%", 100 * generator.lateFraction()));
        }
        if (setup.connected() < setup.participants()) {
            voidReasons.add((setup.participants() - setup.connected()) + " participants not connected");
        }

        // ---- leaving
        for (Participant p : participants) {
            p.signaling.leave();
        }
        onLoop(() -> {
            participants.forEach(Participant::stop);
            return null;
        });
        Thread.sleep(300);
        target.finish();
        SfuReport report = new SfuReport(options.label(), target.name(), startedAt, config(), setup, traffic,
                serverReport, generator, voidReasons, probes);
        if (options.progress()) {
            out.print(report.table());
        }
        return report;
    }

    private void bindLinks() throws Exception {
        boolean twoLinks = target.name().equals("janus");
        for (Participant p : participants) {
            List<PeerLink> made = new ArrayList<>();
            made.add(p.addLink(twoLinks ? "pub" : "pc"));
            if (twoLinks) {
                made.add(p.addLink("sub"));
            }
            for (PeerLink link : made) {
                Bootstrap b = new Bootstrap().group(media.loop).channel(loops.datagramChannel())
                        .option(ChannelOption.SO_RCVBUF, 4 << 20)
                        .option(ChannelOption.SO_SNDBUF, 1 << 20)
                        .handler(link);
                if (loops.kind() == TransportKind.EPOLL) {
                    b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1500)
                            .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1500 * 16));
                }
                Channel ch = b.bind(new InetSocketAddress(options.localAddress(), 0)).sync().channel();
                link.attach(ch);
            }
        }
    }

    private void onTick() {
        long now = System.nanoTime();
        media.onTick(now);
        pacer.tick(now);
        for (int i = 0; i < participants.size(); i++) {
            participants.get(i).onTick(now);
        }
        media.flush();
    }

    /** Participants connected or failed (loop-free: reads fields the loop writes; for progress only). */
    private int settled() {
        int n = 0;
        for (Participant p : participants) {
            if (p.connectedAt > 0 || p.failure != null) {
                n++;
            }
        }
        return n;
    }

    private void phase(String name, long millis, Progress progress) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long nextPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() >= nextPrint) {
                progress.print(name);
                nextPrint += TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    // ------------------------------------------------------------------------------------- reports

    private SfuReport.Config config() {
        return new SfuReport.Config(options.describe(), options.participants(), options.rooms(),
                options.audioPublishers(), options.speakers(), options.idleAudio().name().toLowerCase(Locale.ROOT),
                options.videoPublishers(), options.simulcast(), options.videoBitrate(),
                options.warmup().toMillis() / 1000.0, options.duration().toMillis() / 1000.0, options.sampleEvery(),
                options.constrainedSubscribers(), options.join().name().toLowerCase(Locale.ROOT));
    }

    private SfuReport.Setup setupReport(double seconds) {
        Histogram connected = new Histogram(60_000, 3);
        Histogram firstMedia = new Histogram(60_000, 3);
        Map<String, Integer> failures = new TreeMap<>();
        int joined = 0;
        int connectedCount = 0;
        int audio = 0;
        int video = 0;
        int videoRefused = 0;
        for (Participant p : participants) {
            joined += p.joinedAt > 0 ? 1 : 0;
            if (p.connectedAt > 0) {
                connectedCount++;
                connected.recordValue(Math.min(60_000, Math.max(0, (p.connectedAt - p.joinSentAt) / 1_000_000)));
            }
            if (p.firstMediaAt > 0 && p.joinSentAt > 0) {
                firstMedia.recordValue(Math.min(60_000, Math.max(0, (p.firstMediaAt - p.joinSentAt) / 1_000_000)));
            }
            audio += p.audio != null && p.audioAccepted ? 1 : 0;
            video += p.video != null && p.videoAccepted ? 1 : 0;
            videoRefused += p.video != null && p.publishing != null && !p.videoAccepted ? 1 : 0;
            String why = p.failure != null ? p.failure : p.connectedAt < 0 ? "not connected" : null;
            if (why != null) {
                failures.merge(why, 1, Integer::sum);
            }
            for (String e : p.errors) {
                failures.merge("error " + e, 1, Integer::sum);
            }
        }
        return new SfuReport.Setup(participants.size(), joined, connectedCount, audio, video, videoRefused, failures,
                SfuReport.Latency.of(connected), SfuReport.Latency.of(firstMedia), seconds);
    }

    private SfuReport.Traffic trafficReport(double windowSeconds, long sent, long receivedPackets, long receivedBytes,
            long[] feedback0, long[] feedback1) {
        long expected = 0;
        long received = 0;
        double[] perSubscriber = new double[participants.size()];
        int over = 0;
        int minStreams = Integer.MAX_VALUE;
        int maxStreams = 0;
        for (int i = 0; i < participants.size(); i++) {
            Participant p = participants.get(i);
            long e = 0;
            long r = 0;
            int streams = 0;
            for (PeerLink link : p.links) {
                long[] counts = link.windowCounts();
                e += counts[0];
                r += counts[1];
                streams += link.streamCount();
            }
            expected += e;
            received += r;
            perSubscriber[i] = e == 0 ? 0 : (e - r) / (double) e;
            over += perSubscriber[i] > 0.005 ? 1 : 0;
            minStreams = Math.min(minStreams, streams);
            maxStreams = Math.max(maxStreams, streams);
        }
        return new SfuReport.Traffic(windowSeconds, sent / windowSeconds, receivedPackets / windowSeconds,
                receivedBytes * 8 / windowSeconds / 1e6, expected, received,
                expected == 0 ? 0 : (expected - received) / (double) expected, SfuReport.Spread.of(perSubscriber), over,
                minStreams == Integer.MAX_VALUE ? 0 : minStreams, maxStreams, SfuReport.Latency.of(media.latency),
                feedback1[0] - feedback0[0], feedback1[1] - feedback0[1], feedback1[2] - feedback0[2],
                feedback1[3] - feedback0[3], feedback1[4] - feedback0[4], feedback1[5] - feedback0[5],
                feedback1[6] - feedback0[6], feedback1[7] - feedback0[7], feedback1[8] - feedback0[8],
                feedback1[9] - feedback0[9], feedback1[10] - feedback0[10], feedback1[11] - feedback0[11],
                feedback1[12] - feedback0[12]);
    }

    private long[] feedbackCounters() {
        return new long[] {media.checked.get(), media.authFailures.get(), media.wrongSender.get(), media.noMarker.get(),
            media.unsignalled.get(), media.duplicates.get(), media.nacksSent.get(), media.retransmitted.get(),
            media.plisSent.get(), media.keyframeRequests.get(), media.constrainedDrops.get(), media.replayed.get(),
            media.padding.get()};
    }

    private static long[] generatorGc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** The server's /proc and GC log figures from the window's start to {@link #close}. */
    private final class ServerWindow {
        private final double cpu = server == null ? 0 : server.cpuSeconds();
        private final double kernel = server == null ? 0 : server.systemCpuSeconds();
        private final Map<String, Double> threads = server == null ? Map.of() : server.threadCpuSeconds();
        private final long drops = server == null ? -1 : server.udpDrops();
        private final long gcFrom = GcLog.offset(target.gcLog());
        private final long start = System.nanoTime();

        SfuReport.Server close(double seconds, long forwarded) {
            if (server == null) {
                return new SfuReport.Server(null, null, null, null, null, null, Map.of(), GcLog.Pauses.NONE, null);
            }
            double cpuWindow = server.cpuSeconds() - cpu;
            double kernelWindow = server.systemCpuSeconds() - kernel;
            Map<String, Double> perThread = new TreeMap<>();
            Map<String, Double> before = byGroup(threads);
            byGroup(server.threadCpuSeconds()).forEach((name, s) -> {
                double d = 100 * (s - before.getOrDefault(name, 0.0)) / seconds;
                if (d >= 0.5) {
                    perThread.put(name, Math.round(d * 10) / 10.0);
                }
            });
            long dropsNow = server.udpDrops();
            return new SfuReport.Server(server.pid(), 100 * cpuWindow / seconds, 100 * kernelWindow / seconds,
                    forwarded > 0 ? cpuWindow * 1e6 / forwarded : null, forwarded > 0 ? kernelWindow * 1e6 / forwarded : null,
                    positive(server.rssBytes()), perThread, GcLog.between(target.gcLog(), gcFrom, GcLog.offset(target.gcLog())),
                    drops < 0 || dropsNow < 0 ? null : dropsNow - drops);
        }
    }

    /**
     * Threads grouped by name with long numbers folded ("hloop 463873065" -> "hloop #": Janus names a
     * thread per handle), so that the table shows kinds of threads; short numbers (event loop indexes,
     * the loops issue #14 spreads sessions over) are kept.
     */
    static Map<String, Double> byGroup(Map<String, Double> perName) {
        Map<String, Double> groups = new TreeMap<>();
        perName.forEach((name, s) -> groups.merge(name.replaceAll("\\d{4,}", "#"), s, Double::sum));
        return groups;
    }

    private static Long positive(long v) {
        return v < 0 ? null : v;
    }

    // ------------------------------------------------------------------------------------- progress

    private final class Progress {
        private long lastNanos = System.nanoTime();
        private long lastSent;
        private long lastReceived;
        private double lastServerCpu = server == null ? 0 : server.cpuSeconds();
        private double lastSelfCpu = self.cpuSeconds();
        private long lastEvents;
        private long lastLate;
        private long[] lastCounts = {0, 0};
        private int second;

        void print(String phase) {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            second++;
            long sent = media.rtpSent.get();
            long received = media.rtpReceived.get();
            long events = media.sendEvents.get();
            long late = media.lateSends.get();
            long[] counts;
            try {
                counts = onLoop(this::totals);
            } catch (Exception e) {
                counts = lastCounts;
            }
            long expected = counts[0] - lastCounts[0];
            long got = counts[1] - lastCounts[1];
            double serverCpu = server == null ? 0 : server.cpuSeconds();
            double selfCpu = self.cpuSeconds();
            int joined = 0;
            int connected = 0;
            for (Participant p : participants) {
                joined += p.joinedAt > 0 ? 1 : 0;
                connected += p.connectedAt > 0 ? 1 : 0;
            }
            if (options.progress()) {
                out.printf(Locale.ROOT, "[%-7s %3ds] joined %d connected %d  sent %s/s  received %s/s  loss %s  "
                                + "cpu server %s generator %.0f%%  late %s%n",
                        phase, second, joined, connected, SfuReport.number((sent - lastSent) / seconds),
                        SfuReport.number((received - lastReceived) / seconds),
                        expected <= 0 ? "-" : SfuReport.percent(Math.max(0, expected - got) / (double) expected),
                        server == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * (serverCpu - lastServerCpu) / seconds),
                        100 * (selfCpu - lastSelfCpu) / seconds,
                        events == lastEvents ? "-" : SfuReport.percent((late - lastLate) / (double) (events - lastEvents)));
            }
            lastSent = sent;
            lastReceived = received;
            lastServerCpu = serverCpu;
            lastSelfCpu = selfCpu;
            lastEvents = events;
            lastLate = late;
            lastCounts = counts;
        }

        private long[] totals() {
            long expected = 0;
            long received = 0;
            for (Participant p : participants) {
                for (PeerLink link : p.links) {
                    long[] c = link.totals();
                    expected += c[0];
                    received += c[1];
                }
            }
            return new long[] {expected, received};
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    private <T> T onLoop(Callable<T> task) throws Exception {
        try {
            return media.loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
        }
    }

    private interface DoubleTask<T> {
        T apply(double value);
    }

    private <T> T onLoop(DoubleTask<T> task, double value) throws Exception {
        return onLoop(() -> task.apply(value));
    }

    private void close() {
        if (tick != null) {
            tick.cancel(false);
        }
        if (media != null) {
            try {
                onLoop(() -> {
                    participants.forEach(Participant::close);
                    return null;
                });
            } catch (Exception e) {
                // the loop is gone; its channels close with it
            }
        }
        if (handshakes != null) {
            handshakes.shutdownNow();
        }
        if (loops != null) {
            loops.close();
        }
    }
}
