package io.edgeway.bench.load;

import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.edgeway.turn.client.TurnClientSession;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs one load scenario from start to finish and returns its {@link LoadReport}: start the event loops,
 * the echo peer and the clients; set up allocations at the configured rate; then either send data (warm-up,
 * then the measurement window) or hold the allocations; delete every allocation; close everything.
 *
 * <p>The calling thread only coordinates: it sleeps between phases, prints a progress line once a second
 * and reads /proc. All protocol work happens on the event loops ({@link LoadWorker}).
 */
public final class LoadRun {

    /** Time for echoes of the last packets of the window to come back before counting. */
    static final long DRAIN_MILLIS = 1000;
    /** Time for the deleting Refresh requests to be answered. */
    static final long DEALLOCATE_MILLIS = 5000;
    /** Setup may take this long beyond what the allocation rate needs (retransmissions, slow servers). */
    static final long SETUP_SLACK_MILLIS = 20_000;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadOptions options;
    private final PrintStream out;
    private final ServerProbe server;
    private final ServerProbe self = ServerProbe.self();
    private final List<LoadWorker> workers = new ArrayList<>();
    private final LoadWindow window = new LoadWindow();
    private EventLoops loops;
    private EchoPeer peer;

    private LoadRun(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.server = options.serverPid() > 0 ? new ServerProbe(options.serverPid()) : null;
    }

    /** Runs the scenario; progress goes to {@code out} when the options ask for it. */
    public static LoadReport run(LoadOptions options, PrintStream out) throws Exception {
        options.validate();
        LoadRun run = new LoadRun(options, out);
        try {
            return run.execute();
        } finally {
            run.close();
        }
    }

    private LoadReport execute() throws Exception {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        loops = EventLoops.start(TransportKind.EPOLL, options.threads(), "turnload");
        SslContext tls = options.transport() == LoadOptions.Transport.TLS
                ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
        for (EventExecutor executor : loops.group()) {
            workers.add(new LoadWorker(options, (EventLoop) executor, loops, window, tls));
        }
        peer = EchoPeer.start(loops, workers, options.peerAddress());
        createClients();

        // ---- setup
        double serverCpu0 = cpu(server);
        double selfCpu0 = self.cpuSeconds();
        long setupStart = System.nanoTime();
        for (LoadWorker worker : workers) {
            worker.loop.execute(worker::start);
        }
        long setupBudget = TimeUnit.SECONDS.toMillis(options.clients() / Math.max(1, options.allocationRate()))
                + SETUP_SLACK_MILLIS;
        Progress progress = new Progress("setup");
        phase(setupBudget, () -> settled() >= options.clients(), progress::printSetup);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        double serverCpuSetup = cpu(server) - serverCpu0;
        long allocatedAfterSetup = sum(w -> w.allocated.get());

        LoadReport.Traffic traffic = null;
        LoadReport.Hold hold = null;
        Double serverCpuPercent = null;
        Double cpuPerPacket = null;
        Double kernelCpuPerPacket = null;
        Double selfCpuPercent;
        Long heapUsed = null;
        Long heapLive = null;
        Long rss;
        Long rssPeak;
        String note = null;
        long ready = sum(w -> w.ready.get());
        if (!options.isHold() && ready > 0) {
            // ---- warm-up and measurement
            onEachLoop(w -> w.startSending());
            Progress warm = new Progress("warm-up");
            phase(options.warmup().toMillis(), () -> false, warm::printTraffic);
            onEachLoop(LoadWorker::resetWindowCounts);
            UdpDrops dropsStart = UdpDrops.snapshot(peer.address().getPort());
            double serverCpuStart = cpu(server);
            double serverKernelCpuStart = kernelCpu(server);
            double selfCpuStart = self.cpuSeconds();
            long windowStart = System.nanoTime();
            window.open(windowStart);
            Progress measure = new Progress("measure");
            phase(options.duration().toMillis(), () -> false, measure::printTraffic);
            long windowEnd = System.nanoTime();
            window.close(windowEnd);
            onEachLoop(LoadWorker::stopSending);
            double windowSeconds = (windowEnd - windowStart) / 1e9;
            double serverCpuWindow = cpu(server) - serverCpuStart;
            double serverKernelCpuWindow = kernelCpu(server) - serverKernelCpuStart;
            selfCpuPercent = 100 * (self.cpuSeconds() - selfCpuStart) / windowSeconds;
            rss = probe(server, ServerProbe::rssBytes);
            rssPeak = probe(server, ServerProbe::rssPeakBytes);
            Thread.sleep(DRAIN_MILLIS);
            UdpDrops drops = UdpDrops.snapshot(peer.address().getPort()).minus(dropsStart);
            traffic = trafficReport(windowSeconds, drops);
            if (server != null) {
                serverCpuPercent = 100 * serverCpuWindow / windowSeconds;
                double relayed = traffic.peerReceivedPackets() + traffic.receivedPackets();
                cpuPerPacket = relayed > 0 ? serverCpuWindow * 1e6 / relayed : null;
                kernelCpuPerPacket = relayed > 0 ? serverKernelCpuWindow * 1e6 / relayed : null;
            }
        } else if (options.isHold()) {
            // ---- hold
            double serverCpuStart = cpu(server);
            double selfCpuStart = self.cpuSeconds();
            long holdStart = System.nanoTime();
            Progress holding = new Progress("hold");
            phase(options.holdTime().toMillis(), () -> false, holding::printHold);
            double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
            double serverCpuHold = cpu(server) - serverCpuStart;
            selfCpuPercent = holdSeconds > 0 ? 100 * (self.cpuSeconds() - selfCpuStart) / holdSeconds : null;
            serverCpuPercent = server != null && holdSeconds > 0 ? 100 * serverCpuHold / holdSeconds : null;
            rss = probe(server, ServerProbe::rssBytes);
            rssPeak = probe(server, ServerProbe::rssPeakBytes);
            if (server != null) {
                if (server.isJvm()) {
                    heapUsed = positive(server.heapUsedBytes(false));
                    heapLive = options.heapAfterGc() ? positive(server.heapUsedBytes(true)) : null;
                    note = heapUsed == null ? "jcmd could not attach to the server JVM; RSS only" : null;
                } else {
                    note = "not a JVM: RSS only";
                }
            }
            long held = onEachLoopSum(w -> {
                long n = 0;
                for (LoadClient c : w.clients) {
                    n += c.state == LoadClient.State.READY ? 1 : 0;
                }
                return n;
            });
            hold = new LoadReport.Hold(options.holdAllocations(), held, holdSeconds, sum(w -> w.refreshes.get()),
                    sum(w -> w.refreshFailures.get()));
        } else {
            selfCpuPercent = 100 * (self.cpuSeconds() - selfCpu0) / setupSeconds;
            rss = probe(server, ServerProbe::rssBytes);
            rssPeak = probe(server, ServerProbe::rssPeakBytes);
            note = "no allocation became ready; nothing was sent";
        }
        LoadReport.Setup setup = setupReport(setupSeconds);

        // ---- teardown
        onEachLoop(LoadWorker::deallocateAll);
        long deallocateStart = System.nanoTime();
        while (onEachLoopSum(w -> w.unsettledAfterDeallocate()) > 0 && elapsedMillis(deallocateStart) < DEALLOCATE_MILLIS) {
            Thread.sleep(50);
        }

        Double perAllocation = server != null && allocatedAfterSetup > 0 ? serverCpuSetup * 1e6 / allocatedAfterSetup : null;
        LoadReport.Server serverReport = new LoadReport.Server(server == null ? null : server.pid(), serverCpuPercent,
                cpuPerPacket, kernelCpuPerPacket, perAllocation, rss, rssPeak, heapUsed, heapLive, note);
        Map<String, Integer> errorKinds = new TreeMap<>();
        for (LoadWorker worker : workers) {
            onLoop(worker, () -> {
                worker.transportErrorKinds.forEach((k, v) -> errorKinds.merge(k, v, Integer::sum));
                return null;
            });
        }
        LoadReport.Harness harness = new LoadReport.Harness(selfCpuPercent, sum(w -> w.transportErrors.get()),
                errorKinds, sum(w -> w.deallocated.get()));
        LoadReport report = new LoadReport(options.label(), startedAt, configReport(), setup, traffic, hold,
                serverReport, harness);
        if (options.progress()) {
            out.print(report.table());
        }
        return report;
    }

    private void createClients() {
        long now = java.time.Instant.now().getEpochSecond();
        List<SplittableRandom> randoms = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom();
        for (int i = 0; i < workers.size(); i++) {
            randoms.add(seeds.split());
            workers.get(i).peer = peer.address();
        }
        boolean stream = options.transport() != LoadOptions.Transport.UDP;
        for (int i = 0; i < options.clients(); i++) {
            int w = i % workers.size();
            LoadWorker worker = workers.get(w);
            TurnClientSession session = new TurnClientSession(options.credentials(i, now), stream, randoms.get(w));
            worker.clients.add(new LoadClient(i, worker, session));
        }
    }

    // --------------------------------------------------------------------------------------- reports

    private LoadReport.Config configReport() {
        return new LoadReport.Config(options.server().getHostString() + ":" + options.server().getPort(),
                options.transport().name(), options.isHold() ? "HOLD" : options.mode().name(),
                options.usesRestSecret() ? "rest" : "static", options.clients(), options.payloadSize(),
                options.ratePerClient(), options.window(), options.warmup().toMillis() / 1000.0,
                options.isHold() ? options.holdTime().toMillis() / 1000.0 : options.duration().toMillis() / 1000.0,
                options.allocationRate(), Math.min(options.sourceIps(), options.clients()), options.threads(),
                loops.kind().name());
    }

    private LoadReport.Setup setupReport(double setupSeconds) throws Exception {
        Histogram latency = new Histogram(LoadWorker.MAX_RTT_MICROS, 3);
        Map<String, Integer> failures = new TreeMap<>();
        long[] span = {Long.MAX_VALUE, 0};
        for (LoadWorker worker : workers) {
            onLoop(worker, () -> {
                latency.add(worker.allocateLatency);
                worker.failures.forEach((k, v) -> failures.merge(k, v, Integer::sum));
                span[0] = Math.min(span[0], worker.firstAllocateStart);
                span[1] = Math.max(span[1], worker.lastAllocated);
                return null;
            });
        }
        long allocated = sum(w -> w.allocated.get());
        long ready = sum(w -> w.ready.get());
        long failed = sum(w -> w.setupFailed.get());
        double rate = allocated > 1 && span[1] > span[0] ? (allocated - 1) / ((span[1] - span[0]) / 1e9) : 0;
        return new LoadReport.Setup(options.clients(), allocated, ready, failed,
                Math.max(0, options.clients() - ready - failed), failures, setupSeconds, rate,
                LoadReport.Latency.of(latency));
    }

    private LoadReport.Traffic trafficReport(double windowSeconds, UdpDrops drops) throws Exception {
        Histogram rtt = new Histogram(LoadWorker.MAX_RTT_MICROS, 3);
        long[] counts = new long[3];
        for (LoadWorker worker : workers) {
            onLoop(worker, () -> {
                rtt.add(worker.rtt);
                counts[0] += worker.sentWindow;
                counts[1] += worker.peerReceivedWindow;
                counts[2] += worker.receivedWindow;
                return null;
            });
        }
        long sent = counts[0];
        long atPeer = counts[1];
        long back = counts[2];
        double bitsPerPacket = options.payloadSize() * 8.0;
        return new LoadReport.Traffic(windowSeconds, sent, atPeer, back, sent / windowSeconds,
                (atPeer + back) / windowSeconds, back / windowSeconds, sent * bitsPerPacket / windowSeconds / 1e6,
                (atPeer + back) * bitsPerPacket / windowSeconds / 1e6,
                sent == 0 ? 0 : Math.max(0, 1 - back / (double) sent),
                sent == 0 ? 0 : Math.max(0, 1 - atPeer / (double) sent),
                LoadReport.Latency.of(rtt), sum(w -> w.blocked.get()), sum(w -> w.stalls.get()),
                new LoadReport.Drops(drops.peer(), drops.clients(), drops.other()));
    }

    // ------------------------------------------------------------------------------------- progress

    /** Prints one line a second from counter deltas (reads only opaque counters, never loop state). */
    private final class Progress {
        private final String phase;
        private long lastNanos = System.nanoTime();
        private long lastSent;
        private long lastReceived;
        private long lastPeer;
        private long lastAllocated;
        private long lastRefreshes;
        private double lastServerCpu = cpu(server);
        private double lastSelfCpu = self.cpuSeconds();
        private int second;

        Progress(String phase) {
            this.phase = phase;
            this.lastSent = sum(w -> w.sent.get());
            this.lastReceived = sum(w -> w.received.get());
            this.lastPeer = sum(w -> w.peerReceived.get());
            this.lastAllocated = sum(w -> w.allocated.get());
            this.lastRefreshes = sum(w -> w.refreshes.get());
        }

        void printSetup() {
            long allocated = sum(w -> w.allocated.get());
            double seconds = advance();
            if (options.progress()) {
                out.printf(Locale.ROOT, "[%-7s %3ds] allocated %,d/%d (%s/s)  ready %,d  failed %,d  %s%n", phase,
                        second, allocated, options.clients(), LoadReport.number((allocated - lastAllocated) / seconds),
                        sum(w -> w.ready.get()), sum(w -> w.setupFailed.get()), cpuText(seconds));
            }
            lastAllocated = allocated;
        }

        void printTraffic() {
            long sent = sum(w -> w.sent.get());
            long received = sum(w -> w.received.get());
            long atPeer = sum(w -> w.peerReceived.get());
            double seconds = advance();
            if (options.progress()) {
                long p50 = 0;
                long p99 = 0;
                for (LoadWorker w : workers) {
                    p50 = Math.max(p50, w.intervalP50Micros);
                    p99 = Math.max(p99, w.intervalP99Micros);
                }
                out.printf(Locale.ROOT, "[%-7s %3ds] sent %s/s  relayed %s/s  echoed %s/s  rtt p50 %,dus p99 %,dus  %s%n",
                        phase, second, LoadReport.number((sent - lastSent) / seconds),
                        LoadReport.number((atPeer - lastPeer + received - lastReceived) / seconds),
                        LoadReport.number((received - lastReceived) / seconds), p50, p99, cpuText(seconds));
            }
            lastSent = sent;
            lastReceived = received;
            lastPeer = atPeer;
        }

        void printHold() {
            long refreshes = sum(w -> w.refreshes.get());
            double seconds = advance();
            if (options.progress()) {
                out.printf(Locale.ROOT, "[%-7s %3ds] held %,d  refreshes %s/s  refresh failures %,d  server RSS %s  %s%n",
                        phase, second, sum(w -> w.ready.get()) - sum(w -> w.deallocated.get()),
                        LoadReport.number((refreshes - lastRefreshes) / seconds), sum(w -> w.refreshFailures.get()),
                        LoadReport.mib(probe(server, ServerProbe::rssBytes)), cpuText(seconds));
            }
            lastRefreshes = refreshes;
        }

        private double advance() {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            lastNanos = now;
            second++;
            return seconds;
        }

        private String cpuText(double seconds) {
            double serverCpu = cpu(server);
            double selfCpu = self.cpuSeconds();
            String text = String.format(Locale.ROOT, "cpu server %s harness %.0f%%",
                    server == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * (serverCpu - lastServerCpu) / seconds),
                    100 * (selfCpu - lastSelfCpu) / seconds);
            lastServerCpu = serverCpu;
            lastSelfCpu = selfCpu;
            return text;
        }
    }

    /** Waits up to {@code millis} or until {@code done}, calling {@code print} at every full second. */
    private static void phase(long millis, BooleanSupplier done, Runnable print) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        long now = start;
        while (now < end && !done.getAsBoolean()) {
            TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(end, Math.min(nextPrint, now + POLL_NANOS)) - now));
            now = System.nanoTime();
            if (now >= nextPrint) {
                print.run();
                nextPrint += TimeUnit.SECONDS.toNanos(1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private long settled() {
        return sum(w -> w.ready.get() + w.setupFailed.get());
    }

    private long sum(ToLongFunction<LoadWorker> f) {
        long total = 0;
        for (LoadWorker worker : workers) {
            total += f.applyAsLong(worker);
        }
        return total;
    }

    private interface LoopAction {
        void run(LoadWorker worker);
    }

    private void onEachLoop(LoopAction action) throws Exception {
        for (LoadWorker worker : workers) {
            onLoop(worker, () -> {
                action.run(worker);
                return null;
            });
        }
    }

    private long onEachLoopSum(ToLongFunction<LoadWorker> f) throws Exception {
        long total = 0;
        for (LoadWorker worker : workers) {
            total += onLoop(worker, () -> f.applyAsLong(worker));
        }
        return total;
    }

    private static <T> T onLoop(LoadWorker worker, Callable<T> task) throws Exception {
        try {
            return worker.loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
        }
    }

    private static double cpu(ServerProbe probe) {
        return probe == null ? 0 : probe.cpuSeconds();
    }

    private static double kernelCpu(ServerProbe probe) {
        return probe == null ? 0 : probe.systemCpuSeconds();
    }

    private static Long probe(ServerProbe probe, ToLongFunction<ServerProbe> f) {
        return probe == null ? null : positive(f.applyAsLong(probe));
    }

    private static Long positive(long v) {
        return v < 0 ? null : v;
    }

    private static long elapsedMillis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private void close() {
        List<ChannelFuture> closing = new ArrayList<>();
        for (LoadWorker worker : workers) {
            try {
                closing.addAll(onLoop(worker, worker::closeAll));
            } catch (Exception e) {
                // The loop is gone; its channels close with it.
            }
        }
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (peer != null) {
            peer.close();
        }
        if (loops != null) {
            loops.close();
        }
    }
}
