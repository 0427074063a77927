package io.edgeway.core.media.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The K + 1 heard sources of a session: who enters, who is pushed out, who dominates, who is forgotten. */
class SpeakerRankingTest {

    private static final long MS = 1_000_000L;
    /** -30 dBov, -35 dBov, -45 dBov, silence. */
    private static final int LOUD = 97;
    private static final int MEDIUM = 92;
    private static final int QUIET = 82;
    private static final int SILENT = 0;

    private final int[] loudness = new int[8];
    private final SpeakerRanking ranking = new SpeakerRanking(3);

    @Test
    void speakersEnterLoudestFirstAndTheLoudestDominates() {
        set(0, QUIET);
        set(1, LOUD);
        set(2, SILENT);
        set(3, MEDIUM);
        assertThat(ranking.update(0, loudness, 4)).isTrue();
        assertThat(ranked()).containsExactly(1, 3, 0);
        assertThat(ranking.dominant()).isEqualTo(1);
        assertThat(ranking.contains(2)).isFalse();
        assertThat(ranking.update(100 * MS, loudness, 4)).isFalse();
    }

    @Test
    void aNewSpeakerPushesOutTheLongestSilentOne() {
        set(0, LOUD);
        set(1, MEDIUM);
        set(2, QUIET);
        ranking.update(0, loudness, 5);
        set(1, SILENT);
        set(2, SILENT);
        ranking.update(1_000 * MS, loudness, 5);
        set(2, QUIET);
        ranking.update(2_000 * MS, loudness, 5);
        set(2, SILENT);
        // Sources 1 and 2 are silent now; 1 was silent longer. A newcomer at any speaking level takes its place.
        set(4, QUIET);
        ranking.update(3_000 * MS, loudness, 5);
        assertThat(ranked()).containsExactlyInAnyOrder(0, 2, 4);
        assertThat(ranking.source(0)).isEqualTo(0);
    }

    @Test
    void aNewcomerMustBeClearlyLouderToPushOutSomeoneStillSpeaking() {
        set(0, LOUD);
        set(1, MEDIUM);
        set(2, QUIET);
        ranking.update(0, loudness, 4);
        set(3, QUIET + 5);
        ranking.update(100 * MS, loudness, 4);
        assertThat(ranking.contains(3)).isFalse();
        set(3, QUIET + MARGIN());
        ranking.update(200 * MS, loudness, 4);
        assertThat(ranked()).containsExactlyInAnyOrder(0, 1, 3);
    }

    @Test
    void theDominantSpeakerChangesOnlyWithAClearMargin() {
        set(0, MEDIUM);
        set(1, MEDIUM - 2);
        ranking.update(0, loudness, 2);
        assertThat(ranking.dominant()).isEqualTo(0);
        set(1, MEDIUM + 3);
        ranking.update(100 * MS, loudness, 2);
        assertThat(ranking.dominant()).isEqualTo(0);
        set(1, MEDIUM + MARGIN());
        ranking.update(200 * MS, loudness, 2);
        assertThat(ranking.dominant()).isEqualTo(1);
        assertThat(ranking.source(0)).isEqualTo(1);
        // The dominant speaker pauses: a pause shorter than the hold keeps the stage where it is ...
        set(1, SILENT);
        ranking.update(300 * MS, loudness, 2);
        assertThat(ranking.dominant()).isEqualTo(1);
        // ... a longer silence hands it to whoever still speaks.
        ranking.update(200 * MS + SpeakerRanking.DOMINANT_HOLD_NANOS, loudness, 2);
        assertThat(ranking.dominant()).isEqualTo(0);
        // Nobody speaks: the last dominant speaker stays.
        set(0, SILENT);
        assertThat(ranking.update(1_000 * MS, loudness, 2)).isFalse();
        assertThat(ranking.dominant()).isEqualTo(0);
    }

    @Test
    void longSilenceAndDepartureForgetASource() {
        set(0, LOUD);
        set(1, MEDIUM);
        ranking.update(0, loudness, 2);
        set(1, SILENT);
        ranking.update(SpeakerRanking.FORGET_NANOS + MS, loudness, 2);
        assertThat(ranked()).containsExactly(0);
        ranking.remove(0);
        assertThat(ranking.count()).isZero();
        assertThat(ranking.dominant()).isEqualTo(SpeakerRanking.NONE);
    }

    private static int MARGIN() {
        return SpeakerRanking.MARGIN;
    }

    private void set(int source, int level) {
        loudness[source] = level;
    }

    private int[] ranked() {
        int[] sources = new int[ranking.count()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = ranking.source(i);
        }
        return sources;
    }
}
