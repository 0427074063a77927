package io.edgeway.bench.jmh;

import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Random;
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
 * SRTP protect and unprotect of one RTP packet (12-octet header plus payload, {@code size} octets in
 * all) in a pooled direct buffer, as the media port receives them, for both DTLS-SRTP profiles.
 * Every operation uses the next sequence number, since both sides refuse an index they have seen,
 * and every result is checked, so a benchmark that stopped doing the work would fail.
 *
 * <ul>
 *   <li>{@code protect}: one packet encrypted and tagged in place.
 *   <li>{@code unprotect}: one packet verified and decrypted; the next protected packet is prepared
 *       in an untimed per-invocation setup. {@code -prof gc} counts that setup's allocation as well,
 *       so for GCM the unprotect B/op includes one protect's.
 *   <li>{@code roundTrip}: protect then unprotect, timed together.
 * </ul>
 *
 * Run: {@code java -jar bench/target/edgeway-bench.jar SrtpProtectBench -f 1 -wi 2 -i 3 -prof gc}.
 *
 * <p>Measured with that command on JDK 17.0.15 (x86-64 with AES-NI, PCLMULQDQ and SHA extensions), on
 * a 2-core machine shared with other builds, so the throughput is a range over the quieter
 * iterations; the allocation is exact:
 * <pre>
 *                       ops/s per core                         B/op
 *                       172 B         1200 B                   172 B   1200 B
 * CM+HMAC  protect      2.7-2.8 M     0.8-0.9 M                0       0
 *          unprotect    2.8 M         0.85-0.92 M              0       0
 *          round trip   1.43 M        0.47 M                   0       0
 * GCM      protect      1.8-2.8 M     1.4-2.0 M                928     990-1100
 *          unprotect    3.2 M         1.85-2.05 M              ~1000   ~1200   (gc.norm minus setup's protect)
 *          round trip   1.5 M         0.84-0.94 M              2032    2272
 * </pre>
 * The GCM allocation is the JDK's: {@code Cipher.init} with a new {@code GCMParameterSpec} per packet
 * is the only way javax.crypto offers to change the IV, and it rebuilds the cipher's GCM state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SrtpProtectBench {

    private static final int SSRC = 0x1234_5678;

    /** A sender and a receiver session under the same keys, and the one buffer both work on. */
    @State(Scope.Thread)
    public static class Stream {
        @Param({"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
        public String profile;

        @Param({"172", "1200"})
        public int size;

        SrtpSession sender;
        SrtpSession receiver;
        ByteBuf buffer;
        private byte[] plain;
        private int seq;

        @Setup(Level.Trial)
        public void setUp() {
            SrtpProfile p = SrtpProfile.valueOf(profile);
            Random random = new Random(1);
            byte[] material = new byte[p.keyingMaterialLength()];
            random.nextBytes(material);
            sender = SrtpSession.ofServerWrite(p, material);
            receiver = SrtpSession.ofServerWrite(p, material);
            plain = new byte[size];
            random.nextBytes(plain);
            plain[0] = (byte) 0x80;
            plain[1] = 111;
            plain[8] = (byte) (SSRC >>> 24);
            plain[9] = (byte) (SSRC >>> 16);
            plain[10] = (byte) (SSRC >>> 8);
            plain[11] = (byte) SSRC;
            buffer = PooledByteBufAllocator.DEFAULT.directBuffer(size + p.rtpTrailerLength());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            buffer.release();
        }

        /** Refills the buffer with the plain packet under the next sequence number. */
        void nextPlain() {
            seq = (seq + 1) & 0xFFFF;
            buffer.clear().writeBytes(plain);
            buffer.setShort(2, seq);
        }

        SrtpResult protect() {
            nextPlain();
            return check(sender.protectRtp(buffer));
        }
    }

    /** Prepares the next protected packet outside the timed call; only {@link #unprotect} uses it. */
    @State(Scope.Thread)
    public static class ProtectedPacket {
        // Held here, so the timed method unprotects exactly what the setup protected.
        Stream stream;

        @Setup(Level.Trial)
        public void bind(Stream bound) {
            stream = bound;
        }

        @Setup(Level.Invocation)
        public void prepare() {
            stream.protect();
        }
    }

    @Benchmark
    public SrtpResult protect(Stream stream) {
        return stream.protect();
    }

    @Benchmark
    public SrtpResult unprotect(ProtectedPacket packet) {
        return check(packet.stream.receiver.unprotectRtp(packet.stream.buffer));
    }

    @Benchmark
    public SrtpResult roundTrip(Stream stream) {
        stream.protect();
        return check(stream.receiver.unprotectRtp(stream.buffer));
    }

    static SrtpResult check(SrtpResult result) {
        if (result != SrtpResult.OK) {
            throw new IllegalStateException("SRTP result " + result);
        }
        return result;
    }
}
