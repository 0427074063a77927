package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.netty.buffer.ByteBuf;

/**
 * Hands a subscriber's keyframe requests to the publisher of the stream they name: each PLI (RFC 4585
 * §6.3.1) and FIR (RFC 5104 §4.3.1) is copied alone (reduced-size RTCP, RFC 5506 §3, which browsers
 * negotiate with {@code a=rtcp-rsize}), unchanged, and protected for the publisher.
 *
 * <p><b>Throttle.</b> Every subscriber that joins or loses a packet asks for a keyframe, and one keyframe
 * answers them all (a publisher flooded with requests sends nothing but keyframes), so a stream's
 * publisher is asked at most once per {@link #INTERVAL_NANOS}; the rest count as
 * {@link FanoutCounter#RTCP_FEEDBACK_THROTTLED}. A subscriber whose first copy of the stream left after
 * the last request asks past the interval once: that keyframe may have gone before it was there.
 *
 * <p>One per {@link MediaRoom}, confined to its event loop; allocation-free but for the pooled copy.
 */
final class KeyframeRequestRelay extends RoomUnit {

    /** Keyframe requests (PLI/FIR) reach a stream's publisher at most this often (about 3 per second). */
    static final long INTERVAL_NANOS = 300_000_000L;
    /** PLI: common header, sender SSRC, media source SSRC (RFC 4585 §6.1). */
    private static final int PLI_MEDIA_SSRC_OFFSET = 8;
    private static final int PLI_LENGTH = 12;
    /** FIR: media source SSRC is zero, the FCI entries name the streams (RFC 5104 §4.3.1.1). */
    private static final int FIR_FIRST_ENTRY_SSRC_OFFSET = 12;
    private static final int FIR_MIN_LENGTH = 20;


    KeyframeRequestRelay(MediaRoom room) {
        super(room);
    }

    /**
     * The payload-specific feedback packet {@code rtcp} stands on, from {@code from}.
     *
     * @param packet the unprotected compound, borrowed
     * @return true if it was a keyframe request that went or was throttled
     */
    boolean onPayloadFeedback(long nowNanos, RoomMember from, ByteBuf packet, RtcpCompoundIterator rtcp) {
        int offset = rtcp.packetOffset();
        int length = rtcp.packetLength();
        int mediaSsrc;
        if (rtcp.count() == RtcpPacketType.FMT_PLI && length >= PLI_LENGTH) {
            mediaSsrc = packet.getInt(offset + PLI_MEDIA_SSRC_OFFSET);
        } else if (rtcp.count() == RtcpPacketType.FMT_FIR && length >= FIR_MIN_LENGTH) {
            // One FIR names one stream in practice (a browser asks for one keyframe at a time).
            mediaSsrc = packet.getInt(offset + FIR_FIRST_ENTRY_SSRC_OFFSET);
        } else {
            return false;
        }
        if (from.slots() != null) {
            return onSlotKeyframeRequest(nowNanos, from, mediaSsrc);
        }
        PublishedStream stream = room.stream(mediaSsrc);
        if (stream == null || stream.publisher == from || !from.receives(mediaSsrc)) {
            counts.increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        StreamTranslation received = from.writer().existing(mediaSsrc);
        if (!stream.mayRequestKeyframe(nowNanos, INTERVAL_NANOS, received == null ? null : received.sent())) {
            counts.increment(FanoutCounter.RTCP_FEEDBACK_THROTTLED);
            return true;
        }
        RoomMember publisher = stream.publisher;
        ByteBuf copy = publisher.alloc().directBuffer(length + publisher.outbound().profile().rtcpTrailerLength());
        ByteBufCopy.append(copy, packet, offset, length);
        counts.increment(publisher.sendRtcp(copy, FanoutCounter.RTCP_FEEDBACK_FORWARDED));
        return true;
    }

    /**
     * A subscriber with slots asks for a key frame on one of its slots: the request goes, as a PLI from the
     * room's SSRC naming the stream, to the publisher of what the slot carries now (or is switching to),
     * under the same throttle.
     */
    private boolean onSlotKeyframeRequest(long nowNanos, RoomMember from, int slotSsrc) {
        Slot slot = from.slots().bySsrc(slotSsrc);
        PublishedStream stream = slot == null ? null : slot.current != null ? slot.current : slot.target;
        if (stream == null) {
            counts.increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        if (!stream.mayRequestKeyframe(nowNanos, INTERVAL_NANOS, null)) {
            counts.increment(FanoutCounter.RTCP_FEEDBACK_THROTTLED);
            return true;
        }
        room.requestKeyframe(stream, FanoutCounter.RTCP_FEEDBACK_FORWARDED);
        return true;
    }
}
