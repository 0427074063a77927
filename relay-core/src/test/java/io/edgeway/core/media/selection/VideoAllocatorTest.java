package io.edgeway.core.media.selection;

import static io.edgeway.core.media.selection.VideoAllocator.NOT_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Last-N within a budget: lowest layers for everyone first, then the first sources up to their tiles. */
class VideoAllocatorTest {

    private final VideoAllocator allocator = new VideoAllocator(16);

    @Test
    void plentyOfBandwidthGivesEachSourceTheLayerItsTileWants() {
        allocator.begin(6, 10_000_000);
        simulcast(1, 720, NOT_SENT);
        simulcast(2, 180, NOT_SENT);
        simulcast(3, 360, NOT_SENT);
        allocator.allocate();
        assertThat(chosen()).containsExactly(2, 0, 1);
        assertThat(allocator.wantedBps()).isEqualTo(1_500_000 + 150_000 + 500_000);
        assertThat(allocator.allocatedBps()).isEqualTo(allocator.wantedBps());
    }

    @Test
    void aTightBudgetGivesLowLayersToAllBeforeRaisingTheFirst() {
        // 150k x 3 = 450k for the low layers; 450k left raises the first to 360p (350k more, with headroom 402.5k),
        // not to 720p (1M more).
        allocator.begin(6, 900_000);
        simulcast(1, 720, NOT_SENT);
        simulcast(2, 180, NOT_SENT);
        simulcast(3, 180, NOT_SENT);
        allocator.allocate();
        assertThat(chosen()).containsExactly(1, 0, 0);
        assertThat(allocator.allocatedBps()).isEqualTo(800_000);
    }

    @Test
    void whatDoesNotFitIsPausedAndCheaperSourcesAfterItMayStillFit() {
        allocator.begin(6, 400_000);
        simulcast(1, 180, NOT_SENT);
        allocator.addSource(2, 720, NOT_SENT);
        allocator.addLayer(300_000, 360);
        simulcast(3, 180, NOT_SENT);
        allocator.allocate();
        assertThat(chosen()).containsExactly(0, NOT_SENT, 0);
    }

    @Test
    void theFirstCandidateKeepsItsLowestLayerWhateverTheBudget() {
        allocator.begin(6, 50_000);
        simulcast(1, 720, 0);
        simulcast(2, 180, 0);
        allocator.allocate();
        assertThat(chosen()).containsExactly(0, NOT_SENT);
        assertThat(allocator.allocatedBps()).isEqualTo(150_000);
    }

    @Test
    void onlyTheFirstLastNShownSourcesAreCandidates() {
        allocator.begin(2, 10_000_000);
        simulcast(1, 180, NOT_SENT);
        simulcast(2, 0, NOT_SENT);
        simulcast(3, 180, NOT_SENT);
        simulcast(4, 180, NOT_SENT);
        allocator.allocate();
        assertThat(chosen()).containsExactly(0, NOT_SENT, 0, NOT_SENT);
        assertThat(allocator.sourceAt(2)).isEqualTo(3);
    }

    @Test
    void raisingAboveTheCurrentLayerNeedsHeadroomButKeepingItDoesNot() {
        // 150k + 350k = 500k: exactly the 360p layer. Already at 360p it stays; from 180p it does not rise.
        allocator.begin(1, 500_000);
        simulcast(1, 720, 1);
        allocator.allocate();
        assertThat(allocator.chosenLayer(0)).isEqualTo(1);

        allocator.begin(1, 500_000);
        simulcast(1, 720, 0);
        allocator.allocate();
        assertThat(allocator.chosenLayer(0)).isEqualTo(0);
    }

    /** Three layers as Chromium sends a 1280x720 camera: 180p 150k, 360p 500k, 720p 1.5M. */
    private void simulcast(int source, int tile, int current) {
        allocator.addSource(source, tile, current);
        allocator.addLayer(150_000, 180).addLayer(500_000, 360).addLayer(1_500_000, 720);
    }

    private int[] chosen() {
        int[] layers = new int[allocator.count()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = allocator.chosenLayer(i);
        }
        return layers;
    }
}
