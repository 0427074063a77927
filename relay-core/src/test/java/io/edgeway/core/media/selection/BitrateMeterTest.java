package io.edgeway.core.media.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A second's worth of bytes, forgetting what is older, in virtual time. */
class BitrateMeterTest {

    private static final long MS = 1_000_000L;

    @Test
    void measuresTheLastSecond() {
        BitrateMeter meter = new BitrateMeter();
        // 1000 bytes every 10 ms for 3 s: 800 kbit/s.
        for (long t = 0; t < 3_000 * MS; t += 10 * MS) {
            meter.add(t, 1000);
        }
        assertThat(meter.bitsPerSecond(2_995 * MS)).isBetween(780_000L, 800_000L);
        assertThat(meter.activeWithin(3_000 * MS, 50 * MS)).isTrue();
        // Half a second of silence leaves the 400 ms of the window that had packets (10 buckets of 100 ms,
        // the current one included); two seconds empty it.
        assertThat(meter.bitsPerSecond(3_500 * MS)).isEqualTo(320_000L);
        assertThat(meter.bitsPerSecond(5_000 * MS)).isZero();
        assertThat(meter.activeWithin(5_000 * MS, 1_000 * MS)).isFalse();
    }

    @Test
    void aNewMeterIsSilent() {
        BitrateMeter meter = new BitrateMeter();
        assertThat(meter.bitsPerSecond(123 * MS)).isZero();
        assertThat(meter.activeWithin(123 * MS, 1_000 * MS)).isFalse();
        assertThat(meter.started()).isFalse();
    }

    @Test
    void aMeterThatHasSeenAPacketHasStartedForGood() {
        BitrateMeter meter = new BitrateMeter();
        meter.add(0, 100);
        assertThat(meter.started()).isTrue();
        assertThat(meter.activeWithin(60_000 * MS, 1_000 * MS)).isFalse();
        assertThat(meter.started()).isTrue();
    }
}
