package io.edgeway.bench.jmh;

import io.edgeway.bench.jmh.PublisherStandIn.Feed;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SlotForwardingBench}'s {@code main}: runs each of its paths on a Netty event-loop thread
 * ({@code FastThreadLocalThread}, where Netty's recyclers and the allocator's thread-local magazines work
 * as they do in the server) and measures each operation alone: the bytes the thread allocated
 * ({@code ThreadMXBean}) and the time, split into the port's work ({@link SlotSession#deliver}) and the
 * benchmark's drain. The publisher's packet is made outside the measured interval.
 *
 * <p>The bytes are then attributed: Netty's {@code DatagramPacket} envelope per copy (the one allocation
 * {@code ParticipantTransport.sendMedia} makes, Netty's API), the JDK's AES-GCM per protect and per
 * unprotect (measured on the same thread with packets of the same header and packet lengths), and the
 * rest, which is what Edgeway's own code allocates and must be 0.
 *
 * <p>Options: {@code --ops=N} (measured operations per path, default 30000), {@code --warmup=N} (default
 * 20000), {@code --subscribers=10,99}, {@code --profiles=SRTP_AES128_CM_HMAC_SHA1_80,SRTP_AEAD_AES_128_GCM}.
 */
final class AllocationProbe {

    private static final long SEED = 13;
    private static final Feed[] PATHS = {Feed.AUDIO, Feed.TOP_LAYER, Feed.LOW_LAYER};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final RtpHeaderFlyweight header = new RtpHeaderFlyweight();
    private final int ops;
    private final int warmup;

    private AllocationProbe(int ops, int warmup) {
        this.ops = ops;
        this.warmup = warmup;
    }

    static void run(String[] args) throws InterruptedException {
        int ops = 30_000;
        int warmup = 20_000;
        List<Integer> sizes = List.of(10, 99);
        List<SrtpProtectionProfile> profiles = List.of(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--ops=")) {
                ops = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(value);
            } else if (arg.startsWith("--subscribers=")) {
                sizes = new ArrayList<>();
                for (String n : value.split(",")) {
                    sizes.add(Integer.parseInt(n));
                }
            } else if (arg.startsWith("--profiles=")) {
                profiles = new ArrayList<>();
                for (String p : value.split(",")) {
                    profiles.add(SrtpProtectionProfile.valueOf(p));
                }
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (--ops=N --warmup=N --subscribers=10,99 --profiles=...)");
            }
        }
        // As the server runs (leak-detection auto): Netty's sampling leak detector off.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        AllocationProbe probe = new AllocationProbe(ops, warmup);
        List<SrtpProtectionProfile> chosenProfiles = profiles;
        List<Integer> chosenSizes = sizes;
        Throwable[] failure = new Throwable[1];
        Thread thread = new FastThreadLocalThread(() -> {
            try {
                for (SrtpProtectionProfile profile : chosenProfiles) {
                    for (int size : chosenSizes) {
                        for (Feed feed : PATHS) {
                            System.out.println(probe.measure(profile, size, feed));
                        }
                    }
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "event-loop-probe");
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw new IllegalStateException("the probe failed", failure[0]);
        }
    }

    private String measure(SrtpProtectionProfile profile, int subscribers, Feed feed) {
        try (SlotSession session = SlotSession.open(profile, subscribers, SEED)) {
            session.settle();
            // The JDK's GCM allocates by header (AAD) and packet length: calibrated on the lengths seen here.
            int inHeader = 0;
            int inLength = 0;
            for (int i = 0; i < warmup; i++) {
                DatagramPacket next = session.next(feed);
                inHeader = headerLength(next.content());
                inLength = next.content().readableBytes();
                session.deliver(next);
                session.drain(feed);
            }
            long calibration = threads.getCurrentThreadAllocatedBytes();
            calibration = threads.getCurrentThreadAllocatedBytes() - calibration;
            long bytes = 0;
            long deliverNanos = 0;
            long drainNanos = 0;
            for (int i = 0; i < ops; i++) {
                DatagramPacket next = session.next(feed);
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                session.deliver(next);
                long delivered = System.nanoTime();
                session.drain(feed);
                long drained = System.nanoTime();
                bytes += threads.getCurrentThreadAllocatedBytes() - allocatedBefore - calibration;
                deliverNanos += delivered - start;
                drainNanos += drained - delivered;
            }
            int copies = session.copiesOf(feed);
            SrtpProfile srtp = SrtpProfile.byId(profile.id()).orElseThrow();
            double envelope = envelopeBytes();
            // With no copies the protect counts 0 times: calibrated on the publisher's lengths.
            double[] jdk = copies == 0 ? cipherBytes(srtp, inHeader, inLength, inHeader, inLength)
                    : cipherBytes(srtp, session.copyHeaderLength(), session.copyLength(), inHeader, inLength);
            double perOp = (double) bytes / ops;
            double other = perOp - copies * (envelope + jdk[0]) - jdk[1];
            return String.format("%-28s %3d subscribers %-26s %3d copies: %8.0f ns/op (%5.0f ns/copy; drain %4.0f"
                            + " ns/copy of it), %9.1f B/op = %d x %.0f B envelope + %d x %.0f B JDK protect"
                            + " + %.0f B JDK unprotect + %.1f B other",
                    profile, subscribers, feed, copies, (double) (deliverNanos + drainNanos) / ops,
                    copies == 0 ? 0.0 : (double) (deliverNanos + drainNanos) / ops / copies,
                    copies == 0 ? 0.0 : (double) drainNanos / ops / copies, perOp, copies, envelope, copies,
                    jdk[0], jdk[1], other);
        }
    }

    /** Bytes of one {@code new DatagramPacket(content, recipient)}, as {@code sendMedia} makes it. */
    private double envelopeBytes() {
        ByteBuf content = ByteBufAllocator.DEFAULT.directBuffer(1);
        InetSocketAddress to = new InetSocketAddress(0);
        DatagramPacket[] keep = new DatagramPacket[64];
        int n = 100_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            keep[i & 63] = new DatagramPacket(content, to);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        content.release();
        return keep[0] == null ? 0 : (double) allocated / n;
    }

    /**
     * Bytes the JDK allocates in one SRTP protect of a copy ({@code outHeader} of {@code outLength} octets
     * protected) and one unprotect of a publisher's packet ({@code inHeader}, {@code inLength}), measured with
     * packets of those lengths (the JDK's GCM buffers the header, the AAD, by its length): 0 for AES-CM
     * (Edgeway's own counter mode on a reused ECB cipher), about a kilobyte for AES-GCM
     * ({@code AesGcmTransform}: {@code Cipher.init} per packet).
     */
    private double[] cipherBytes(SrtpProfile profile, int outHeader, int outLength, int inHeader, int inLength) {
        byte[] keys = new byte[profile.keyingMaterialLength()];
        SrtpSession sender = SrtpSession.ofServerWrite(profile, keys);
        SrtpSession receiver = SrtpSession.ofServerWrite(profile, keys);
        ByteBuf packet = ByteBufAllocator.DEFAULT.directBuffer(Math.max(outLength, inLength) + 64);
        int n = 20_000;
        long protect = 0;
        long unprotect = 0;
        for (int i = 0; i < 3 * n; i++) {
            // Warm both, then measure the protect on copies' lengths and the unprotect on the publisher's.
            boolean copy = i < n || i >= 2 * n;
            int header = copy ? outHeader : inHeader;
            int length = (copy ? outLength : inLength) - profile.rtpTrailerLength();
            writePlain(packet, i, header, length);
            long before = threads.getCurrentThreadAllocatedBytes();
            SrtpResult sent = sender.protectRtp(packet);
            long between = threads.getCurrentThreadAllocatedBytes();
            SrtpResult received = receiver.unprotectRtp(packet);
            long after = threads.getCurrentThreadAllocatedBytes();
            if (sent != SrtpResult.OK || received != SrtpResult.OK) {
                throw new IllegalStateException("SRTP round trip failed: " + sent + " " + received);
            }
            if (i >= 2 * n) {
                protect += between - before;
            } else if (i >= n) {
                unprotect += after - between;
            }
        }
        packet.release();
        return new double[] {(double) protect / n, (double) unprotect / n};
    }

    /** An RTP packet of {@code length} octets whose header is {@code header} octets (an RFC 8285 block of padding). */
    private static void writePlain(ByteBuf packet, int i, int header, int length) {
        boolean extension = header > RtpHeaderFlyweight.FIXED_HEADER_LENGTH;
        packet.clear().writeByte(extension ? 0x90 : 0x80).writeByte(96).writeShort(i).writeInt(i * 3000)
                .writeInt(0x1234_5678);
        if (extension) {
            int words = (header - RtpHeaderFlyweight.FIXED_HEADER_LENGTH - 4) / 4;
            packet.writeShort(0xBEDE).writeShort(words).writeZero(4 * words);
        }
        packet.writeZero(length - packet.writerIndex());
    }

    /** Octets of the (clear) RTP header of an SRTP packet. */
    private int headerLength(ByteBuf packet) {
        return header.wrap(packet).payloadOffset() - packet.readerIndex();
    }
}
