package io.edgeway.core.media.bwe;

/** What the delay-based detector concludes about the path (draft-ietf-rmcat-gcc-02 §5.4). */
public enum BandwidthUsage {
    /** Queues neither grow nor drain: the sender may increase. */
    NORMAL,
    /** Queues grow: the sender must decrease. */
    OVERUSING,
    /** Queues drain: the sender should hold while they empty. */
    UNDERUSING
}
