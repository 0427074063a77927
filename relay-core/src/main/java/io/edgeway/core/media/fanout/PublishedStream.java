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
    private int transportSequenceId = NOT_DESCRIBED;
    private boolean keyframeRequested;
    private long lastKeyframeRequestNanos;

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
     * The publisher's section of this SSRC from its latest negotiation, or null when its SDP does not
     * describe it: the extension IDs its packets carry then come from the publisher's session map. Loop only.
     */
    void describe(NegotiatedStreams.Stream section) {
        this.description = section;
        this.audioLevelId = section == null ? NOT_DESCRIBED : section.extensions().id(AudioLevel.URI);
        this.transportSequenceId = section == null ? NOT_DESCRIBED : section.extensions().id(TransportWideSequence.URI);
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
