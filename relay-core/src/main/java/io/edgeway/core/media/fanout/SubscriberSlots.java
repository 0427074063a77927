package io.edgeway.core.media.fanout;

import io.edgeway.core.media.bwe.BandwidthEstimator;
import io.edgeway.core.media.bwe.EstimatorTrace;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one subscriber receives in a large session: its fixed audio and video {@link Slot}s, what it asked
 * to see ({@link View}), and the estimate of its downlink ({@link BandwidthEstimator}) that bounds the
 * video it is sent. The {@link RoomSelection} fills the slots on every media tick; the forward loop reads
 * them per packet.
 *
 * <p>Confined to the room's event loop but for {@link #view(View)}, which the session layer calls there too.
 */
public final class SubscriberSlots {

    /** The first estimate of a subscriber's downlink before its feedback says more: 1 Mbit/s. */
    public static final long INITIAL_BPS = 1_000_000;
    public static final long MIN_BPS = 50_000;
    public static final long MAX_BPS = 20_000_000;

    /**
     * What a subscriber shows (RealtimeKit's {@code participants.active}, {@code pinned}, view mode and
     * pages, reduced to what the SFU needs): participants it pinned, the tile height in pixels of each it
     * shows (empty: the SFU chooses, a stage and thumbnails), and how many videos it wants at most.
     *
     * @param pinned participant ids, first the most important
     * @param tiles participant id to tile height; a participant missing from a non-empty map is not shown
     * @param lastN at most this many videos; 0 for the session's default
     */
    public record View(List<String> pinned, Map<String, Integer> tiles, int lastN) {
        public View {
            pinned = List.copyOf(pinned);
            tiles = Map.copyOf(tiles);
            if (lastN < 0) {
                throw new IllegalArgumentException("lastN is negative: " + lastN);
            }
        }

        public static final View DEFAULT = new View(List.of(), Map.of(), 0);
    }

    final Slot[] audio;
    final Slot[] video;
    final BandwidthEstimator bandwidth = new BandwidthEstimator(INITIAL_BPS, MIN_BPS, MAX_BPS);
    private View view = View.DEFAULT;
    private int viewVersion;
    /** The estimator's trace when the room traces (diagnostics), else null. */
    EstimatorTrace trace;
    /** Whether a slot's occupant changed since the session layer last read them. */
    boolean changed;

    SubscriberSlots(Slot[] audio, Slot[] video) {
        this.audio = audio;
        this.video = video;
    }

    public View view() {
        return view;
    }

    /** Sets what the subscriber shows; takes effect at the next media tick. */
    public void view(View view) {
        this.view = Objects.requireNonNull(view, "view");
        viewVersion++;
    }

    int viewVersion() {
        return viewVersion;
    }

    public int audioSlots() {
        return audio.length;
    }

    public int videoSlots() {
        return video.length;
    }

    /** The source audio slot {@code i} carries now (what its packets come from), or null. */
    public MediaSource audioSource(int i) {
        return carried(audio[i]);
    }

    /**
     * The source video slot {@code i} carries now (what its packets come from), or null. During a switch it
     * is still the old one: the new one takes over at its key frame.
     */
    public MediaSource videoSource(int i) {
        return carried(video[i]);
    }

    private static MediaSource carried(Slot slot) {
        return slot.current == null ? null : slot.current.source;
    }

    /** The frame height of the layer video slot {@code i} carries now, 0 if unknown or empty. */
    public int videoHeight(int i) {
        PublishedStream current = video[i].current;
        return current == null || current.source == null ? 0 : current.source.heights[current.layer];
    }

    /** The current estimate of the subscriber's downlink. */
    public long estimatedBps() {
        return bandwidth.targetBps();
    }

    /** The slot whose SSRC or RTX SSRC is {@code ssrc}, or null. Not per packet (a few slots). */
    Slot bySsrc(int ssrc) {
        for (Slot slot : audio) {
            if (slot.ssrc() == ssrc) {
                return slot;
            }
        }
        for (Slot slot : video) {
            if (slot.ssrc() == ssrc || slot.rtxSsrc == ssrc && ssrc != 0) {
                return slot;
            }
        }
        return null;
    }
}
