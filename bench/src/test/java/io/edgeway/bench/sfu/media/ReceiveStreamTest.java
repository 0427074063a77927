package io.edgeway.bench.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveStreamTest {

    @Test
    void countsLossAcrossASequenceWrapFromTheClearHeaderAlone() {
        ReceiveStream s = new ReceiveStream(7, false);
        for (int seq = 65530; seq < 65536 + 10; seq++) {
            if (seq != 65534 && seq != 65536 + 2) {
                s.onPacket(seq & 0xFFFF, seq);
            }
        }
        assertThat(s.expected()).isEqualTo(16);
        assertThat(s.received).isEqualTo(14);
        assertThat(s.lost()).isEqualTo(2);
    }

    @Test
    void aDuplicateCountsOnceAndALateRetransmissionFillsItsGap() {
        ReceiveStream s = new ReceiveStream(7, true);
        s.onPacket(100, 0);
        s.onPacket(101, 0);
        s.onPacket(104, 0);
        assertThat(s.missingCount).as("video gaps are remembered for NACK").isEqualTo(2);
        assertThat(s.onPacket(101, 0)).as("duplicate").isFalse();
        assertThat(s.onPacket(102, 0)).isTrue();
        assertThat(s.recovered).isEqualTo(1);
        assertThat(s.missingCount).isEqualTo(1);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.duplicates).isEqualTo(1);
    }

    @Test
    void theWindowCountsOnlyWhatCameAfterTheMark() {
        ReceiveStream s = new ReceiveStream(7, false);
        for (int seq = 0; seq < 10; seq++) {
            s.onPacket(seq, 0);
        }
        s.mark();
        for (int seq = 10; seq < 20; seq += 2) {
            s.onPacket(seq, 0);
        }
        assertThat(s.expectedSinceMark()).isEqualTo(9);
        assertThat(s.receivedSinceMark()).isEqualTo(5);
    }
}
