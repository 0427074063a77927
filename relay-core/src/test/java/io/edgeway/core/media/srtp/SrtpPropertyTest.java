package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.readable;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.srtp.SrtpTestSupport.BufferKind;
import io.netty.buffer.ByteBuf;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random packets: any payload size, CSRC count and extension length round-trips, and a
 * random bit flip anywhere is refused and leaves the buffer as it was. The seed is fixed so a
 * failure reproduces; the message names the iteration.
 */
class SrtpPropertyTest {

    private static final long SEED = 0x5EED_5A7Fl;
    private static final int ITERATIONS = 1500;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomRtpPacketsRoundTripAndRandomBitFlipsAreRefused(SrtpProfile profile) {
        Random random = new Random(SEED ^ profile.id());
        int ssrc = random.nextInt();
        SrtpSessionKeys keys = SrtpTestSupport.rtpKeys(profile, random.nextLong());
        SrtpContext sender = new SrtpContext(ssrc, keys, 128, new CryptoScratch());
        SrtpContext receiver = new SrtpContext(ssrc, keys, 128, new CryptoScratch());
        int seq = random.nextInt(65_536);
        for (int i = 0; i < ITERATIONS; i++) {
            // Mostly small steps, sometimes a burst of loss: the sequence number wraps a few times.
            int step = random.nextInt(10) == 0 ? 1 + random.nextInt(2000) : 1 + random.nextInt(3);
            seq = (seq + step) & 0xFFFF;
            byte[] plain = SrtpTestSupport.rtp(ssrc, seq, random.nextInt(16), random.nextInt(12) - 1,
                    random.nextInt(1401), random);
            BufferKind kind = BufferKind.values()[random.nextInt(2)];
            ByteBuf buffer = kind.wrap(plain, profile.rtpTrailerLength() + random.nextInt(8));
            try {
                assertThat(sender.protect(buffer)).as("iteration %d", i).isEqualTo(SrtpResult.OK);
                byte[] wire = readable(buffer);
                if (random.nextInt(4) == 0) {
                    byte[] flipped = wire.clone();
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                    ByteBuf forged = kind.wrap(flipped, 0);
                    try {
                        assertThat(receiver.unprotect(forged)).as("iteration %d", i).isNotEqualTo(SrtpResult.OK);
                        assertThat(readable(forged)).as("iteration %d", i).isEqualTo(flipped);
                    } finally {
                        forged.release();
                    }
                }
                assertThat(receiver.unprotect(buffer)).as("iteration %d", i).isEqualTo(SrtpResult.OK);
                assertThat(readable(buffer)).as("iteration %d", i).isEqualTo(plain);
            } finally {
                buffer.release();
            }
        }
        assertThat(receiver.rolloverCounter()).isEqualTo(sender.rolloverCounter()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomRtcpPacketsRoundTripAndRandomBitFlipsAreRefused(SrtpProfile profile) {
        Random random = new Random(SEED ^ (profile.id() << 8));
        int ssrc = random.nextInt();
        SrtpSessionKeys keys = SrtpTestSupport.rtcpKeys(profile, random.nextLong());
        SrtcpContext sender = new SrtcpContext(ssrc, keys, 64, new CryptoScratch());
        SrtcpContext receiver = new SrtcpContext(ssrc, keys, 64, new CryptoScratch());
        for (int i = 0; i < ITERATIONS / 3; i++) {
            byte[] plain = SrtpTestSupport.rtcp(ssrc, random.nextInt(300), random);
            BufferKind kind = BufferKind.values()[random.nextInt(2)];
            ByteBuf buffer = kind.wrap(plain, profile.rtcpTrailerLength());
            try {
                assertThat(sender.protect(buffer)).as("iteration %d", i).isEqualTo(SrtpResult.OK);
                byte[] flipped = readable(buffer);
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                ByteBuf forged = kind.wrap(flipped, 0);
                try {
                    assertThat(receiver.unprotect(forged)).as("iteration %d", i).isNotEqualTo(SrtpResult.OK);
                    assertThat(readable(forged)).isEqualTo(flipped);
                } finally {
                    forged.release();
                }
                assertThat(receiver.unprotect(buffer)).as("iteration %d", i).isEqualTo(SrtpResult.OK);
                assertThat(readable(buffer)).as("iteration %d", i).isEqualTo(plain);
            } finally {
                buffer.release();
            }
        }
    }
}
