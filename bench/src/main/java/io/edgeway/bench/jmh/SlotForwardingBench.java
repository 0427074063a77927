package io.edgeway.bench.jmh;

import io.edgeway.bench.jmh.PublisherStandIn.Feed;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.netty.channel.socket.DatagramPacket;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The SFU's per-packet path in a session with slots (issue #13): one publisher packet in, one copy out per
 * subscriber slot that takes it, through the real media port handler, fanout and room ({@link SlotSession}).
 * Each operation is one read batch of one datagram: SRTP unprotect, the room's per-packet path, per slot the
 * rewrite (next sequence number, timestamp and PictureID), SRTP protect and {@code sendMedia}; then the drain
 * of the channel's outbound queue (read and release every datagram), which checks that every subscriber got
 * its copy and that subscriber 0's sequence numbers run on, so a benchmark that stopped forwarding fails. The
 * drain costs 25-90 ns per copy (the {@code main} times it apart). The publisher's packet is made and protected
 * in a {@code Level.Invocation} setup, untimed but counted by {@code -prof gc}.
 *
 * <p>Figures (2026-12-06, shared 2-core machine at load 5.5-9.6: times indicative, bytes exact; bench/RESULTS.md,
 * "Slot forwarding"): {@code java -cp bench/target/edgeway-bench.jar io.edgeway.bench.jmh.SlotForwardingBench}
 * gives with AES-CM 240.0 B/op at 10 subscribers and 2,376.0 at 99, all of it Netty's 24-byte
 * {@code DatagramPacket} envelope per copy (0 B from Edgeway's code; 2,704.5 before the port flushed every 32
 * datagrams); with AES-GCM the JDK's {@code Cipher.init} adds about 1 KB per protect and per unprotect.
 * About 1.0-1.2 us per copy for audio at 99 subscribers with AES-CM (2.4-2.9 for the top layer), 1.3-2.0 with
 * AES-GCM. JMH: {@code java -jar bench/target/edgeway-bench.jar SlotForwardingBench -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.edgeway.bench.jmh.EventLoopThreadExecutor", "-Dio.netty.leakDetection.level=disabled"})
public class SlotForwardingBench {

    private static final long SEED = 13;

    /** Subscribers besides the publisher: a session of 11, and one of 100. */
    @Param({"10", "99"})
    public int subscribers;

    @Param({"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
    public String profile;

    private SlotSession session;
    private Feed feed;
    private DatagramPacket next;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        feed = feedOf(params.getBenchmark());
        session = SlotSession.open(SrtpProtectionProfile.valueOf(profile), subscribers, SEED);
        session.settle();
    }

    /** The publisher's next packet, protected; untimed (JMH times only the benchmark method). */
    @Setup(Level.Invocation)
    public void prepare() {
        next = session.next(feed);
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }

    /** The dominant speaker's Opus packet to the first audio slot of every subscriber. */
    @Benchmark
    public int audioToAudioSlots() {
        session.deliver(next);
        return session.drain(Feed.AUDIO);
    }

    /** A packet of the top simulcast layer (720p) to the first video slot of every subscriber. */
    @Benchmark
    public int videoTopLayerToVideoSlots() {
        session.deliver(next);
        return session.drain(Feed.TOP_LAYER);
    }

    /** A packet of the low layer (180p), which no slot takes: received, cached, forwarded to nobody. */
    @Benchmark
    public int videoLowLayerToNoSlot() {
        session.deliver(next);
        return session.drain(Feed.LOW_LAYER);
    }

    private static Feed feedOf(String benchmark) {
        if (benchmark.endsWith(".audioToAudioSlots")) {
            return Feed.AUDIO;
        }
        if (benchmark.endsWith(".videoTopLayerToVideoSlots")) {
            return Feed.TOP_LAYER;
        }
        if (benchmark.endsWith(".videoLowLayerToNoSlot")) {
            return Feed.LOW_LAYER;
        }
        throw new IllegalArgumentException("no feed for " + benchmark);
    }

    /**
     * Bytes allocated and time per operation on a Netty event-loop thread, measured around each operation
     * only (the publisher's packet is made outside it), with the time split into the port's work and the
     * drain; the allocation is attributed to Netty's datagram envelope, the JDK's AES-GCM and the rest
     * (Edgeway's own code, which must be 0). One line per profile, session size and path.
     * {@code java -cp bench/target/edgeway-bench.jar io.edgeway.bench.jmh.SlotForwardingBench}
     */
    public static void main(String[] args) throws Exception {
        AllocationProbe.run(args);
    }
}
