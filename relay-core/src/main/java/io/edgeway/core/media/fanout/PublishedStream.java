package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.AudioLevel;
import io.edgeway.core.media.rtp.TransportWideSequence;

/**
 * One SSRC a member of a {@link MediaRoom} publishes, with what the room keeps per incoming stream: the
 * retransmission cache behind NACK answers and the receive statistics behind the SFU's receiver reports.
 *
 * <p>Clock rate: the one given to {@link MediaRoom#registerSsrc(RoomMember, int, int)}, else the one the
 * publisher's SDP gave the payload type of the stream's first packet ({@link RoomMember#clockRate}),
 * else {@link #DEFAULT_CLOCK_RATE}. It is fixed when the first packet arrives.
 *
 * <p>Confined to the room's event loop. Created once per SSRC (when its first packet authenticates, or
 * by {@link MediaRoom#registerSsrc}); its buffers are released when its publisher leaves.
 */
final class PublishedStream {

    /** For a payload type nobody described: video's 90 kHz (RFC 3551 §5), the rate of every video codec. */
    static final int DEFAULT_CLOCK_RATE = 90_000;
    private static final int NOT_DESCRIBED = -1;

    final int ssrc;
    final RoomMember publisher;
    final RetransmissionCache cache = new RetransmissionCache();
    private final int registeredClockRate;
    private ReceiveStatistics statistics;
    /** The publisher's section of this SSRC, or null while its SDP does not describe it. */
    private NegotiatedStreams.Stream description;
    private int audioLevelId = NOT_DESCRIBED;
    /** Bit per payload type (two longs) of the VP8 formats of the publisher's section. */
    private long vp8Low;
    private long vp8High;
    private int transportSequenceId = NOT_DESCRIBED;
    private boolean keyframeRequested;
    private long lastKeyframeRequestNanos;
    private long lastSwitchKeyframeNanos = Long.MIN_VALUE;
    /** The source this stream is a layer (or a layer's repair stream) of; null for a stream never declared. */
    MediaSource source;
    /** Its layer number in {@link #source}. */
    int layer;
    /** An RTX stream (RFC 4588) repairing layer {@link #layer}, not media itself. */
    boolean repair;
    /** The slots receiving this stream now, or waiting for it to start (a switch in progress). */
    private Slot[] slots = NO_SLOTS;
    private int slotCount;
    private static final Slot[] NO_SLOTS = new Slot[0];

    /** @param clockRate the stream's RTP clock rate, or 0 to take it from its first packet's payload type */
    PublishedStream(int ssrc, RoomMember publisher, int clockRate) {
        this.ssrc = ssrc;
        this.publisher = publisher;
        this.registeredClockRate = clockRate;
    }

    /**
     * Whether a keyframe request may go to the publisher now, at most one per {@code intervalNanos}; if
     * so, this one counts as sent. A subscriber that began to receive the stream after the last request
     * went ({@code requester}: what it was sent of this stream, null if nothing) may ask regardless: the
     * keyframe answering that request may have left before its first copy, and without this a newcomer
     * waits for its own repeated requests to outlast the interval. Loop only.
     */
    boolean mayRequestKeyframe(long nowNanos, long intervalNanos, SentLog requester) {
        boolean newcomer = requester != null && requester.startedNanos() - lastKeyframeRequestNanos > 0;
        if (keyframeRequested && nowNanos - lastKeyframeRequestNanos < intervalNanos && !newcomer) {
            return false;
        }
        keyframeRequested = true;
        lastKeyframeRequestNanos = nowNanos;
        return true;
    }

    /**
     * Whether a key frame may be asked for because a slot switches to this stream: at most once per
     * {@code intervalNanos} (the issue of large sessions: every subscriber switching at once must not
     * flood a publisher). If so, this one counts as sent. Loop only.
     */
    boolean maySwitchKeyframe(long nowNanos, long intervalNanos) {
        if (lastSwitchKeyframeNanos != Long.MIN_VALUE && nowNanos - lastSwitchKeyframeNanos < intervalNanos) {
            return false;
        }
        lastSwitchKeyframeNanos = nowNanos;
        return true;
    }

    /** Adds a slot that receives (or waits for) this stream; no-op if it is there. Not per packet. */
    void subscribe(Slot slot) {
        for (int i = 0; i < slotCount; i++) {
            if (slots[i] == slot) {
                return;
            }
        }
        if (slotCount == slots.length) {
            slots = java.util.Arrays.copyOf(slots, Math.max(4, slotCount * 2));
        }
        slots[slotCount++] = slot;
    }

    /** Removes a slot; no-op if absent. Not per packet. */
    void unsubscribe(Slot slot) {
        for (int i = 0; i < slotCount; i++) {
            if (slots[i] == slot) {
                System.arraycopy(slots, i + 1, slots, i, slotCount - i - 1);
                slots[--slotCount] = null;
                return;
            }
        }
    }

    /** How many slots take this stream now. */
    int slotCount() {
        return slotCount;
    }

    /** The {@code i}-th slot taking this stream. */
    Slot slot(int i) {
        return slots[i];
    }

    /**
     * The publisher's section of this SSRC from its latest negotiation, or null when its SDP does not
     * describe it: the extension IDs its packets carry then come from the publisher's session map. Loop only.
     */
    void describe(NegotiatedStreams.Stream section) {
        this.description = section;
        this.audioLevelId = section == null ? NOT_DESCRIBED : section.extensions().id(AudioLevel.URI);
        this.transportSequenceId = section == null ? NOT_DESCRIBED : section.extensions().id(TransportWideSequence.URI);
        vp8Low = 0;
        vp8High = 0;
        if (section != null) {
            for (io.edgeway.core.media.sdp.PayloadFormat f : section.formats()) {
                if ("VP8".equalsIgnoreCase(f.encodingName())) {
                    int pt = f.payloadType();
                    if (pt < 64) {
                        vp8Low |= 1L << pt;
                    } else {
                        vp8High |= 1L << (pt - 64);
                    }
                }
            }
        }
    }

    /** Whether {@code payloadType} is VP8 in the publisher's section (its payload has RFC 7741's descriptor). */
    boolean vp8(int payloadType) {
        return payloadType < 64 ? (vp8Low >>> payloadType & 1) != 0 : (vp8High >>> (payloadType - 64) & 1) != 0;
    }

    /** The publisher's section of this SSRC, or null. */
    NegotiatedStreams.Stream description() {
        return description;
    }

    /** The ID of the RFC 6464 audio level in this stream's packets, 0 if none. Allocation-free. */
    int audioLevelId() {
        return audioLevelId != NOT_DESCRIBED ? audioLevelId : publisher.speech().extensionId();
    }

    /** The ID of the transport-wide sequence number in this stream's packets, 0 if none. Allocation-free. */
    int transportSequenceId() {
        return transportSequenceId != NOT_DESCRIBED ? transportSequenceId : publisher.transportSequenceId();
    }

    /** One authenticated packet; creates the statistics (once) at the stream's clock rate. */
    void onPacket(long arrivalNanos, int payloadType, int sequenceNumber, long rtpTimestamp) {
        ReceiveStatistics stats = statistics;
        if (stats == null) {
            int rate = registeredClockRate != 0 ? registeredClockRate : publisher.clockRate(payloadType);
            stats = new ReceiveStatistics(rate != 0 ? rate : DEFAULT_CLOCK_RATE);
            statistics = stats;
        }
        stats.onPacket(arrivalNanos, sequenceNumber, rtpTimestamp);
    }

    /** The receive statistics, or null before the first packet. */
    ReceiveStatistics statistics() {
        return statistics;
    }

    /** Records the publisher's SR for this SSRC (LSR/DLSR); ignored before the first packet. */
    void onSenderReport(long compactNtpTimestamp, long arrivalNanos) {
        if (statistics != null) {
            statistics.onSenderReport(compactNtpTimestamp, arrivalNanos);
        }
    }

    /** Frees what the stream holds; the room forgets it. */
    void release() {
        cache.release();
    }

    @Override
    public String toString() {
        return "PublishedStream[" + Integer.toUnsignedString(ssrc) + " of " + publisher + "]";
    }
}
