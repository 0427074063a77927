package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportFeedbackRecorderTest {

    private final TransportFeedbackRecorder recorder = new TransportFeedbackRecorder();

    @Test
    void sortsAcrossTheWrapAndKeepsTheFirstArrivalOfARepeat() {
        recorder.record(65535, 10);
        recorder.record(1, 30);
        recorder.record(0, 20);
        recorder.record(1, 40);
        recorder.record(65534, 5);

        assertThat(recorder.drainSorted()).isEqualTo(4);
        assertThat(new int[] {recorder.sequence(0), recorder.sequence(1), recorder.sequence(2), recorder.sequence(3)})
                .containsExactly(65534, 65535, 0, 1);
        assertThat(recorder.arrival(3)).as("the first arrival of 1").isEqualTo(30);
        assertThat(recorder.firstBase()).as("nothing reported yet").isEqualTo(65534);
        recorder.reported();
        assertThat(recorder.isEmpty()).isTrue();
    }

    @Test
    void theNextReportStartsAfterTheLastOneUnlessTheGapIsImplausibleOrAPacketCameLate() {
        recorder.record(100, 1);
        recorder.drainSorted();
        recorder.reported();

        recorder.record(104, 2);
        recorder.drainSorted();
        assertThat(recorder.firstBase()).as("101-103 lost since").isEqualTo(101);
        recorder.reported();

        recorder.record(99, 3);
        recorder.drainSorted();
        assertThat(recorder.firstBase()).as("late: the base goes back").isEqualTo(99);
        recorder.reported();

        recorder.record(105 + TransportFeedbackRecorder.MAX_REPORTED_GAP + 1, 4);
        recorder.drainSorted();
        assertThat(recorder.firstBase()).as("a restart, not a loss")
                .isEqualTo(105 + TransportFeedbackRecorder.MAX_REPORTED_GAP + 1);
    }

    @Test
    void aFullRingRefusesMoreAndCountsFeedbackPackets() {
        for (int i = 0; i < TransportFeedbackRecorder.CAPACITY; i++) {
            assertThat(recorder.record(i, i)).isTrue();
        }
        assertThat(recorder.record(5000, 0)).isFalse();
        assertThat(recorder.nextFeedbackPacketCount()).isZero();
        for (int i = 1; i < 256; i++) {
            recorder.nextFeedbackPacketCount();
        }
        assertThat(recorder.nextFeedbackPacketCount()).as("8 bits, wraps").isZero();
    }
}
