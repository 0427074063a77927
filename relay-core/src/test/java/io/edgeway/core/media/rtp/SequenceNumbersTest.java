package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    @Test
    void deltaIsSignedAndWrapAware() {
        assertThat(SequenceNumbers.delta(65535, 2)).isEqualTo(3);
        assertThat(SequenceNumbers.delta(2, 65535)).isEqualTo(-3);
        assertThat(SequenceNumbers.delta(100, 100)).isZero();
        assertThat(SequenceNumbers.delta(0, 32767)).isEqualTo(32767);
        assertThat(SequenceNumbers.delta(0, 32768)).isEqualTo(-32768);
    }

    @Test
    void newerAndOlderFollowSerialNumberArithmetic() {
        assertThat(SequenceNumbers.isNewer(0, 65535)).isTrue();
        assertThat(SequenceNumbers.isNewer(65535, 0)).isFalse();
        assertThat(SequenceNumbers.isOlder(65000, 10)).isTrue();
        assertThat(SequenceNumbers.isNewer(5, 5)).isFalse();
        assertThat(SequenceNumbers.isOlder(5, 5)).isFalse();
    }

    @Test
    void addWraps() {
        assertThat(SequenceNumbers.add(65535, 1)).isZero();
        assertThat(SequenceNumbers.add(0, -1)).isEqualTo(65535);
        assertThat(SequenceNumbers.add(10, 70_000)).isEqualTo((10 + 70_000) % 65536);
    }

    @Test
    void extendPlacesANumberNearTheReference() {
        assertThat(SequenceNumbers.extend(65_537, 65_535)).isEqualTo(65_535);
        assertThat(SequenceNumbers.extend(65_535, 1)).isEqualTo(65_537);
        assertThat(SequenceNumbers.extend(3 * 65_536L + 10, 5)).isEqualTo(3 * 65_536L + 5);
        assertThat(SequenceNumbers.extend(5, 65_530)).as("before the first packet").isEqualTo(-6);
    }
}
