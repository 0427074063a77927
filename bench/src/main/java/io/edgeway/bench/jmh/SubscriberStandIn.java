package io.edgeway.bench.jmh;

import io.edgeway.core.media.fanout.RoomMember;
import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * A browser that receives through slots in {@link SlotSession}: its address, its room member, its mirror
 * SRTP sessions and the SSRCs of its slots. While the session settles it decrypts every copy it is sent
 * (so that the checked run can read them, and so that a copy its keys do not authenticate fails the
 * setup) and reports their arrival in transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1), as though over a perfect path of {@link #PATH_DELAY_NANOS}: the SFU's estimate of its downlink
 * climbs, through the SFU's own probes, to what its slots want. During the measurement it does nothing:
 * the benchmark only counts and releases what the SFU sends. Confined to the benchmark thread.
 */
final class SubscriberStandIn {

    static final long PATH_DELAY_NANOS = 20_000_000L;
    private static final int MAX_ARRIVALS = TransportFeedbackBuilder.MAX_STATUS_COUNT;
    private static final int MAX_FEEDBACK_LENGTH = 1100;

    final InetSocketAddress address;
    final RoomMember member;
    final int[] audioSlots;
    final int[] videoSlots;
    final int[] videoRtxSlots;
    private final SrtpSession send;
    final SrtpSession receive;
    /** The subscriber's ID of the transport-wide sequence number in its slots' sections. */
    private final int transportCcId;
    private final int rtcpSsrc;
    private final RtpHeaderFlyweight header = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions extensions = new RtpHeaderExtensions();
    private final TransportFeedbackBuilder feedback = new TransportFeedbackBuilder(MAX_FEEDBACK_LENGTH);
    private final int[] arrivedSequences = new int[MAX_ARRIVALS];
    private final long[] arrivedNanos = new long[MAX_ARRIVALS];
    private int arrived;
    private int feedbackPackets;

    SubscriberStandIn(InetSocketAddress address, RoomMember member, SrtpSession send, SrtpSession receive,
            int[] audioSlots, int[] videoSlots, int[] videoRtxSlots, int transportCcId, int rtcpSsrc) {
        this.address = address;
        this.member = member;
        this.send = send;
        this.receive = receive;
        this.audioSlots = audioSlots;
        this.videoSlots = videoSlots;
        this.videoRtxSlots = videoRtxSlots;
        this.transportCcId = transportCcId;
        this.rtcpSsrc = rtcpSsrc;
    }

    /**
     * A copy the SFU sent it, protected (borrowed): its transport-wide number is noted with its arrival time
     * and it is decrypted in place.
     *
     * @throws IllegalStateException if it does not authenticate under the subscriber's keys
     */
    void receive(ByteBuf copy, long sentNanos) {
        if (header.wrap(copy).isValid() && header.extension()) {
            int sequence = TransportWideSequence.find(extensions.wrap(header), transportCcId);
            if (sequence != TransportWideSequence.NOT_PRESENT && arrived < MAX_ARRIVALS) {
                arrivedSequences[arrived] = sequence;
                arrivedNanos[arrived] = sentNanos + PATH_DELAY_NANOS;
                arrived++;
            }
        }
        SrtpResult result = receive.unprotectRtp(copy);
        if (result != SrtpResult.OK) {
            throw new IllegalStateException("a copy to " + member + " did not authenticate: " + result);
        }
    }

    /**
     * The transport-wide feedback for everything that arrived since the last call (arrival order is send
     * order on this path), SRTCP-protected and owned by the caller; null when nothing arrived.
     */
    ByteBuf feedback(ByteBufAllocator alloc) {
        if (arrived == 0) {
            return null;
        }
        ByteBuf out = alloc.directBuffer(MAX_FEEDBACK_LENGTH + send.profile().rtcpTrailerLength());
        int i = 0;
        // One packet holds the first run of numbers that fits; the rest waits for the next tick.
        feedback.begin(rtcpSsrc, videoSlots[0], arrivedSequences[0], arrivedNanos[0], feedbackPackets++);
        while (i < arrived && feedback.addReceived(arrivedSequences[i], arrivedNanos[i])) {
            i++;
        }
        feedback.write(out);
        System.arraycopy(arrivedSequences, i, arrivedSequences, 0, arrived - i);
        System.arraycopy(arrivedNanos, i, arrivedNanos, 0, arrived - i);
        arrived -= i;
        if (send.protectRtcp(out) != SrtpResult.OK) {
            out.release();
            throw new IllegalStateException("the subscriber's SRTCP refused its own feedback");
        }
        return out;
    }

    /** Whether {@code ssrc} is one of its media slots (not an RTX slot: retransmissions and probes). */
    boolean isMediaSlot(int ssrc) {
        for (int s : audioSlots) {
            if (s == ssrc) {
                return true;
            }
        }
        for (int s : videoSlots) {
            if (s == ssrc) {
                return true;
            }
        }
        return false;
    }
}
