package io.edgeway.core.media.selection;

/**
 * Chooses, for one subscriber, which video sources it receives and at which simulcast layer, within the
 * bandwidth its estimator allows: last-N in priority order, each at the highest layer that fits both the
 * budget and the tile size the subscriber asked for (as Jitsi Videobridge's bitrate controller and
 * LiveKit's stream allocator do).
 *
 * <h2>Rules</h2>
 * <ol>
 *   <li>Sources come in priority order (the caller puts pinned and on-screen ones first, then by speech
 *       activity); only the first {@code lastN} that the subscriber shows at all (tile height above 0)
 *       are candidates. The rest get nothing.</li>
 *   <li>Each candidate's ideal layer is the highest whose height is at most its tile height (the lowest
 *       if every layer is taller). The sum of ideal layers is {@link #wantedBps()}: what the subscriber
 *       would get with unlimited bandwidth, and what the estimator probes toward.</li>
 *   <li>First every candidate in order gets its lowest layer while the budget lasts (a candidate that
 *       does not fit is paused, and cheaper ones after it may still fit), except that the first candidate
 *       always gets its lowest layer: an estimate that dips below one thumbnail (a bursty path read as
 *       congestion for a moment) must not leave the page with no picture at all; then, in order, each is raised
 *       layer by layer toward its ideal, the first one all the way before the next. Raising above the
 *       layer a source is sent at now needs {@link #UPGRADE_HEADROOM} x the extra bitrate, so that a budget
 *       near a layer's cost does not make it flap.</li>
 * </ol>
 *
 * <p>Usage per decision: {@link #begin}, then per source in priority order {@link #addSource} followed by
 * {@link #addLayer} for each layer it receives (lowest first), then {@link #allocate}, then read
 * {@link #chosenLayer} per position. Reusable; confined to the media loop; allocation-free after
 * construction for up to {@code maxSources} sources of up to {@link #MAX_LAYERS} layers.
 */
public final class VideoAllocator {

    public static final int MAX_LAYERS = 3;
    /** {@link #chosenLayer} of a source that gets nothing. */
    public static final int NOT_SENT = -1;
    static final double UPGRADE_HEADROOM = 1.15;

    private final int maxSources;
    private final int[] source;
    private final int[] tileHeight;
    private final int[] currentLayer;
    private final int[] layers;
    private final long[][] layerBps;
    private final int[][] layerHeight;
    private final int[] ideal;
    private final int[] chosen;
    private int count;
    private int lastN;
    private long budgetBps;
    private long wantedBps;
    private long allocatedBps;

    public VideoAllocator(int maxSources) {
        this.maxSources = maxSources;
        this.source = new int[maxSources];
        this.tileHeight = new int[maxSources];
        this.currentLayer = new int[maxSources];
        this.layers = new int[maxSources];
        this.layerBps = new long[maxSources][MAX_LAYERS];
        this.layerHeight = new int[maxSources][MAX_LAYERS];
        this.ideal = new int[maxSources];
        this.chosen = new int[maxSources];
    }

    /** Starts a decision for a subscriber that shows at most {@code lastN} sources within {@code budgetBps}. */
    public VideoAllocator begin(int lastN, long budgetBps) {
        this.count = 0;
        this.lastN = lastN;
        this.budgetBps = Math.max(0, budgetBps);
        return this;
    }

    /**
     * Adds the next source in priority order.
     *
     * @param tileHeight the height in pixels the subscriber shows it at; 0 when it does not show it
     * @param currentLayer the layer it is sent at now, or {@link #NOT_SENT}
     * @return its position, for {@link #chosenLayer}; sources beyond the capacity are ignored (-1)
     */
    public int addSource(int sourceId, int tileHeight, int currentLayer) {
        if (count == maxSources) {
            return -1;
        }
        source[count] = sourceId;
        this.tileHeight[count] = tileHeight;
        this.currentLayer[count] = currentLayer;
        layers[count] = 0;
        chosen[count] = NOT_SENT;
        return count++;
    }

    /** Adds the last added source's next layer (lowest first): its bitrate and frame height. */
    public VideoAllocator addLayer(long bps, int height) {
        int i = count - 1;
        if (i < 0 || layers[i] == MAX_LAYERS) {
            return this;
        }
        layerBps[i][layers[i]] = Math.max(1, bps);
        layerHeight[i][layers[i]] = height;
        layers[i]++;
        return this;
    }

    /** Decides. */
    public void allocate() {
        wantedBps = 0;
        int candidates = 0;
        for (int i = 0; i < count; i++) {
            chosen[i] = NOT_SENT;
            ideal[i] = NOT_SENT;
            if (tileHeight[i] <= 0 || layers[i] == 0 || candidates == lastN) {
                continue;
            }
            candidates++;
            int best = 0;
            for (int l = 1; l < layers[i]; l++) {
                if (layerHeight[i][l] <= tileHeight[i]) {
                    best = l;
                }
            }
            ideal[i] = best;
            wantedBps += layerBps[i][best];
        }
        long remaining = budgetBps;
        // Everyone's lowest layer first, in priority order; the first candidate's always (below).
        boolean first = true;
        for (int i = 0; i < count; i++) {
            if (ideal[i] == NOT_SENT) {
                continue;
            }
            long cost = layerBps[i][0];
            long needed = currentLayer[i] == NOT_SENT ? (long) (cost * UPGRADE_HEADROOM) : cost;
            if (needed <= remaining || first) {
                chosen[i] = 0;
                remaining -= cost;
            }
            first = false;
        }
        remaining = Math.max(0, remaining);
        // Then each, in order, up toward its ideal layer.
        for (int i = 0; i < count; i++) {
            if (chosen[i] == NOT_SENT) {
                continue;
            }
            while (chosen[i] < ideal[i]) {
                int next = chosen[i] + 1;
                long extra = layerBps[i][next] - layerBps[i][chosen[i]];
                long needed = next > currentLayer[i] ? (long) (extra * UPGRADE_HEADROOM) : extra;
                if (needed > remaining) {
                    break;
                }
                remaining -= extra;
                chosen[i] = next;
            }
        }
        allocatedBps = 0;
        for (int i = 0; i < count; i++) {
            if (chosen[i] != NOT_SENT) {
                allocatedBps += layerBps[i][chosen[i]];
            }
        }
    }

    public int count() {
        return count;
    }

    public int sourceAt(int position) {
        return source[position];
    }

    /** The layer position {@code position} is to be sent at, or {@link #NOT_SENT}. */
    public int chosenLayer(int position) {
        return chosen[position];
    }

    /** What the candidates' ideal layers add up to. */
    public long wantedBps() {
        return wantedBps;
    }

    /** What the chosen layers add up to. */
    public long allocatedBps() {
        return allocatedBps;
    }

}
