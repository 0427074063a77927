package io.edgeway.bench.jmh;

import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * STUN decode (in-place attribute indexing with FINGERPRINT check), MESSAGE-INTEGRITY verification
 * and encode of a Binding success response. Run with the GC profiler to see bytes per operation:
 * {@code java -jar bench/target/edgeway-bench.jar StunCodecBench -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StunCodecBench {

    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final StunMessage message = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final InetSocketAddress client = new InetSocketAddress("192.0.2.1", 32853);
    private ByteBuf request;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp() {
        request = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        writer.begin(request, StunMessageType.ALLOCATE_REQUEST, new byte[12]);
        writer.putInt(StunAttributeType.REQUESTED_TRANSPORT, 17 << 24);
        writer.putUtf8(StunAttributeType.USERNAME, "alice");
        writer.putUtf8(StunAttributeType.REALM, "edgeway.local");
        writer.putUtf8(StunAttributeType.NONCE, "obMatJos2AAACabcdefghijklmnopqrstuvwx");
        MessageIntegrity.addTo(writer, KEY);
        Fingerprint.addTo(writer);
        writer.finish();
        out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        request.release();
        out.release();
    }

    @Benchmark
    public int decode() throws StunParseException {
        return message.wrap(request, request.readerIndex(), request.readableBytes()).attributeCount();
    }

    @Benchmark
    public boolean decodeAndVerifyIntegrity() throws StunParseException {
        message.wrap(request, request.readerIndex(), request.readableBytes());
        return MessageIntegrity.verify(message, KEY);
    }

    @Benchmark
    public int encodeBindingSuccess() {
        out.clear();
        writer.begin(out, StunMessageType.BINDING_SUCCESS, request, 8);
        XorAddress.addTo(writer, StunAttributeType.XOR_MAPPED_ADDRESS, client);
        Fingerprint.addTo(writer);
        return writer.finish();
    }
}
