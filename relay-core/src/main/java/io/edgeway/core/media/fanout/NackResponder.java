package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtcp.NackFlyweight;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.netty.buffer.ByteBuf;

/**
 * Answers a subscriber's Generic NACK (RFC 4585 §6.2.1): each lost packet it names is sent again from the
 * stream's {@link RetransmissionCache} through the subscriber's {@link RtpWriter} (the very bytes first
 * sent); the numbers the cache lacks because they never reached the SFU go to the publisher in one NACK
 * from the room's SSRC, each at most once per {@link RetransmissionCache#REQUEST_INTERVAL_NANOS} whoever
 * asks. Numbers outside the cache's window are neither answered nor asked for.
 *
 * <p>One per {@link MediaRoom}, confined to its event loop (its flyweight and scratch array are reused);
 * allocation-free but for the pooled copies.
 */
final class NackResponder extends RoomUnit {

    /** Most sequence numbers one forwarded NACK asks the publisher for. */
    static final int MAX_REQUEST = 256;
    /** RFC 4585 §6.1 header, sender and media SSRC; then 4 bytes per PID/BLP entry. */
    private static final int NACK_FIXED_LENGTH = 12;

    private final NackFlyweight nack = new NackFlyweight();
    /** Sequence numbers of one NACK that the cache lacks, to ask the publisher for. */
    private final int[] missing = new int[MAX_REQUEST];

    NackResponder(MediaRoom room) {
        super(room);
    }

    /** The NACK {@code rtcp} stands on, from {@code from}; true if it named a stream another member publishes. */
    boolean onNack(long nowNanos, RoomMember from, RtcpCompoundIterator rtcp) {
        if (!nack.wrap(rtcp).isValid()) {
            return false;
        }
        if (from.slots() != null) {
            return onSlotNack(nowNanos, from);
        }
        PublishedStream stream = room.stream(nack.mediaSsrc());
        if (stream == null || stream.publisher == from || !from.receives(stream.ssrc)) {
            counts.increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        counts.increment(FanoutCounter.NACK_RECEIVED);
        RetransmissionCache cache = stream.cache;
        int missingCount = 0;
        nack.rewindLost();
        while (nack.nextLost()) {
            int seq = nack.lostSequenceNumber();
            long extended = cache.extend(seq);
            ByteBuf cached = cache.get(extended);
            if (cached != null) {
                counts.increment(from.writer().retransmit(nowNanos, stream, cached, extended));
                continue;
            }
            counts.increment(FanoutCounter.RETRANSMIT_MISS);
            if (missingCount < missing.length && cache.shouldRequest(extended, nowNanos)) {
                missing[missingCount++] = seq;
            }
        }
        if (missingCount > 0) {
            requestFromPublisher(stream, missingCount);
        }
        return true;
    }

    /** One NACK (RFC 4585 §6.2.1) from the room's SSRC for the first {@code count} of {@link #missing}. */
    private void requestFromPublisher(PublishedStream stream, int count) {
        RoomMember publisher = stream.publisher;
        ByteBuf packet = publisher.alloc().directBuffer(
                NACK_FIXED_LENGTH + 4 * count + publisher.outbound().profile().rtcpTrailerLength());
        RtcpBuilder.buildNack(packet, room.sfuSsrc(), stream.ssrc, missing, 0, count);
        counts.increment(publisher.sendRtcp(packet, FanoutCounter.NACK_FORWARDED));
    }

    /** A NACK for one of a subscriber's slots: each named packet is sent again as RTX on the slot. */
    private boolean onSlotNack(long nowNanos, RoomMember from) {
        Slot slot = from.slots().bySsrc(nack.mediaSsrc());
        if (slot == null || slot.ssrc() != nack.mediaSsrc()) {
            counts.increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        counts.increment(FanoutCounter.NACK_RECEIVED);
        PublishedStream current = slot.current;
        int missingCount = 0;
        nack.rewindLost();
        while (nack.nextLost()) {
            int outSequence = nack.lostSequenceNumber();
            FanoutCounter outcome = from.slotWriter().retransmit(nowNanos, slot, outSequence, room);
            counts.increment(outcome);
            if (outcome == FanoutCounter.RETRANSMIT_MISS && current != null && !slot.rewriter.findSent(outSequence)
                    && slot.rewriter.hasCurrent() && slot.rewriter.currentSsrc() == current.ssrc) {
                // Never sent: lost before the SFU. Ask the publisher, as for a subscriber without slots.
                int seq = slot.rewriter.inputSequenceOf(outSequence);
                long extended = current.cache.extend(seq);
                if (missingCount < missing.length && current.cache.get(extended) == null
                        && current.cache.shouldRequest(extended, nowNanos)) {
                    missing[missingCount++] = seq;
                }
            }
        }
        if (missingCount > 0) {
            requestFromPublisher(current, missingCount);
        }
        return true;
    }
}
