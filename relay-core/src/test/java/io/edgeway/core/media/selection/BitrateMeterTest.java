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
    void aStreamCountsAtLeastItsAssumedRateUntilAWholeWindowOfItWasSeen() {
        BitrateMeter meter = new BitrateMeter();
        assertThat(meter.settledBitsPerSecond(0, 500_000)).isEqualTo(500_000L);
        // 250 bytes every 10 ms: 200 kbit/s, after a start that measures low.
        for (long t = 0; t < 500 * MS; t += 10 * MS) {
            meter.add(t, 250);
        }
        assertThat(meter.bitsPerSecond(500 * MS)).isEqualTo(100_000L);
        assertThat(meter.settledBitsPerSecond(500 * MS, 500_000)).isEqualTo(500_000L);
        for (long t = 500 * MS; t < 1_500 * MS; t += 10 * MS) {
            meter.add(t, 250);
        }
        // A whole second of it: its own rate, even below the assumed one.
        assertThat(meter.settledBitsPerSecond(1_495 * MS, 500_000)).isBetween(200_000L, 202_000L);
        // A silence that empties the window, then it starts again: young again.
        meter.add(4_000 * MS, 250);
        assertThat(meter.settledBitsPerSecond(4_005 * MS, 500_000)).isEqualTo(500_000L);
        // Measured above the assumption, the measurement counts from the start.
        BitrateMeter busy = new BitrateMeter();
        for (long t = 0; t < 200 * MS; t += 10 * MS) {
            busy.add(t, 5_000);
        }
        assertThat(busy.settledBitsPerSecond(195 * MS, 500_000)).isEqualTo(800_000L);
    }

    @Test
    void aDipCountsAtTheLongerWindowsAverage() {
        BitrateMeter meter = new BitrateMeter();
        // 500 kbit/s for 4 s, then 300 kbit/s for 1.5 s.
        long t = 0;
        for (; t < 4_000 * MS; t += 10 * MS) {
            meter.add(t, 625);
        }
        for (; t < 5_500 * MS; t += 10 * MS) {
            meter.add(t, 375);
        }
        assertThat(meter.bitsPerSecond(5_495 * MS)).isEqualTo(300_000L);
        // The last five seconds: 3.5 s at 500 and 1.5 s at 300.
        assertThat(meter.settledBitsPerSecond(5_495 * MS, 0)).isBetween(435_000L, 445_000L);
        // Back up: the last second counts.
        for (; t < 6_500 * MS; t += 10 * MS) {
            meter.add(t, 1_000);
        }
        assertThat(meter.settledBitsPerSecond(6_495 * MS, 0)).isEqualTo(800_000L);
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
