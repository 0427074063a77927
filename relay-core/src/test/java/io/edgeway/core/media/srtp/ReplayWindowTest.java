package io.edgeway.core.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void firstIndexIsNewAndThenADuplicate() {
        ReplayWindow window = new ReplayWindow(64);
        assertThat(window.check(5000)).isEqualTo(ReplayWindow.CHECK_NEW);
        window.accept(5000);

        assertThat(window.check(5000)).isEqualTo(ReplayWindow.CHECK_DUPLICATE);
        assertThat(window.highest()).isEqualTo(5000);
    }

    @Test
    void edgesOfBothSizes() {
        for (int size : new int[] {64, 128}) {
            ReplayWindow window = new ReplayWindow(size);
            window.accept(1000);
            assertThat(window.check(1000 - size + 1)).as("size %d", size).isEqualTo(ReplayWindow.CHECK_NEW);
            assertThat(window.check(1000 - size)).as("size %d", size).isEqualTo(ReplayWindow.CHECK_TOO_OLD);
            window.accept(1000 - size + 1);
            assertThat(window.check(1000 - size + 1)).isEqualTo(ReplayWindow.CHECK_DUPLICATE);
        }
    }

    @Test
    void jumpsOfExactly64And127And128KeepTheRightBits() {
        for (int jump : new int[] {1, 63, 64, 65, 127, 128, 1000}) {
            ReplayWindow window = new ReplayWindow(128);
            window.accept(10_000);
            window.accept(9_999);
            window.accept(10_000 + jump);

            assertThat(window.check(10_000 + jump)).isEqualTo(ReplayWindow.CHECK_DUPLICATE);
            int expectedOld = jump + 1 < 128 ? ReplayWindow.CHECK_DUPLICATE : ReplayWindow.CHECK_TOO_OLD;
            assertThat(window.check(9_999)).as("jump %d", jump).isEqualTo(expectedOld);
            int expectedPrevious = jump < 128 ? ReplayWindow.CHECK_DUPLICATE : ReplayWindow.CHECK_TOO_OLD;
            assertThat(window.check(10_000)).as("jump %d", jump).isEqualTo(expectedPrevious);
            if (jump > 1 && jump < 128) {
                assertThat(window.check(10_001)).as("jump %d", jump).isEqualTo(ReplayWindow.CHECK_NEW);
            }
        }
    }

    @Test
    void agreesWithASetOfEverythingSeenOverARandomWalk() {
        Random random = new Random(20240611);
        for (int size : new int[] {64, 128}) {
            ReplayWindow window = new ReplayWindow(size);
            BitSet seen = new BitSet();
            long highest = -1;
            long index = 100_000;
            for (int step = 0; step < 20_000; step++) {
                index = Math.max(0, index + random.nextInt(200) - 90);
                int expected;
                if (highest < 0 || index > highest) {
                    expected = ReplayWindow.CHECK_NEW;
                } else if (highest - index >= size) {
                    expected = ReplayWindow.CHECK_TOO_OLD;
                } else {
                    expected = seen.get((int) index) ? ReplayWindow.CHECK_DUPLICATE : ReplayWindow.CHECK_NEW;
                }
                assertThat(window.check(index)).as("size %d step %d index %d", size, step, index).isEqualTo(expected);
                if (expected == ReplayWindow.CHECK_NEW && random.nextInt(4) != 0) { // some packets fail authentication
                    window.accept(index);
                    seen.set((int) index);
                    highest = Math.max(highest, index);
                }
            }
        }
    }

    @Test
    void onlySizes64And128() {
        assertThatThrownBy(() -> new ReplayWindow(32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(256)).isInstanceOf(IllegalArgumentException.class);
    }
}
