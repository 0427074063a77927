package io.edgeway.core.media.selection;

import java.util.Arrays;

/**
 * Which audio sources of a session are heard: the {@code capacity} most recently and loudly active ones,
 * in order, with the dominant speaker first. Sources are small integers the caller assigns (a source's
 * index in its room); loudness is what {@code SpeechLevel.loudness} gives, 0 (silence) to 127 (0 dBov).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A source <em>speaks</em> at loudness {@link #SPEAKING} or more (-50 dBov).</li>
 *   <li>A speaking source not yet ranked enters when there is room, or replaces the lowest-ranked source
 *       that has stopped speaking, or one that speaks at least {@link #MARGIN} dB more quietly. So the set
 *       changes only for a real newcomer, and two people at about the same level do not flap.</li>
 *   <li>Ranked sources are ordered by when they last spoke, the dominant speaker first: the loudest
 *       speaking source, which takes over from the current dominant speaker only when that one has been
 *       silent for {@link #DOMINANT_HOLD_NANOS} or is {@link #MARGIN} dB quieter.</li>
 *   <li>A source that has not spoken for {@link #FORGET_NANOS} leaves the ranking.</li>
 * </ul>
 *
 * <p>{@link #update} runs on every media tick; a new speaker is ranked at the next tick. Whether a ranked
 * source's packets are forwarded at a given moment is the caller's to decide (silence is not forwarded).
 * Confined to the room's media loop; allocation-free after construction.
 */
public final class SpeakerRanking {

    /** Loudness from which a source speaks: 127 - 50, a level of -50 dBov. */
    public static final int SPEAKING = 127 - 50;
    /** How much louder (dB) a newcomer must be to push out a ranked source that still speaks. */
    public static final int MARGIN = 6;
    /**
     * How long the dominant speaker must have been silent before someone no louder takes over: a pause
     * between words (or a beep's gap) keeps the stage where it is, while a real turn change takes about this
     * plus the level's decay (some 300 ms) to show.
     */
    public static final long DOMINANT_HOLD_NANOS = 400_000_000L;
    /** Silence after which a source leaves the ranking. */
    public static final long FORGET_NANOS = 10_000_000_000L;
    /** {@link #dominant()} when nobody has spoken. */
    public static final int NONE = -1;

    private final int capacity;
    private final int[] ranked;
    private final long[] lastSpokeNanos;
    private int count;
    private int dominant = NONE;
    private long dominantSpokeNanos;

    /** @param capacity sources ranked at most: the loudest K plus one, so each listener hears K others */
    public SpeakerRanking(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.ranked = new int[capacity];
        this.lastSpokeNanos = new long[capacity];
    }

    /**
     * One tick: {@code loudness[source]} for every source index the session has (0 for a source that has
     * gone or has no audio). Returns true when the ranking or the dominant speaker changed.
     */
    public boolean update(long nowNanos, int[] loudness, int sources) {
        boolean changed = false;
        // Forget the departed and the long silent; note who speaks now.
        for (int i = 0; i < count; ) {
            int source = ranked[i];
            int level = source < sources ? loudness[source] : 0;
            if (level >= SPEAKING) {
                lastSpokeNanos[i] = nowNanos;
            }
            if (source >= sources || nowNanos - lastSpokeNanos[i] > FORGET_NANOS) {
                removeAt(i);
                changed = true;
            } else {
                i++;
            }
        }
        // Newcomers, loudest first.
        while (true) {
            int candidate = loudestUnranked(loudness, sources);
            if (candidate < 0) {
                break;
            }
            int level = loudness[candidate];
            if (count < capacity) {
                append(candidate, nowNanos);
                changed = true;
                continue;
            }
            int victim = replaceable(loudness, sources, level, nowNanos);
            if (victim < 0) {
                break;
            }
            removeAt(victim);
            append(candidate, nowNanos);
            changed = true;
        }
        changed |= chooseDominant(nowNanos, loudness, sources);
        changed |= sortByLastSpoke();
        return changed;
    }

    /** {@code source} has gone: forget it now, before its index is given to another source. */
    public void remove(int source) {
        int i = indexOf(source);
        if (i >= 0) {
            removeAt(i);
        }
        if (dominant == source) {
            dominant = NONE;
        }
    }

    /** Sources ranked now. */
    public int count() {
        return count;
    }

    /** The {@code i}-th ranked source: 0 is the dominant speaker (when there is one), then by recency. */
    public int source(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return ranked[i];
    }

    /** Whether {@code source} is ranked. */
    public boolean contains(int source) {
        return indexOf(source) >= 0;
    }

    /** The dominant speaker, or {@link #NONE}. */
    public int dominant() {
        return dominant;
    }

    private int loudestUnranked(int[] loudness, int sources) {
        int best = -1;
        for (int s = 0; s < sources; s++) {
            if (loudness[s] >= SPEAKING && indexOf(s) < 0 && (best < 0 || loudness[s] > loudness[best])) {
                best = s;
            }
        }
        return best;
    }

    /** The ranked position a newcomer at {@code level} may take: the least recent silent one, else a quiet one. */
    private int replaceable(int[] loudness, int sources, int level, long nowNanos) {
        int victim = -1;
        for (int i = count - 1; i >= 0; i--) {
            int source = ranked[i];
            if (source == dominant) {
                continue;
            }
            int current = source < sources ? loudness[source] : 0;
            if (current < SPEAKING) {
                if (victim < 0 || lastSpokeNanos[i] < lastSpokeNanos[victim]) {
                    victim = i;
                }
            }
        }
        if (victim >= 0) {
            return victim;
        }
        for (int i = count - 1; i >= 0; i--) {
            int source = ranked[i];
            if (source != dominant && level >= loudness[source] + MARGIN) {
                if (victim < 0 || loudness[source] < loudness[ranked[victim]]) {
                    victim = i;
                }
            }
        }
        return victim;
    }

    private boolean chooseDominant(long nowNanos, int[] loudness, int sources) {
        int loudest = -1;
        for (int i = 0; i < count; i++) {
            int source = ranked[i];
            if (loudness[source] >= SPEAKING && (loudest < 0 || loudness[source] > loudness[loudest])) {
                loudest = source;
            }
        }
        int before = dominant;
        if (dominant != NONE && indexOf(dominant) < 0) {
            dominant = NONE;
        }
        int current = dominant == NONE ? 0 : loudness[dominant];
        if (current >= SPEAKING) {
            dominantSpokeNanos = nowNanos;
        }
        if (loudest >= 0 && loudest != dominant) {
            boolean quietLongEnough = current < SPEAKING && nowNanos - dominantSpokeNanos >= DOMINANT_HOLD_NANOS;
            boolean clearlyLouder = current >= SPEAKING && loudness[loudest] >= current + MARGIN;
            if (dominant == NONE || quietLongEnough || clearlyLouder) {
                dominant = loudest;
                dominantSpokeNanos = nowNanos;
            }
        }
        return dominant != before;
    }

    /** Dominant first, then most recent speech first (stable insertion sort: few sources, no allocation). */
    private boolean sortByLastSpoke() {
        boolean moved = false;
        for (int i = 1; i < count; i++) {
            int source = ranked[i];
            long spoke = lastSpokeNanos[i];
            int j = i - 1;
            while (j >= 0 && before(source, spoke, ranked[j], lastSpokeNanos[j])) {
                ranked[j + 1] = ranked[j];
                lastSpokeNanos[j + 1] = lastSpokeNanos[j];
                j--;
                moved = true;
            }
            ranked[j + 1] = source;
            lastSpokeNanos[j + 1] = spoke;
        }
        return moved;
    }

    private boolean before(int a, long aSpoke, int b, long bSpoke) {
        if (a == dominant) {
            return b != dominant;
        }
        return b != dominant && aSpoke > bSpoke;
    }

    private void append(int source, long nowNanos) {
        ranked[count] = source;
        lastSpokeNanos[count] = nowNanos;
        count++;
    }

    private void removeAt(int i) {
        System.arraycopy(ranked, i + 1, ranked, i, count - i - 1);
        System.arraycopy(lastSpokeNanos, i + 1, lastSpokeNanos, i, count - i - 1);
        count--;
    }

    private int indexOf(int source) {
        for (int i = 0; i < count; i++) {
            if (ranked[i] == source) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SpeakerRanking" + Arrays.toString(Arrays.copyOf(ranked, count)) + " dominant=" + dominant;
    }
}
