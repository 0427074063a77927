package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterarrivalJitterTest {

    private static final long MS = 1_000_000L;

    @Test
    void evenlySpacedPacketsHaveNoJitter() {
        InterarrivalJitter jitter = new InterarrivalJitter(48_000);
        long timestamp = 0xFFFF_F000L; // wraps past 2^32 on the way
        for (int i = 0; i < 100; i++) {
            jitter.update(5_000 * MS + i * 20 * MS, timestamp & 0xFFFF_FFFFL);
            timestamp += 960;
        }
        assertThat(jitter.jitter()).isZero();
    }

    /**
     * RFC 3550 §6.4.1: every other 20 ms Opus packet arrives 10 ms late, so |D| is 480 timestamp units
     * each time and the estimate converges on 480 from below (integer form of A.8).
     */
    @Test
    void convergesOnTheMeanTransitDifference() {
        InterarrivalJitter jitter = new InterarrivalJitter(48_000);
        for (int i = 0; i < 500; i++) {
            long arrival = i * 20 * MS + (i % 2 == 1 ? 10 * MS : 0);
            jitter.update(arrival, i * 960L);
        }
        assertThat(jitter.jitter()).isBetween(470L, 480L);
    }

    @Test
    void theFirstStepIsOneSixteenth() {
        InterarrivalJitter jitter = new InterarrivalJitter(90_000);
        jitter.update(0, 0);
        jitter.update(100 * MS, 0); // 100 ms late at 90 kHz: D = 9000
        assertThat(jitter.jitter()).isEqualTo(9000 / 16);
        assertThatThrownBy(() -> new InterarrivalJitter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
