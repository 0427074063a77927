package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtcp.ReceiverReportFlyweight;
import io.edgeway.core.media.rtcp.ReportBlockFlyweight;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * The SFU's receiver reports (RFC 3550 §6.4.2): the SFU is the receiver each publisher's congestion
 * control and loss statistics see. Once per {@link #INTERVAL_NANOS} every member that publishes gets one
 * compound from the room's SSRC: RR packets with a block per SSRC it publishes (more RR packets after
 * {@link #MAX_BLOCKS_PER_REPORT} blocks), then SDES with the room's CNAME (RFC 3550 §6.1: every compound
 * carries a CNAME). The blocks come from each stream's {@link ReceiveStatistics}; members whose streams
 * have not sent a packet yet get nothing. The interval is fixed, not RFC 3550's randomised one.
 *
 * <p>One per {@link MediaRoom}, confined to its event loop; allocation-free but for the pooled compounds.
 */
final class ReceiverReportScheduler extends RoomUnit {

    /** RFC 3550 §6.2 suggests 5 s for a session's reports; one second keeps loss figures fresh for senders. */
    static final long INTERVAL_NANOS = 1_000_000_000L;
    /** RFC 3550 §6.4.1: RC is five bits. */
    private static final int MAX_BLOCKS_PER_REPORT = 31;

    private boolean started;
    private long nextReportNanos;

    ReceiverReportScheduler(MediaRoom room) {
        super(room);
    }

    /** The media tick: sends the reports when they are due (at the first tick, then every interval). */
    void onTimeout(long nowNanos) {
        if (!started) {
            started = true;
            nextReportNanos = nowNanos;
        }
        if (nowNanos - nextReportNanos >= 0) {
            nextReportNanos = nowNanos + INTERVAL_NANOS;
            sendReports(nowNanos);
        }
    }

    /** Sends every member that publishes its compound now, whatever the schedule. */
    void sendReports(long nowNanos) {
        List<RoomMember> members = room.members();
        for (int i = 0, n = members.size(); i < n; i++) {
            sendReport(members.get(i), nowNanos);
        }
    }

    private void sendReport(RoomMember member, long nowNanos) {
        List<PublishedStream> streams = member.published();
        int blocks = 0;
        for (int j = 0, m = streams.size(); j < m; j++) {
            ReceiveStatistics statistics = streams.get(j).statistics();
            if (statistics != null && statistics.hasReport()) {
                blocks++;
            }
        }
        if (blocks == 0) {
            return;
        }
        int reports = (blocks + MAX_BLOCKS_PER_REPORT - 1) / MAX_BLOCKS_PER_REPORT;
        String cname = room.sfuCname();
        int length = reports * ReceiverReportFlyweight.MIN_LENGTH + blocks * ReportBlockFlyweight.LENGTH
                + RtcpBuilder.sdesCnameLength(ByteBufUtil.utf8Bytes(cname));
        ByteBuf compound = member.alloc().directBuffer(length + member.outbound().profile().rtcpTrailerLength());
        int reportStart = -1;
        int inReport = MAX_BLOCKS_PER_REPORT;
        for (int j = 0, m = streams.size(); j < m; j++) {
            PublishedStream stream = streams.get(j);
            ReceiveStatistics statistics = stream.statistics();
            if (statistics == null || !statistics.hasReport()) {
                continue;
            }
            if (inReport == MAX_BLOCKS_PER_REPORT) {
                reportStart = compound.writerIndex();
                RtcpBuilder.buildReceiverReport(compound, room.sfuSsrc());
                inReport = 0;
            }
            statistics.addReportBlock(compound, reportStart, stream.ssrc, nowNanos);
            inReport++;
        }
        RtcpBuilder.buildSdesCname(compound, room.sfuSsrc(), cname);
        counts.increment(member.sendRtcp(compound, FanoutCounter.RR_SENT));
    }
}
