package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtcp.SdesFlyweight;
import io.edgeway.core.media.rtcp.SenderReportFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Forwards a publisher's sender reports (RFC 3550 §6.4.1) to its subscribers, so that each can map the
 * stream's RTP timestamps to wall-clock time (lip sync). SSRCs and timestamps go unchanged, which is
 * consistent because the media's do too; the report blocks (and any profile extension) are stripped,
 * since they describe what the publisher receives from the SFU. The CNAME of the same SSRC from the
 * compound's SDES goes along (RFC 3550 §6.1: a compound carries one), copied as bytes. An SR for an SSRC
 * the sender does not publish goes nowhere, and one reaches only the subscribers that agreed to its SSRC
 * (an RTX stream's SR only those that negotiated RTX). Every SR also sets the stream's LSR for the SFU's own
 * receiver reports ({@link ReceiverReportScheduler}).
 *
 * <p>One per {@link MediaRoom}, confined to its event loop (its flyweights are reused); allocation-free but
 * for the pooled copies.
 */
final class SenderReportRelay extends RoomUnit {

    private final SenderReportFlyweight senderReport = new SenderReportFlyweight();
    private final RtcpCompoundIterator sdesWalk = new RtcpCompoundIterator();
    private final SdesFlyweight sdes = new SdesFlyweight();

    SenderReportRelay(MediaRoom room) {
        super(room);
    }

    /**
     * The SR {@code rtcp} stands on, from {@code from}.
     *
     * @param packet the unprotected compound, borrowed (its SDES is searched for the CNAME)
     * @return true if it was an SR of a stream {@code from} publishes and someone else is in the room
     */
    boolean onSenderReport(long nowNanos, RoomMember from, ByteBuf packet, RtcpCompoundIterator rtcp) {
        if (!senderReport.wrap(rtcp).isValid()) {
            return false;
        }
        int ssrc = senderReport.senderSsrc();
        PublishedStream stream = room.stream(ssrc);
        if (stream == null || stream.publisher != from) {
            return false;
        }
        stream.onSenderReport(senderReport.compactNtpTimestamp(), nowNanos);
        List<RoomMember> members = room.members();
        if (members.size() < 2) {
            return false;
        }
        int cnameOffset = -1;
        int cnameLength = 0;
        sdesWalk.wrap(packet);
        while (cnameOffset < 0 && sdesWalk.next()) {
            if (sdesWalk.packetType() != RtcpPacketType.SDES || !sdes.wrap(sdesWalk).isValid()) {
                continue;
            }
            while (sdes.nextChunk()) {
                if (sdes.chunkSsrc() == ssrc && sdes.cnameOffset() >= 0) {
                    cnameOffset = sdes.cnameOffset();
                    cnameLength = sdes.cnameLength();
                    break;
                }
            }
        }
        int length = SenderReportFlyweight.MIN_LENGTH
                + (cnameOffset < 0 ? 0 : RtcpBuilder.sdesCnameLength(cnameLength));
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to == from || to.slots() != null || !to.receives(ssrc)) {
                // RFC 3550 §6.4.1 reports describe a stream; one the subscriber has not agreed to is not its business.
                continue;
            }
            ByteBuf copy = to.alloc().directBuffer(length + to.outbound().profile().rtcpTrailerLength());
            RtcpBuilder.buildSenderReport(copy, ssrc, senderReport.ntpTimestamp(), senderReport.rtpTimestamp(),
                    senderReport.packetCount(), senderReport.octetCount());
            if (cnameOffset >= 0) {
                RtcpBuilder.buildSdesCname(copy, ssrc, packet, cnameOffset, cnameLength);
            }
            counts.increment(to.sendRtcp(copy, FanoutCounter.SR_FORWARDED));
        }
        forwardToSlots(stream);
        return true;
    }

    /**
     * The SR as each slot now carrying {@code stream} must say it: the slot's SSRC, the NTP time unchanged,
     * the RTP timestamp moved by the slot's timestamp offset (so it maps the slot's timestamps to the same
     * wall-clock instants), the slot's own packet and octet counts, and the slot's CNAME (RFC 3550 §6.4.1).
     */
    private void forwardToSlots(PublishedStream stream) {
        for (int i = 0; i < stream.slotCount(); i++) {
            Slot slot = stream.slot(i);
            if (slot.current != stream || !slot.rewriter.hasCurrent() || slot.rewriter.currentSsrc() != stream.ssrc
                    || slot.section() == null) {
                continue;
            }
            RoomMember to = slot.subscriber;
            int cnameLength = ByteBufUtil.utf8Bytes(slot.cname);
            ByteBuf copy = to.alloc().directBuffer(SenderReportFlyweight.MIN_LENGTH
                    + RtcpBuilder.sdesCnameLength(cnameLength) + to.outbound().profile().rtcpTrailerLength());
            RtcpBuilder.buildSenderReport(copy, slot.ssrc(), senderReport.ntpTimestamp(),
                    slot.rewriter.mapTimestamp((int) senderReport.rtpTimestamp()) & 0xFFFFFFFFL,
                    slot.packetsSent, slot.octetsSent);
            RtcpBuilder.buildSdesCname(copy, slot.ssrc(), slot.cname);
            counts.increment(to.sendRtcp(copy, FanoutCounter.SR_FORWARDED));
        }
    }
}
