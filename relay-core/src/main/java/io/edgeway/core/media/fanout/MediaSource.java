package io.edgeway.core.media.fanout;

import io.edgeway.core.media.selection.BitrateMeter;
import java.nio.charset.StandardCharsets;

/**
 * One thing a participant publishes, as subscribers see it: its microphone, its camera, or its screen.
 * A video source has one to {@link #MAX_LAYERS} layers (simulcast encodings of the same picture, RFC
 * 8853), each its own SSRC ({@link PublishedStream}), possibly with an RTX stream (RFC 4588) that repairs
 * it. A subscriber's slot receives one layer of one source at a time; which one is the
 * {@link RoomSelection}'s decision.
 *
 * <p>Layers are numbered in declaration order (the SDP's SSRC or RID order), which says nothing of their
 * size; {@link #layerByRank} orders them by the frame height their key frames carry (VP8, RFC 6386 §9.1),
 * else by declaration. Each layer's bitrate is measured as it arrives ({@link BitrateMeter}); a layer that
 * sent nothing for {@link #LAYER_IDLE_NANOS} is not offered to subscribers (the publisher paused it, or
 * its encoder dropped it for want of bandwidth).
 *
 * <p>Confined to the room's event loop. Created by {@link MediaRoom#declareSources}; its streams are its
 * publisher's and released with them.
 */
public final class MediaSource {

    public enum Kind { AUDIO, VIDEO }

    public static final int MAX_LAYERS = 3;
    /** A layer silent this long is not offered to subscribers. */
    static final long LAYER_IDLE_NANOS = 1_500_000_000L;
    /**
     * How long a layer the SFU asked the publisher to resume stays offered before its first packet: the
     * request goes through signalling, the page's {@code setParameters} and the encoder's restart.
     */
    static final long RESUME_GRACE_NANOS = 2_000_000_000L;

    final int index;
    final RoomMember publisher;
    final Kind kind;
    final String mid;
    private final byte[] midBytes;
    final boolean screenShare;
    /** RIDs in declaration order, as ASCII bytes for comparison with header extension values; null without. */
    final byte[][] rids;
    final int layerCount;
    final PublishedStream[] layers = new PublishedStream[MAX_LAYERS];
    final PublishedStream[] repairs = new PublishedStream[MAX_LAYERS];
    final BitrateMeter[] meters = new BitrateMeter[MAX_LAYERS];
    /** Frame height of each layer's latest key frame, 0 while unknown. */
    final int[] heights = new int[MAX_LAYERS];
    /** Layer numbers by ascending frame height (declaration order where unknown). */
    private final int[] rankToLayer = new int[MAX_LAYERS];
    /** Layers the publisher is asked to send (bit per layer); all at first. */
    private int activeLayerMask;
    private long layersChangedNanos;
    /** When each layer was last asked for again after a suspension; {@link Long#MIN_VALUE} if never. */
    private final long[] resumedNanos = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};

    MediaSource(int index, RoomMember publisher, SourceDeclaration declaration) {
        this.index = index;
        this.publisher = publisher;
        this.kind = declaration.kind();
        this.mid = declaration.mid();
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        this.screenShare = declaration.screenShare();
        this.layerCount = declaration.layerCount();
        if (declaration.rids().isEmpty()) {
            this.rids = null;
        } else {
            this.rids = new byte[declaration.rids().size()][];
            for (int i = 0; i < rids.length; i++) {
                rids[i] = declaration.rids().get(i).getBytes(StandardCharsets.US_ASCII);
            }
        }
        for (int i = 0; i < MAX_LAYERS; i++) {
            meters[i] = new BitrateMeter();
            rankToLayer[i] = i;
        }
        this.activeLayerMask = (1 << layerCount) - 1;
    }

    public Kind kind() {
        return kind;
    }

    public RoomMember publisher() {
        return publisher;
    }

    public String mid() {
        return mid;
    }

    public boolean screenShare() {
        return screenShare;
    }

    /** The room-wide number of this source, small and reused after it is released. */
    public int index() {
        return index;
    }

    public int layerCount() {
        return layerCount;
    }

    /** Whether this source is simulcast with layers known by RID. */
    boolean byRid() {
        return rids != null;
    }

    /** The layer whose RID is the {@code length} bytes at {@code offset}, or -1. Allocation-free. */
    int layerOfRid(io.netty.buffer.ByteBuf buffer, int offset, int length) {
        if (rids == null) {
            return -1;
        }
        outer:
        for (int l = 0; l < rids.length; l++) {
            byte[] rid = rids[l];
            if (rid.length != length) {
                continue;
            }
            for (int i = 0; i < length; i++) {
                if (buffer.getByte(offset + i) != rid[i]) {
                    continue outer;
                }
            }
            return l;
        }
        return -1;
    }

    /** The layer of rank {@code rank}, 0 the smallest picture. */
    public int layerByRank(int rank) {
        return rankToLayer[rank];
    }

    /** The stream of layer {@code layer}, or null while its SSRC is unknown. */
    PublishedStream layer(int layer) {
        return layers[layer];
    }

    /** Whether {@code layer} has sent anything yet. */
    boolean layerStarted(int layer) {
        return layers[layer] != null && meters[layer].started();
    }

    /** Whether {@code layer} sent within {@link #LAYER_IDLE_NANOS}. */
    boolean layerActive(int layer, long nowNanos) {
        return layers[layer] != null && meters[layer].activeWithin(nowNanos, LAYER_IDLE_NANOS);
    }

    /**
     * Whether {@code layer} was asked for again within {@link #RESUME_GRACE_NANOS}: it may not have sent yet,
     * but it is on its way.
     */
    boolean layerResuming(int layer, long nowNanos) {
        return (activeLayerMask & (1 << layer)) != 0 && resumedNanos[layer] != Long.MIN_VALUE
                && nowNanos - resumedNanos[layer] < RESUME_GRACE_NANOS;
    }

    /** Notes a key frame's height on {@code layer} and re-ranks the layers if it changed. */
    void keyFrameHeight(int layer, int height) {
        if (height <= 0 || heights[layer] == height) {
            return;
        }
        heights[layer] = height;
        // Insertion sort of three: by known height, unknown ones keep declaration order after the known.
        for (int i = 0; i < MAX_LAYERS; i++) {
            rankToLayer[i] = i;
        }
        for (int i = 1; i < layerCount; i++) {
            int layerI = rankToLayer[i];
            int j = i - 1;
            while (j >= 0 && smaller(layerI, rankToLayer[j])) {
                rankToLayer[j + 1] = rankToLayer[j];
                j--;
            }
            rankToLayer[j + 1] = layerI;
        }
    }

    private boolean smaller(int a, int b) {
        int ha = heights[a];
        int hb = heights[b];
        if (ha > 0 && hb > 0) {
            return ha < hb;
        }
        return ha > 0 && hb == 0;
    }

    /** The layers the publisher is asked to send, a bit per layer. */
    public int activeLayerMask() {
        return activeLayerMask;
    }

    /** Records what the publisher was asked to send; true if it changed. */
    boolean activeLayerMask(int mask, long nowNanos) {
        if (mask == activeLayerMask) {
            return false;
        }
        for (int l = 0; l < MAX_LAYERS; l++) {
            if ((mask & ~activeLayerMask & (1 << l)) != 0) {
                resumedNanos[l] = nowNanos;
            }
        }
        activeLayerMask = mask;
        layersChangedNanos = nowNanos;
        return true;
    }

    long layersChangedNanos() {
        return layersChangedNanos;
    }

    /** Whether the {@code length} bytes at {@code offset} are this source's mid. Allocation-free. */
    boolean midIs(io.netty.buffer.ByteBuf buffer, int offset, int length) {
        if (length != midBytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(offset + i) != midBytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "MediaSource[" + kind + " mid " + mid + (screenShare ? " screen" : "") + " of " + publisher + "]";
    }
}
