package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A speech level read twice a second sees every syllable between two reads, while the decayed peak alone,
 * read at the same instants, misses speech that ended a few hundred milliseconds before a read.
 */
class SpeechLevelTest {

    private static final long MS = 1_000_000L;

    @Test
    void aSyllableBetweenTwoSamplesCountsAtTheNextSampleAndOnlyThere() {
        SpeechLevel level = new SpeechLevel();
        level.observe(100 * MS, 30);                         // a syllable at -30 dBov: loudness 97
        // 400 ms later the decayed peak has fallen to 57, under the speaking threshold (77)...
        assertThat(level.loudness(500 * MS)).isEqualTo(57);
        // ...but the sample taken then still counts the syllable,
        assertThat(level.takeLoudestSinceLastTake(500 * MS)).isEqualTo(97);
        // and the next one, with nothing heard in between, only what is left of the decayed peak (97 - 90).
        assertThat(level.takeLoudestSinceLastTake(1_000 * MS)).isEqualTo(7);
    }

    @Test
    void theDecayedPeakCountsWhenItIsLouderThanAnythingSinceTheLastSample() {
        SpeechLevel level = new SpeechLevel();
        level.observe(0, 10);                                // loudness 117
        assertThat(level.takeLoudestSinceLastTake(0)).isEqualTo(117);
        level.observe(50 * MS, 100);                         // a quiet packet: loudness 27
        assertThat(level.takeLoudestSinceLastTake(100 * MS)).isEqualTo(107);  // the peak, decayed 10 dB
    }
}
