/**
 * What each subscriber of a large session receives: the session's heard speakers
 * ({@link io.edgeway.core.media.selection.SpeakerRanking}), each subscriber's video sources and layers
 * within its bandwidth ({@link io.edgeway.core.media.selection.VideoAllocator}), and the stable fit of
 * those choices into its slots ({@link io.edgeway.core.media.selection.SlotAssignment}). Pure decisions,
 * confined to the media loop, no I/O.
 */
package io.edgeway.core.media.selection;
