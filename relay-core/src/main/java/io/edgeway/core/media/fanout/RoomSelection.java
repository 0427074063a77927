package io.edgeway.core.media.fanout;

import io.edgeway.core.media.selection.SlotAssignment;
import io.edgeway.core.media.selection.SpeakerRanking;
import io.edgeway.core.media.selection.VideoAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, on every media tick, what each subscriber's slots carry in a session with slots: the unit that
 * makes a session of 100 possible, by bounding what each subscriber receives the four ways every large
 * SFU does.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li><b>Audio: the loudest speakers.</b> A {@link SpeakerRanking} of the session's audio sources keeps
 *       the {@code K + 1} most recently and loudly active (the dominant speaker first, with hysteresis);
 *       each subscriber's K audio slots take the first K of them that are not its own. Silence is not
 *       forwarded at all (the forward loop skips it without leaving a gap).</li>
 *   <li><b>Video: last-N by priority.</b> Each subscriber's candidate video sources are ordered: pinned
 *       ones, then screens, then the others by speech activity (ranked speakers in rank order, then the
 *       rest in the order they joined). The first {@code lastN} the subscriber shows are candidates.</li>
 *   <li><b>Layers within the subscriber's bandwidth.</b> A {@link VideoAllocator} gives each candidate the
 *       highest simulcast layer that fits the tile size the subscriber asked for (the first, the "stage",
 *       720p by default, the others 180p) and its {@link io.edgeway.core.media.bwe.BandwidthEstimator}'s
 *       target (less the audio slots' share); what does not fit is paused. A layer costs what it was
 *       measured sending over the last second, but its nominal rate until a whole second of it has been
 *       seen (a layer's first second measures low, and an encoder starts a layer below the rate it settles
 *       at: the nominal rate of its frame height, or of its rank while that is unknown), and never less than
 *       the layer below it. What the candidates would take unconstrained is what
 *       a probe climbs toward.</li>
 *   <li><b>Stable slots.</b> {@link SlotAssignment} keeps every source that stays in the slot it holds;
 *       a slot's new source or layer is its rewriter's target, reached at the target's next key frame (the
 *       SFU asks the publisher for one, at most once per {@link #SWITCH_KEYFRAME_INTERVAL_NANOS} per
 *       stream). Only the subscriber whose slots changed hears of it ({@link SlotListener#onSlotsChanged}).</li>
 *   <li><b>Layers nobody uses</b> are suspended at the publisher ({@link SlotListener#onLayersChanged}):
 *       a layer stays asked for while any slot targets it, and is dropped after
 *       {@link #SUSPEND_AFTER_NANOS} unused, counted from its first packet (a layer that has not started is
 *       never dropped); a suspended layer stays a candidate for the allocator (at its nominal rate), so
 *       choosing it asks for it again at once, and a layer asked for again stays a candidate for
 *       {@link MediaSource#RESUME_GRACE_NANOS} before its first packet arrives.</li>
 * </ol>
 *
 * <p>Confined to the room's event loop. A tick allocates nothing per packet; it runs ten times a second and
 * may allocate small lists when the view of a subscriber changes.
 */
final class RoomSelection {

    /**
     * At DEBUG: every change of a subscriber's video slots with the decision behind it (candidates, offered
     * layers, budget), every change of a publisher's asked-for layers, and each subscriber's estimate once a
     * second. Never per packet.
     */
    private static final Logger LOG = LoggerFactory.getLogger(RoomSelection.class);

    /** A publisher is asked for a key frame for slot switches to one stream at most this often. */
    static final long SWITCH_KEYFRAME_INTERVAL_NANOS = 1_000_000_000L;
    /** A layer no slot uses is suspended after this long. */
    static final long SUSPEND_AFTER_NANOS = 5_000_000_000L;
    /** What one audio slot is budgeted at (Opus at speech rates plus headers and SRTP). */
    static final long AUDIO_SLOT_BPS = 40_000;
    /** The default tile heights: the first video (the stage) and the others (thumbnails). */
    static final int STAGE_HEIGHT = 720;
    static final int THUMBNAIL_HEIGHT = 180;
    /**
     * Nominal layer bitrates by rank (180p, 360p, 720p simulcast: the SDK's encodings' maxima), what a layer
     * counts as before a whole second of it has been measured.
     */
    private static final long[] NOMINAL_BPS = {150_000, 500_000, 1_500_000};
    private static final int[] NOMINAL_HEIGHT = {180, 360, 720};
    private static final int MAX_SOURCES = 256;
    /** Audio packets without a level for this long: the source is taken as sending no levels at all. */
    static final long LEVEL_MISSING_NANOS = 2_000_000_000L;

    private final MediaRoom room;
    private final int defaultLastN;
    private final SpeakerRanking ranking;
    private final VideoAllocator allocator = new VideoAllocator(MAX_SOURCES);
    private final int[] loudness = new int[MAX_SOURCES];
    private final int[] wanted = new int[MAX_SOURCES];
    private final int[] assigned = new int[MAX_SOURCES];
    private final int[] order = new int[MAX_SOURCES];
    private final int[] previous = new int[MAX_SOURCES];
    /** Per candidate position: its offerable layers in rank order, their ranks, and how many. */
    private final int[][] offered = new int[MAX_SOURCES][MediaSource.MAX_LAYERS];
    private final int[][] offeredRanks = new int[MAX_SOURCES][MediaSource.MAX_LAYERS];
    private final int[] offeredCounts = new int[MAX_SOURCES];
    /** Per source index: the layer the allocator chose in the current decision. */
    private final int[] chosenLayers = new int[MAX_SOURCES];
    private final int[] layerUse = new int[MAX_SOURCES];
    private final long[] layerLastUsed = new long[MAX_SOURCES * MediaSource.MAX_LAYERS];
    private SlotListener listener;

    /**
     * @param audioSlots K, the audio slots each subscriber has
     * @param defaultLastN videos per subscriber unless its view says fewer
     */
    RoomSelection(MediaRoom room, int audioSlots, int defaultLastN) {
        this.room = room;
        this.defaultLastN = defaultLastN;
        this.ranking = new SpeakerRanking(audioSlots + 1);
    }

    void listener(SlotListener listener) {
        this.listener = listener;
    }

    SpeakerRanking ranking() {
        return ranking;
    }

    /** A source left: it is no longer ranked, and its layer history is forgotten. */
    void forget(MediaSource source) {
        ranking.remove(source.index);
        for (int l = 0; l < MediaSource.MAX_LAYERS; l++) {
            layerLastUsed[source.index * MediaSource.MAX_LAYERS + l] = 0;
        }
    }

    /** One media tick. */
    void onTick(long nowNanos) {
        List<MediaSource> sources = room.sources();
        int capacity = room.sourceCapacity();
        for (int i = 0; i < capacity; i++) {
            loudness[i] = 0;
        }
        for (int i = 0, n = sources.size(); i < n; i++) {
            MediaSource source = sources.get(i);
            if (source.kind == MediaSource.Kind.AUDIO) {
                loudness[source.index] = loudness(source, nowNanos);
            }
        }
        ranking.update(nowNanos, loudness, capacity);
        List<RoomMember> members = room.members();
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember member = members.get(i);
            SubscriberSlots slots = member.slots();
            if (slots == null) {
                continue;
            }
            boolean changed = assignAudio(member, slots, nowNanos);
            changed |= assignVideo(member, slots, sources, nowNanos);
            if (changed || slots.changed) {
                slots.changed = false;
                if (listener != null) {
                    listener.onSlotsChanged(member);
                }
            }
            requestSwitchKeyframes(slots, nowNanos);
        }
        updateLayers(sources, nowNanos);
    }

    /**
     * How loud an audio source is: its RFC 6464 levels' decaying peak; a source sending audio without any
     * level counts as speaking at the threshold (it is heard when there is room, after every real speaker).
     */
    static int loudness(MediaSource source, long nowNanos) {
        SpeechLevel speech = source.publisher.speech();
        if (!speech.levelSeenWithin(nowNanos, LEVEL_MISSING_NANOS)
                && source.meters[0].activeWithin(nowNanos, LEVEL_MISSING_NANOS)) {
            return SpeakerRanking.SPEAKING;
        }
        return speech.loudness(nowNanos);
    }

    private boolean assignAudio(RoomMember member, SubscriberSlots slots, long nowNanos) {
        int count = 0;
        for (int r = 0, n = ranking.count(); r < n && count < slots.audio.length; r++) {
            MediaSource source = room.source(ranking.source(r));
            if (source != null && source.publisher != member && source.layer(0) != null) {
                wanted[count++] = source.index;
            }
        }
        return apply(slots.audio, count, nowNanos, false);
    }

    private boolean assignVideo(RoomMember member, SubscriberSlots slots, List<MediaSource> sources, long nowNanos) {
        if (slots.video.length == 0) {
            return false;
        }
        SubscriberSlots.View view = slots.view();
        int candidates = orderVideo(member, view, sources);
        int lastN = Math.min(slots.video.length, view.lastN() > 0 ? view.lastN() : defaultLastN);
        long budget = slots.bandwidth.targetBps() - AUDIO_SLOT_BPS * slots.audio.length;
        allocator.begin(lastN, budget);
        for (int c = 0; c < candidates; c++) {
            MediaSource source = room.source(order[c]);
            int offeredCount = 0;
            int current = VideoAllocator.NOT_SENT;
            int currentLayer = currentLayer(slots, source);
            for (int rank = 0; rank < source.layerCount; rank++) {
                int layer = source.layerByRank(rank);
                if (offerable(source, layer, nowNanos)) {
                    if (layer == currentLayer) {
                        current = offeredCount;
                    }
                    offeredRanks[c][offeredCount] = rank;
                    offered[c][offeredCount++] = layer;
                }
            }
            offeredCounts[c] = offeredCount;
            allocator.addSource(source.index, tileHeight(view, source, c), current);
            long smaller = 0;
            for (int k = 0; k < offeredCount; k++) {
                int layer = offered[c][k];
                int nominal = nominalIndex(source.heights[layer], offeredRanks[c][k]);
                // A layer is counted at its nominal rate until a whole second of it has been measured, and
                // never below the smaller layer under it (a larger picture does not cost less).
                long bps = Math.max(smaller + 1, source.meters[layer].settledBitsPerSecond(nowNanos, NOMINAL_BPS[nominal]));
                int height = source.heights[layer];
                allocator.addLayer(bps, height > 0 ? height : NOMINAL_HEIGHT[nominal]);
                smaller = bps;
            }
        }
        allocator.allocate();
        String before = LOG.isDebugEnabled() ? describeSlots(slots.video) : null;
        int count = 0;
        for (int p = 0; p < allocator.count(); p++) {
            int chosen = allocator.chosenLayer(p);
            if (chosen != VideoAllocator.NOT_SENT) {
                chosenLayers[allocator.sourceAt(p)] = offered[p][chosen];
                wanted[count++] = allocator.sourceAt(p);
            }
        }
        boolean changed = apply(slots.video, count, nowNanos, true);
        if (before != null) {
            String after = describeSlots(slots.video);
            if (!after.equals(before)) {
                LOG.debug("video slots of {}: {} -> {}; budget={} target={} lastN={} candidates: {}", member, before,
                        after, budget, slots.bandwidth.targetBps(), lastN, describeCandidates(view, candidates, nowNanos));
            } else if ((nowNanos / 100_000_000L) % 10 == 0) {
                LOG.debug("estimate of {}: target={} budget={} wanted={} allocated={} usage={} loss={} probes ok={}"
                        + " failed={} slots {}", member, slots.bandwidth.targetBps(), budget, allocator.wantedBps(),
                        allocator.allocatedBps(), slots.bandwidth.usage(), slots.bandwidth.lossRatio(),
                        slots.bandwidth.probesSucceeded(), slots.bandwidth.probesFailed(), after);
            }
        }
        slots.bandwidth.requestProbe(nowNanos, allocator.wantedBps() + AUDIO_SLOT_BPS * slots.audio.length);
        return changed;
    }

    /**
     * Puts the first {@code count} of {@link #wanted} into {@code slots} stably, and sets each slot's target:
     * the source's only layer (audio) or the layer the allocator chose.
     */
    private boolean apply(Slot[] slots, int count, long nowNanos, boolean video) {
        for (int s = 0; s < slots.length; s++) {
            assigned[s] = slots[s].source == null ? SlotAssignment.EMPTY : slots[s].source.index;
            previous[s] = slots[s].lastSourceIndex;
        }
        SlotAssignment.assign(assigned, slots.length, wanted, count, previous);
        boolean changed = false;
        for (int s = 0; s < slots.length; s++) {
            Slot slot = slots[s];
            MediaSource source = assigned[s] == SlotAssignment.EMPTY ? null : room.source(assigned[s]);
            int layer = source == null ? -1 : video ? chosenLayers[source.index] : 0;
            changed |= retarget(slot, source, layer, nowNanos);
        }
        return changed;
    }

    /**
     * Points {@code slot} at {@code layer} of {@code source} (or empties it). True only when that empties a
     * slot that carried something: a new source is reported when its first packet goes
     * ({@link SlotWriter}), not when it is chosen.
     */
    private boolean retarget(Slot slot, MediaSource source, int layer, long nowNanos) {
        PublishedStream stream = source == null ? null : source.layer(layer);
        if (stream == slot.target && slot.source == source) {
            return false;
        }
        if (slot.target != null && slot.target != slot.current) {
            // A switch that never completed is abandoned.
            slot.target.unsubscribe(slot);
        }
        slot.source = source;
        slot.layer = source == null ? -1 : layer;
        if (source != null) {
            slot.lastSourceIndex = source.index;
        }
        slot.target = stream;
        if (stream == null) {
            boolean carried = slot.current != null;
            if (carried) {
                slot.current.unsubscribe(slot);
                slot.current = null;
            }
            slot.rewriter.pause();
            return carried;
        }
        stream.subscribe(slot);
        slot.rewriter.target(stream.ssrc);
        return false;
    }

    /**
     * Orders the video sources {@code member} may receive into {@link #order}: pinned ones in the view's
     * order, then screens, then ranked speakers in rank order, then the rest in join order. Returns how many.
     */
    private int orderVideo(RoomMember member, SubscriberSlots.View view, List<MediaSource> sources) {
        int count = 0;
        for (String pinned : view.pinned()) {
            for (int i = 0, n = sources.size(); i < n; i++) {
                MediaSource source = sources.get(i);
                if (isVideoOf(source, member) && source.publisher.transport().id().equals(pinned)
                        && !contains(order, count, source.index)) {
                    order[count++] = source.index;
                }
            }
        }
        for (int i = 0, n = sources.size(); i < n; i++) {
            MediaSource source = sources.get(i);
            if (isVideoOf(source, member) && source.screenShare && !contains(order, count, source.index)) {
                order[count++] = source.index;
            }
        }
        for (int r = 0, n = ranking.count(); r < n; r++) {
            MediaSource audio = room.source(ranking.source(r));
            if (audio == null) {
                continue;
            }
            for (int i = 0, m = sources.size(); i < m; i++) {
                MediaSource source = sources.get(i);
                if (isVideoOf(source, member) && source.publisher == audio.publisher
                        && !contains(order, count, source.index)) {
                    order[count++] = source.index;
                }
            }
        }
        for (int i = 0, n = sources.size(); i < n && count < order.length; i++) {
            MediaSource source = sources.get(i);
            if (isVideoOf(source, member) && !contains(order, count, source.index)) {
                order[count++] = source.index;
            }
        }
        return count;
    }

    private static boolean isVideoOf(MediaSource source, RoomMember notFrom) {
        return source.kind == MediaSource.Kind.VIDEO && source.publisher != notFrom;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which nominal rate a layer counts at before it is measured: the one of its frame height once a key
     * frame told it (an encoder short of CPU or bandwidth sends its top layer at 180p, and counted at 720p's
     * rate it would push the next tile out of the budget), else the one of its rank.
     */
    static int nominalIndex(int height, int rank) {
        if (height <= 0) {
            return Math.min(rank, NOMINAL_BPS.length - 1);
        }
        int index = 0;
        for (int i = 1; i < NOMINAL_HEIGHT.length; i++) {
            if (NOMINAL_HEIGHT[i] <= height) {
                index = i;
            }
        }
        return index;
    }

    /** The height the subscriber shows {@code source} at: its view's tile, else stage or thumbnail by position. */
    private static int tileHeight(SubscriberSlots.View view, MediaSource source, int position) {
        String participant = source.publisher.transport().id();
        Map<String, Integer> tiles = view.tiles();
        if (!tiles.isEmpty()) {
            Integer height = tiles.get(participant);
            int tile = height == null ? 0 : height;
            return view.pinned().contains(participant) ? Math.max(tile, STAGE_HEIGHT) : tile;
        }
        if (view.pinned().contains(participant) || source.screenShare) {
            return STAGE_HEIGHT;
        }
        return position == 0 && view.pinned().isEmpty() ? STAGE_HEIGHT : THUMBNAIL_HEIGHT;
    }

    /** The layer a video slot of {@code slots} targets for {@code source} now, or -1. */
    private static int currentLayer(SubscriberSlots slots, MediaSource source) {
        for (Slot slot : slots.video) {
            if (slot.source == source) {
                return slot.layer;
            }
        }
        return -1;
    }

    /**
     * A layer the allocator may choose: one sending now, one the SFU itself suspended (choosing it asks for
     * it again), or one it asked for again so recently that its first packet may still be on its way. Without
     * the last, a choice would undo itself on the next tick: the resumed layer, not sending yet, would not be
     * offered, the slot would switch to another layer (resuming that one in turn, or taking a larger one that
     * leaves no room for the next tile), with a key frame asked for at each switch.
     */
    private static boolean offerable(MediaSource source, int layer, long nowNanos) {
        if (source.layer(layer) == null) {
            return false;
        }
        boolean suspendedByUs = (source.activeLayerMask() & (1 << layer)) == 0;
        return suspendedByUs || source.layerActive(layer, nowNanos) || source.layerResuming(layer, nowNanos);
    }

    private void requestSwitchKeyframes(SubscriberSlots slots, long nowNanos) {
        for (Slot slot : slots.video) {
            if (slot.target != null && slot.rewriter.awaitingKeyFrame()
                    && slot.target.maySwitchKeyframe(nowNanos, SWITCH_KEYFRAME_INTERVAL_NANOS)) {
                room.requestKeyframe(slot.target, FanoutCounter.SWITCH_KEYFRAME_REQUESTED);
            }
        }
    }

    /** Asks publishers to suspend layers no slot has used for a while, and to resume wanted ones. */
    private void updateLayers(List<MediaSource> sources, long nowNanos) {
        for (int i = 0, n = sources.size(); i < n; i++) {
            MediaSource source = sources.get(i);
            if (source.kind == MediaSource.Kind.VIDEO) {
                layerUse[source.index] = 0;
            }
        }
        List<RoomMember> members = room.members();
        for (int i = 0, n = members.size(); i < n; i++) {
            SubscriberSlots slots = members.get(i).slots();
            if (slots == null) {
                continue;
            }
            for (Slot slot : slots.video) {
                if (slot.source != null && slot.layer >= 0) {
                    layerUse[slot.source.index] |= 1 << slot.layer;
                }
            }
        }
        for (int i = 0, n = sources.size(); i < n; i++) {
            MediaSource source = sources.get(i);
            if (source.kind != MediaSource.Kind.VIDEO) {
                continue;
            }
            int mask = source.activeLayerMask();
            for (int l = 0; l < source.layerCount; l++) {
                int slot = source.index * MediaSource.MAX_LAYERS + l;
                if ((layerUse[source.index] & (1 << l)) != 0) {
                    layerLastUsed[slot] = nowNanos;
                    mask |= 1 << l;
                } else if (layerLastUsed[slot] == 0 || !source.layerStarted(l)) {
                    // Unused time counts from the layer's first packet: one that has not started (a publisher's
                    // encoder brings its top layer in as its bandwidth estimate grows) could not have been
                    // chosen, and suspending it then would keep it from ever being offered.
                    layerLastUsed[slot] = nowNanos;
                } else if (nowNanos - layerLastUsed[slot] > SUSPEND_AFTER_NANOS) {
                    mask &= ~(1 << l);
                }
            }
            int was = source.activeLayerMask();
            if (source.activeLayerMask(mask, nowNanos) && LOG.isDebugEnabled()) {
                LOG.debug("layers asked of {}: {} -> {} ({})", source, Integer.toBinaryString(was),
                        Integer.toBinaryString(mask), describeLayers(source, nowNanos));
            }
            if (mask != was && listener != null) {
                listener.onLayersChanged(source);
            }
        }
    }

    /** For the DEBUG log: what each slot targets, as publisher/layer-height (current one if switching). */
    private static String describeSlots(Slot[] slots) {
        StringBuilder b = new StringBuilder("[");
        for (Slot slot : slots) {
            if (b.length() > 1) {
                b.append(' ');
            }
            if (slot.source == null) {
                b.append('-');
            } else {
                b.append(shortId(slot.source)).append('/').append(slot.layer);
                if (slot.target != slot.current) {
                    b.append('*');
                }
            }
        }
        return b.append(']').toString();
    }

    /** For the DEBUG log: the candidates in order with their tile height, offered layers and the choice. */
    private String describeCandidates(SubscriberSlots.View view, int candidates, long nowNanos) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < candidates; c++) {
            MediaSource source = room.source(order[c]);
            b.append(shortId(source)).append(" tile=").append(tileHeight(view, source, c))
                    .append(" offered=[");
            for (int k = 0; k < offeredCounts[c]; k++) {
                b.append(k == 0 ? "" : ",").append(offered[c][k]);
            }
            b.append("] chosen=").append(c < allocator.count() ? allocator.chosenLayer(c) : VideoAllocator.NOT_SENT)
                    .append(" layers ").append(describeLayers(source, nowNanos)).append("; ");
        }
        return b.toString();
    }

    private static String shortId(MediaSource source) {
        String id = source.publisher.transport().id();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** For the DEBUG log: each layer's asked-for bit, activity, height and bitrate. */
    private static String describeLayers(MediaSource source, long nowNanos) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < source.layerCount; l++) {
            b.append(l == 0 ? "" : " ").append(l).append(':')
                    .append((source.activeLayerMask() & (1 << l)) != 0 ? "asked" : "suspended")
                    .append(source.layerActive(l, nowNanos) ? ",sending" : source.layerResuming(l, nowNanos) ? ",resuming"
                            : source.layerStarted(l) ? ",idle" : ",unstarted")
                    .append(',').append(source.heights[l]).append("p,")
                    .append(source.meters[l].bitsPerSecond(nowNanos) / 1000).append("kbps");
        }
        return b.toString();
    }

    /** Sources of {@code room} by index, for tests and diagnostics. */
    List<MediaSource> rankedSources() {
        List<MediaSource> list = new ArrayList<>();
        for (int r = 0; r < ranking.count(); r++) {
            list.add(room.source(ranking.source(r)));
        }
        return list;
    }
}
