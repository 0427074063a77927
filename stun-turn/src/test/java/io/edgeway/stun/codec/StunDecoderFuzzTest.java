package io.edgeway.stun.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Jazzer fuzz test of the STUN decoder: any bytes are wrapped in a Netty buffer and parsed; whatever
 * parses is read through every attribute reader. Only {@link StunParseException} may come out, and the
 * buffer is always released.
 *
 * <p>Without {@code JAZZER_FUZZ} set, JUnit runs the seed corpus in
 * {@code src/test/resources/io/edgeway/stun/codec/StunDecoderFuzzTestInputs/fuzzDecoder/} as regression
 * inputs (the RFC 5769 and RFC 8489 vectors and a few TURN messages). The stun-turn POM runs this class a
 * second time with {@code JAZZER_FUZZ=1}, where Jazzer mutates from that corpus for
 * {@code -Dedgeway.fuzz.seconds} (default 20); {@link #MAX_DURATION} is only the ceiling when the test is
 * started in fuzzing mode by hand. A finding fails the build and is written to {@code target/crash-<sha1>}
 * (and printed in Base64); once fixed, copy it into the inputs directory as a regression input, as was done
 * for {@code regression-empty-xor-peer-address-at-end.bin} (found by this test in 7 s).
 */
class StunDecoderFuzzTest {

    /** Upper bound for a hand-started fuzzing run; the POM's execution passes a shorter -max_total_time. */
    static final String MAX_DURATION = "10m";

    /** Reused across inputs, as the server reuses one per event loop. */
    private final StunMessage message = new StunMessage();

    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzDecoder(byte[] input) {
        // Odd-length inputs go through a direct buffer, so the nioBuffer paths of CRC and HMAC run too.
        ByteBuf buf = (input.length & 1) == 0 ? Unpooled.buffer(input.length) : Unpooled.directBuffer(input.length);
        try {
            buf.writeBytes(input);
            try {
                message.wrap(buf, 0, input.length);
            } catch (StunParseException e) {
                return;
            }
            AllAttributeReaders.readAll(message);
        } finally {
            buf.release();
        }
    }
}
