package io.edgeway.core.media.slot;

import io.edgeway.core.media.rtp.SequenceNumbers;
import io.edgeway.core.media.vp8.Vp8PayloadDescriptor;

/**
 * Renumbers the packets of whichever source fills one of a subscriber's slots, so that the subscriber
 * sees one continuous RTP stream on the slot's own SSRC while the SFU moves the slot between speakers,
 * participants or simulcast layers.
 *
 * <h2>Theory of operation</h2>
 * The slot forwards one <em>current</em> source (an incoming SSRC) and may be given another
 * {@linkplain #target(int) target}. It keeps forwarding the current source until the target's first
 * packet that can start a stream arrives (any packet for audio; the first packet of a key frame for
 * video, since a decoder cannot start elsewhere), then switches: from that packet on, sequence numbers
 * continue from the last one sent (+1), the timestamp from the last one sent plus the wall-clock time
 * since it (at the slot's clock rate, at least 1), and the VP8 PictureID and TL0PICIDX from the last ones
 * sent (+1). Within one source every field keeps its own spacing, so losses stay visible as gaps and the
 * subscriber's NACKs name real packets. Packets of the current source that arrive late are numbered as
 * they would have been in order (a ring remembers the offset each input number was given), and a packet
 * from before the switch point is dropped. {@link #skip} drops an in-order packet without leaving a gap
 * (a temporal layer not forwarded, padding). {@link #pause()} stops the slot at once; the next source is
 * a switch.
 *
 * <p>Every forwarded packet's output sequence number is remembered with the source SSRC and input
 * sequence number it came from ({@link #findSent}), so a NACK for the slot can be answered from the
 * source's retransmission cache.
 *
 * <h2>Threading and allocation</h2>
 * Confined to the media loop of the room that owns it; allocation-free after construction (its rings).
 * The caller reads the packet's fields, calls {@link #admit}, and on {@link #FORWARD} writes
 * {@link #outSequence()}, {@link #outTimestamp()} and {@link #ssrc()} into its copy (and
 * {@link #rewriteVp8} for VP8).
 */
public final class SlotRewriter {

    /** {@link #admit}: forward the packet with {@link #outSequence()} and {@link #outTimestamp()}. */
    public static final int FORWARD = 0;
    /** {@link #admit}: the packet's source neither fills the slot nor is its target. */
    public static final int NOT_SELECTED = 1;
    /** {@link #admit}: the target's packet cannot start a stream (video, not a key frame's first packet). */
    public static final int AWAITING_KEY_FRAME = 2;
    /** {@link #admit}: a late packet from before the switch, one {@link #skip}ped, or too old to place. */
    public static final int TOO_OLD = 3;

    /** Input sequence numbers a late packet can be placed back by. */
    static final int REORDER_WINDOW = 512;
    /** Output sequence numbers {@link #findSent} remembers. */
    static final int SENT_HISTORY = 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int VP8_PICTURE_ID_MODULUS = 1 << 15;
    private static final int RING_EMPTY = -1;

    private final int ssrc;
    private final int clockRate;
    private final boolean video;

    private boolean hasTarget;
    private int targetSsrc;
    private boolean hasCurrent;
    private int currentSsrc;
    private boolean started;

    private int switchInSequence;
    private int highestInSequence;
    private int sequenceOffset;
    private int timestampOffset;
    private int highestOutSequence;
    private int highestOutTimestamp;
    private long highestOutNanos;

    private int outSequence;
    private int outTimestamp;

    private boolean vp8Started;
    private boolean vp8SwitchPending;
    private int pictureIdOffset;
    private int tl0PicIdxOffset;
    private int lastOutPictureId;
    private int lastOutTl0PicIdx;

    /** Per input sequence number (mod window): the number itself, or RING_EMPTY; its offset, or dropped. */
    private final int[] reorderSequence = new int[REORDER_WINDOW];
    private final int[] reorderOffset = new int[REORDER_WINDOW];
    private final boolean[] reorderDropped = new boolean[REORDER_WINDOW];

    /** Per output sequence number (mod history): the number itself, or RING_EMPTY; its source and input number. */
    private final int[] sentOutSequence = new int[SENT_HISTORY];
    private final int[] sentSourceSsrc = new int[SENT_HISTORY];
    private final int[] sentInSequence = new int[SENT_HISTORY];
    private final int[] sentTimestamp = new int[SENT_HISTORY];
    private final int[] sentEpoch = new int[SENT_HISTORY];
    /** Counts switches: a packet sent in another epoch was numbered with other offsets. */
    private int epoch;
    private int foundSourceSsrc;
    private int foundInSequence;
    private int foundTimestamp;
    private boolean foundInCurrentEpoch;

    /**
     * @param ssrc the slot's own SSRC, announced to the subscriber once
     * @param clockRate the RTP clock rate of every source that may fill it (48000 for Opus, 90000 for video)
     * @param video true when a switch must wait for a key frame
     * @param firstSequence the first output sequence number (RFC 3550 §5.1: random)
     * @param firstTimestamp the first output timestamp (random, likewise)
     */
    public SlotRewriter(int ssrc, int clockRate, boolean video, int firstSequence, int firstTimestamp) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.video = video;
        this.highestOutSequence = SequenceNumbers.add(firstSequence, -1);
        this.highestOutTimestamp = firstTimestamp - 1;
        java.util.Arrays.fill(reorderSequence, RING_EMPTY);
        java.util.Arrays.fill(sentOutSequence, RING_EMPTY);
    }

    public int ssrc() {
        return ssrc;
    }

    public boolean video() {
        return video;
    }

    /** Sets the source that should fill the slot; the switch happens at its next starting packet. */
    public void target(int sourceSsrc) {
        hasTarget = true;
        targetSsrc = sourceSsrc;
    }

    /** Stops forwarding at once; the next {@link #target} starts with a switch. */
    public void pause() {
        hasTarget = false;
        hasCurrent = false;
    }

    /** Whether a source is targeted. */
    public boolean hasTarget() {
        return hasTarget;
    }

    /** The targeted source; meaningful only while {@link #hasTarget()}. */
    public int targetSsrc() {
        return targetSsrc;
    }

    /** Whether a source fills the slot now. */
    public boolean hasCurrent() {
        return hasCurrent;
    }

    /** The source filling the slot; meaningful only while {@link #hasCurrent()}. */
    public int currentSsrc() {
        return currentSsrc;
    }

    /** True while the slot waits for its target's key frame: the caller should ask the publisher for one. */
    public boolean awaitingKeyFrame() {
        return video && hasTarget && (!hasCurrent || currentSsrc != targetSsrc);
    }

    /**
     * Decides what becomes of a packet from {@code sourceSsrc} and, on {@link #FORWARD}, sets
     * {@link #outSequence()} and {@link #outTimestamp()}.
     *
     * @param streamStart for video, the packet is the first of a key frame; ignored for audio
     */
    public int admit(int sourceSsrc, int sequence, int timestamp, boolean streamStart, long nowNanos) {
        if (!hasTarget) {
            return NOT_SELECTED;
        }
        if (sourceSsrc == targetSsrc && (!hasCurrent || currentSsrc != targetSsrc)) {
            if (video && !streamStart) {
                return AWAITING_KEY_FRAME;
            }
            switchTo(sourceSsrc, sequence, timestamp, nowNanos);
        } else if (!hasCurrent || sourceSsrc != currentSsrc) {
            return NOT_SELECTED;
        }
        int ahead = SequenceNumbers.delta(highestInSequence, sequence);
        int offset;
        if (ahead > 0) {
            advanceInput(sequence, ahead);
            offset = sequenceOffset;
            remember(sequence, offset, false);
        } else {
            if (SequenceNumbers.delta(switchInSequence, sequence) < 0) {
                return TOO_OLD;
            }
            int slot = sequence & (REORDER_WINDOW - 1);
            if (reorderSequence[slot] != sequence || reorderDropped[slot]) {
                return TOO_OLD;
            }
            offset = reorderOffset[slot];
        }
        outSequence = SequenceNumbers.add(sequence, offset);
        outTimestamp = timestamp + timestampOffset;
        if (SequenceNumbers.delta(highestOutSequence, outSequence) > 0) {
            highestOutSequence = outSequence;
            highestOutTimestamp = outTimestamp;
            highestOutNanos = nowNanos;
        }
        started = true;
        int sent = outSequence & (SENT_HISTORY - 1);
        sentOutSequence[sent] = outSequence;
        sentSourceSsrc[sent] = sourceSsrc;
        sentInSequence[sent] = sequence;
        sentTimestamp[sent] = outTimestamp;
        sentEpoch[sent] = epoch;
        return FORWARD;
    }

    /**
     * Drops an in-order packet of the current source without leaving a gap in the output: the packets after
     * it are numbered one lower. A packet of another source, or a late one, is simply not forwarded.
     */
    public void skip(int sourceSsrc, int sequence) {
        if (!hasCurrent || sourceSsrc != currentSsrc) {
            return;
        }
        int ahead = SequenceNumbers.delta(highestInSequence, sequence);
        if (ahead <= 0) {
            int slot = sequence & (REORDER_WINDOW - 1);
            if (reorderSequence[slot] == sequence) {
                reorderDropped[slot] = true;
            }
            return;
        }
        advanceInput(sequence, ahead);
        sequenceOffset--;
        remember(sequence, sequenceOffset, true);
    }

    /** The output sequence number of the packet {@link #admit} just forwarded. */
    public int outSequence() {
        return outSequence;
    }

    /** The output timestamp of the packet {@link #admit} just forwarded. */
    public int outTimestamp() {
        return outTimestamp;
    }

    /**
     * Rewrites PictureID and TL0PICIDX of the VP8 packet {@link #admit} just forwarded, in place; call it
     * for every forwarded VP8 packet in the order admitted. A descriptor without them is left alone.
     */
    public void rewriteVp8(Vp8PayloadDescriptor descriptor) {
        int pictureId = descriptor.pictureId();
        int tl0PicIdx = descriptor.tl0PicIdx();
        if (vp8SwitchPending) {
            vp8SwitchPending = false;
            if (vp8Started) {
                if (pictureId != Vp8PayloadDescriptor.ABSENT) {
                    pictureIdOffset = lastOutPictureId + 1 - pictureId;
                }
                if (tl0PicIdx != Vp8PayloadDescriptor.ABSENT) {
                    tl0PicIdxOffset = lastOutTl0PicIdx + 1 - tl0PicIdx;
                }
            } else {
                pictureIdOffset = 0;
                tl0PicIdxOffset = 0;
            }
        }
        if (pictureId != Vp8PayloadDescriptor.ABSENT) {
            int out = Math.floorMod(pictureId + pictureIdOffset, VP8_PICTURE_ID_MODULUS);
            descriptor.pictureId(out);
            if (!vp8Started || pictureIdAhead(lastOutPictureId, out)) {
                lastOutPictureId = out;
            }
        }
        if (tl0PicIdx != Vp8PayloadDescriptor.ABSENT) {
            int out = (tl0PicIdx + tl0PicIdxOffset) & 0xFF;
            descriptor.tl0PicIdx(out);
            if (!vp8Started || (byte) (out - lastOutTl0PicIdx) > 0) {
                lastOutTl0PicIdx = out;
            }
        }
        vp8Started = true;
    }

    /**
     * Looks up what the slot sent as {@code outSequence}: true, with {@link #foundSourceSsrc()} and
     * {@link #foundInSequence()} set, if it is still remembered.
     */
    public boolean findSent(int outSequence) {
        int slot = outSequence & (SENT_HISTORY - 1);
        if (sentOutSequence[slot] != (outSequence & SequenceNumbers.MASK)) {
            return false;
        }
        foundSourceSsrc = sentSourceSsrc[slot];
        foundInSequence = sentInSequence[slot];
        foundTimestamp = sentTimestamp[slot];
        foundInCurrentEpoch = sentEpoch[slot] == epoch;
        return true;
    }

    /** The output timestamp of the packet {@link #findSent} found. */
    public int foundTimestamp() {
        return foundTimestamp;
    }

    /**
     * Whether the packet {@link #findSent} found was sent since the last switch: only then does rewriting
     * it again (a retransmission) give the very header and payload descriptor it first had.
     */
    public boolean foundInCurrentEpoch() {
        return foundInCurrentEpoch;
    }

    /**
     * The current source's input sequence number that output number {@code outSequence} stands for under
     * the offset in force now: what a NACK for a packet the slot never sent (lost before the SFU) asks of
     * the publisher. Meaningful only while {@link #hasCurrent()}.
     */
    public int inputSequenceOf(int outSequence) {
        return SequenceNumbers.add(outSequence, -sequenceOffset);
    }

    /** The output timestamp the current source's {@code inTimestamp} maps to (for its sender reports). */
    public int mapTimestamp(int inTimestamp) {
        return inTimestamp + timestampOffset;
    }

    /** The timestamp of the newest packet sent (the first timestamp minus one before any). */
    public int lastOutTimestamp() {
        return highestOutTimestamp;
    }

    public int foundSourceSsrc() {
        return foundSourceSsrc;
    }

    public int foundInSequence() {
        return foundInSequence;
    }

    private void switchTo(int sourceSsrc, int sequence, int timestamp, long nowNanos) {
        int outSeq = SequenceNumbers.add(highestOutSequence, 1);
        int step = 1;
        if (started) {
            long elapsed = Math.max(0, nowNanos - highestOutNanos);
            step = (int) Math.max(1, Math.min(Integer.MAX_VALUE, elapsed * clockRate / NANOS_PER_SECOND));
        }
        sequenceOffset = SequenceNumbers.delta(sequence, outSeq);
        timestampOffset = highestOutTimestamp + step - timestamp;
        hasCurrent = true;
        currentSsrc = sourceSsrc;
        switchInSequence = sequence;
        highestInSequence = SequenceNumbers.add(sequence, -1);
        epoch++;
        java.util.Arrays.fill(reorderSequence, RING_EMPTY);
        vp8SwitchPending = true;
    }

    /** Input moves to {@code sequence}; the numbers it jumped over keep the offset in force now. */
    private void advanceInput(int sequence, int ahead) {
        int gap = Math.min(ahead - 1, REORDER_WINDOW);
        for (int i = 1; i <= gap; i++) {
            remember(SequenceNumbers.add(sequence, -i), sequenceOffset, false);
        }
        highestInSequence = sequence;
    }

    private void remember(int sequence, int offset, boolean dropped) {
        int slot = sequence & (REORDER_WINDOW - 1);
        reorderSequence[slot] = sequence;
        reorderOffset[slot] = offset;
        reorderDropped[slot] = dropped;
    }

    private static boolean pictureIdAhead(int last, int candidate) {
        int delta = Math.floorMod(candidate - last, VP8_PICTURE_ID_MODULUS);
        return delta != 0 && delta < VP8_PICTURE_ID_MODULUS / 2;
    }
}
