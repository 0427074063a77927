package io.edgeway.core.media.fanout;

/**
 * What a room with slots tells the session layer, on the room's event loop, after a media tick.
 */
public interface SlotListener {

    /** {@code subscriber}'s slots now carry other sources: read them from {@link RoomMember#slots()}. */
    void onSlotsChanged(RoomMember subscriber);

    /**
     * Nobody receives some layers of {@code source} any more, or somebody wants one back: its publisher
     * should send exactly the layers of {@link MediaSource#activeLayerMask()} (a bit per layer in declaration
     * order; 0 means none, the source is not shown anywhere).
     */
    void onLayersChanged(MediaSource source);
}
