package io.edgeway.core.media.selection;

/**
 * Fits a wanted set of sources into a subscriber's slots without moving any source that stays: a source
 * keeps the slot it occupies as long as it is wanted, and newcomers take the slots freed, in the order
 * they are wanted. So a change of one speaker or one participant on screen moves one slot, and the
 * subscriber's other streams do not switch (a switch costs a key frame and a visible jump).
 *
 * <p>Slots hold source numbers or {@link #EMPTY}. Stateless and allocation-free.
 */
public final class SlotAssignment {

    public static final int EMPTY = -1;

    private SlotAssignment() {
    }

    /**
     * Rewrites {@code slots[0..slotCount)} to hold the first {@code slotCount} of
     * {@code wanted[0..wantedCount)} (in priority order), keeping each one already in a slot where it is.
     *
     * @return how many slots changed
     */
    public static int assign(int[] slots, int slotCount, int[] wanted, int wantedCount) {
        return assign(slots, slotCount, wanted, wantedCount, null);
    }

    /**
     * {@link #assign(int[], int, int[], int)}, where a newcomer that held a slot before ({@code previous[s]},
     * the source slot {@code s} last carried, or {@link #EMPTY}) goes back to that slot if it is free: a source
     * paused for a moment (its subscriber's bandwidth dipped) comes back where the page showed it.
     *
     * @param previous null, or what each slot carried last
     */
    public static int assign(int[] slots, int slotCount, int[] wanted, int wantedCount, int[] previous) {
        int keep = Math.min(slotCount, wantedCount);
        int changed = 0;
        for (int s = 0; s < slotCount; s++) {
            if (slots[s] != EMPTY && indexOf(wanted, keep, slots[s]) < 0) {
                slots[s] = EMPTY;
                changed++;
            }
        }
        int free = 0;
        for (int w = 0; w < keep; w++) {
            int source = wanted[w];
            if (indexOf(slots, slotCount, source) >= 0) {
                continue;
            }
            int home = previous == null ? -1 : indexOf(previous, slotCount, source);
            if (home >= 0 && slots[home] == EMPTY) {
                slots[home] = source;
                changed++;
                continue;
            }
            while (slots[free] != EMPTY) {
                free++;
            }
            slots[free] = source;
            changed++;
        }
        return changed;
    }

    private static int indexOf(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
