package io.edgeway.core.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpSequenceTrackerTest {

    /** RFC 3550 A.1: with MIN_SEQUENTIAL 2 the first packet is on probation, the second starts counting. */
    @Test
    void aNewSourceIsOnProbation() {
        RtpSequenceTracker tracker = new RtpSequenceTracker();
        assertThat(tracker.update(1000)).isFalse();
        assertThat(tracker.isValid()).isFalse();
        assertThat(tracker.expected()).isZero();
        assertThat(tracker.update(1001)).isTrue();
        assertThat(tracker.isValid()).isTrue();
        assertThat(tracker.received()).isEqualTo(1);
        assertThat(tracker.expected()).isEqualTo(1);
        assertThat(tracker.update(1002)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(1002);
    }

    @Test
    void probationRestartsOnAnOutOfSequencePacket() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(3);
        assertThat(tracker.update(10)).isFalse();
        assertThat(tracker.update(12)).isFalse(); // not 11: probation starts over from 12
        assertThat(tracker.update(13)).isFalse();
        assertThat(tracker.update(14)).isTrue();
        assertThat(tracker.expected()).isEqualTo(1);
    }

    @Test
    void withoutProbationTheFirstPacketCounts() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(0);
        assertThat(tracker.update(7)).isTrue();
        assertThat(tracker.isValid()).isTrue();
        assertThat(tracker.highestSequence()).isEqualTo(7);
        assertThat(tracker.expected()).isEqualTo(1);
        assertThat(tracker.cumulativeLost()).isZero();
        assertThatThrownBy(() -> new RtpSequenceTracker(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsWrapsIntoTheExtendedSequence() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(1);
        for (int seq : new int[] {65533, 65534, 65535, 0, 1}) {
            assertThat(tracker.update(seq)).isTrue();
        }
        assertThat(tracker.highestSequence()).isEqualTo(1);
        assertThat(tracker.extendedHighestSequence()).isEqualTo(65536 + 1);
        assertThat(tracker.expected()).isEqualTo(5);
        assertThat(tracker.cumulativeLost()).isZero();
        assertThat(tracker.extend(65535)).isEqualTo(65535);
        assertThat(tracker.extend(3)).isEqualTo(65536 + 3);
    }

    /** RFC 3550 A.3: 10 expected, 8 received: 2 lost, fraction 2/10 * 256 = 51. */
    @Test
    void derivesLossFiguresForAReportBlock() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(1);
        for (int seq = 1; seq <= 10; seq++) {
            if (seq != 5 && seq != 6) {
                tracker.update(seq);
            }
        }
        assertThat(tracker.expected()).isEqualTo(10);
        assertThat(tracker.received()).isEqualTo(8);
        assertThat(tracker.cumulativeLost()).isEqualTo(2);
        assertThat(tracker.fractionLostAndStartInterval()).isEqualTo(51);
        // Next interval: 11..14 all arrive, nothing lost in it, the cumulative figure stays.
        for (int seq = 11; seq <= 14; seq++) {
            tracker.update(seq);
        }
        assertThat(tracker.fractionLostAndStartInterval()).isZero();
        assertThat(tracker.cumulativeLost()).isEqualTo(2);
        // An interval with no packets at all.
        assertThat(tracker.fractionLostAndStartInterval()).isZero();
    }

    /** Late and duplicate packets are counted without moving the highest number; duplicates make loss negative. */
    @Test
    void lateAndDuplicatePacketsAreCountedInPlace() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(1);
        tracker.update(100);
        tracker.update(102);
        assertThat(tracker.cumulativeLost()).isEqualTo(1);
        assertThat(tracker.update(101)).isTrue(); // late
        assertThat(tracker.highestSequence()).isEqualTo(102);
        assertThat(tracker.cumulativeLost()).isZero();
        assertThat(tracker.update(101)).isTrue(); // duplicate
        assertThat(tracker.update(102)).isTrue(); // duplicate
        assertThat(tracker.cumulativeLost()).isEqualTo(-2);
        assertThat(tracker.fractionLostAndStartInterval()).as("duplicates make up for losses").isZero();
    }

    /** RFC 3550 A.1: a jump beyond MAX_DROPOUT counts only once the next packet confirms a restart. */
    @Test
    void aLargeJumpIsBelievedOnlyWhenConfirmed() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(1);
        tracker.update(1000);
        tracker.update(1001);
        assertThat(tracker.update(1001 + RtpSequenceTracker.MAX_DROPOUT)).isFalse();
        assertThat(tracker.update(50_000)).isFalse();
        assertThat(tracker.highestSequence()).isEqualTo(1001);
        assertThat(tracker.update(1002)).as("the old stream goes on").isTrue();
        assertThat(tracker.update(50_000)).isFalse();
        assertThat(tracker.update(50_001)).as("confirmed: the source restarted").isTrue();
        // RFC 3550 A.1: init_seq() at the confirming packet, which is the first one counted.
        assertThat(tracker.highestSequence()).isEqualTo(50_001);
        assertThat(tracker.expected()).isEqualTo(1);
        assertThat(tracker.received()).isEqualTo(1);
        // Just within MAX_DROPOUT is a gap, not a jump.
        assertThat(tracker.update(50_001 + RtpSequenceTracker.MAX_DROPOUT - 1)).isTrue();
        assertThat(tracker.cumulativeLost()).isEqualTo(RtpSequenceTracker.MAX_DROPOUT - 2);
        // Less than MAX_MISORDER behind is a late packet; MAX_MISORDER behind already counts as a jump
        // (RFC 3550 A.1: udelta <= RTP_SEQ_MOD - MAX_MISORDER).
        int highest = tracker.highestSequence();
        assertThat(tracker.update(highest - (RtpSequenceTracker.MAX_MISORDER - 1))).isTrue();
        assertThat(tracker.update(highest - RtpSequenceTracker.MAX_MISORDER)).isFalse();
        assertThat(tracker.highestSequence()).isEqualTo(highest);
    }

    /** RFC 3550 A.3: the 24-bit field is clamped, never wrapped. */
    @Test
    void cumulativeLossIsClampedTo24Bits() {
        RtpSequenceTracker tracker = new RtpSequenceTracker(1);
        int seq = 0;
        tracker.update(seq);
        for (int i = 0; i < 3000; i++) {
            seq = SequenceNumbers.add(seq, RtpSequenceTracker.MAX_DROPOUT - 1);
            assertThat(tracker.update(seq)).isTrue();
        }
        assertThat(tracker.expected() - tracker.received()).isGreaterThan(RtpSequenceTracker.MAX_CUMULATIVE_LOST);
        assertThat(tracker.cumulativeLost()).isEqualTo(0x7FFFFF);
        assertThat(tracker.fractionLostAndStartInterval()).isEqualTo(255);
    }
}
