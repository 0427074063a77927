package io.edgeway.bench.sfu.media;

import io.edgeway.core.media.rtcp.NackFlyweight;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtp.RtpHeaderExtensionWriter;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Everything the synthetic participants of one event loop share: the loop, scratch packets and
 * flyweights (one of each: the loop runs one packet at a time), the links to flush after a batch, and
 * the harness-wide counters and histograms. Confined to the loop, except the {@link Counter}s (opaque
 * reads for progress) and what the coordinator reads through {@code loop.submit}.
 */
public final class MediaLoop {

    /** Latencies are recorded in microseconds up to 10 s. */
    public static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(10);

    public final EventLoop loop;
    final PacketBuffer send = new PacketBuffer();
    final PacketBuffer check = new PacketBuffer();
    final PacketBuffer control = new PacketBuffer();
    final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    final RtpHeaderExtensions extensions = new RtpHeaderExtensions();
    final RtpHeaderExtensionWriter extensionWriter = new RtpHeaderExtensionWriter();
    final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    final NackFlyweight nack = new NackFlyweight();
    final TransportFeedbackBuilder feedback = new TransportFeedbackBuilder(1100);
    final int[] nackScratch = new int[ReceiveStream.MAX_MISSING];
    private final List<PeerLink> dirty = new ArrayList<>();

    // ---- counters (single writer: the loop; opaque reads from the coordinator)
    public final Counter rtpSent = new Counter();
    public final Counter rtpSentBytes = new Counter();
    public final Counter rtcpSent = new Counter();
    public final Counter rtpReceived = new Counter();
    public final Counter rtpReceivedBytes = new Counter();
    public final Counter rtcpReceived = new Counter();
    public final Counter checked = new Counter();
    public final Counter authFailures = new Counter();
    public final Counter replayed = new Counter();
    public final Counter wrongSender = new Counter();
    public final Counter noMarker = new Counter();
    public final Counter unsignalled = new Counter();
    /** Padding-only packets received (a server's bandwidth probes). */
    public final Counter padding = new Counter();
    public final Counter duplicates = new Counter();
    public final Counter nacksSent = new Counter();
    public final Counter plisSent = new Counter();
    public final Counter keyframeRequests = new Counter();
    public final Counter nacksReceived = new Counter();
    public final Counter retransmitted = new Counter();
    public final Counter sendEvents = new Counter();
    public final Counter lateSends = new Counter();
    public final Counter writeFailures = new Counter();
    public final Counter constrainedDrops = new Counter();

    /** One-way latency of the checked packets, in the measurement window. */
    public final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    /** How late media events fired after their due time, microseconds, in the measurement window. */
    public final Histogram lateness = new Histogram(MAX_LATENCY_MICROS, 3);
    /** Gaps between the 1 ms ticks, microseconds, in the measurement window: how long the loop stalled. */
    public final Histogram tickGaps = new Histogram(MAX_LATENCY_MICROS, 3);
    private long lastTick;
    /** Whether the measurement window is open (set on the loop). */
    public boolean measuring;
    public long windowSendEvents;
    public long windowLateSends;

    public MediaLoop(EventLoop loop) {
        this.loop = loop;
    }

    /** The scratch packet for building one packet and sending it at once (never held across calls). */
    public PacketBuffer scratch() {
        return send;
    }

    void markDirty(PeerLink link) {
        if (!link.dirty) {
            link.dirty = true;
            dirty.add(link);
        }
    }

    /** Flushes every link written since the last call (one sendmmsg per socket and batch). */
    public void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            PeerLink link = dirty.get(i);
            link.dirty = false;
            link.channel().flush();
        }
        dirty.clear();
    }

    /** The 1 ms tick ran at {@code now}. */
    public void onTick(long now) {
        if (measuring && lastTick != 0) {
            tickGaps.recordValue(Math.min(Math.max(0, (now - lastTick) / 1000), MAX_LATENCY_MICROS));
        }
        lastTick = now;
    }

    /** A media event fired {@code lateNanos} after it was due. */
    void recordSend(long lateNanos) {
        sendEvents.increment();
        boolean late = lateNanos > TimeUnit.MILLISECONDS.toNanos(5);
        if (late) {
            lateSends.increment();
        }
        if (measuring) {
            windowSendEvents++;
            if (late) {
                windowLateSends++;
            }
            lateness.recordValue(Math.min(Math.max(0, lateNanos / 1000), MAX_LATENCY_MICROS));
        }
    }

    /** A single-writer counter: the loop adds with an opaque store, progress reads from any thread. */
    public static final class Counter {
        private final AtomicLong value = new AtomicLong();

        public void increment() {
            value.setOpaque(value.getPlain() + 1);
        }

        public void add(long n) {
            value.setOpaque(value.getPlain() + n);
        }

        public long get() {
            return value.getOpaque();
        }
    }
}
