package io.edgeway.core.media.selection;

import static io.edgeway.core.media.selection.SlotAssignment.EMPTY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sources that stay wanted keep their slots; newcomers take the freed ones in priority order. */
class SlotAssignmentTest {

    @Test
    void fillsEmptySlotsInPriorityOrder() {
        int[] slots = {EMPTY, EMPTY, EMPTY};
        assertThat(SlotAssignment.assign(slots, 3, new int[] {7, 3}, 2)).isEqualTo(2);
        assertThat(slots).containsExactly(7, 3, EMPTY);
    }

    @Test
    void keepsStayingSourcesInPlace() {
        int[] slots = {7, 3, 9};
        // 3 is no longer wanted; 5 is new and takes its slot; 9 and 7 do not move though their order changed.
        assertThat(SlotAssignment.assign(slots, 3, new int[] {9, 5, 7}, 3)).isEqualTo(2);
        assertThat(slots).containsExactly(7, 5, 9);
        assertThat(SlotAssignment.assign(slots, 3, new int[] {9, 5, 7}, 3)).isZero();
    }

    @Test
    void onlyTheFirstWantedFitAndTheRestWait() {
        int[] slots = {1, 2};
        assertThat(SlotAssignment.assign(slots, 2, new int[] {4, 2, 1}, 3)).isEqualTo(2);
        assertThat(slots).containsExactly(4, 2);
    }

    @Test
    void aSourceComingBackReturnsToItsFormerSlotIfFree() {
        int[] slots = {7, EMPTY, 9};
        int[] previous = {7, 3, 9};
        assertThat(SlotAssignment.assign(slots, 3, new int[] {7, 3, 9, 5}, 4, previous)).isEqualTo(1);
        // 3 held the middle slot before its pause: it goes back there; 5 (fourth of three) waits.
        assertThat(slots).containsExactly(7, 3, 9);
    }
}
