package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Transport-wide congestion control feedback toward publishers
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT 15), so that each publisher's
 * bandwidth estimation runs against the SFU. The transport-wide sequence number of every authenticated
 * packet from a member that negotiated it is recorded with its arrival time in the member's
 * {@link TransportFeedbackRecorder} ({@link #record}); each media tick drains it into as many feedback
 * packets of at most {@link #MAX_FEEDBACK_LENGTH} bytes as needed, from the room's SSRC, with the
 * member's first published SSRC as media SSRC (the draft leaves it open; the sender reads the transport,
 * not the stream). A full ring is reported at once.
 *
 * <p>One per {@link MediaRoom}, confined to its event loop (its flyweights and builder are reused);
 * allocation-free but for the pooled feedback packets and each member's recorder, made once.
 */
final class TransportFeedbackSender extends RoomUnit {

    /** Transport-wide feedback packets stay well under a path MTU, SRTCP trailer and IP/UDP headers added. */
    static final int MAX_FEEDBACK_LENGTH = 1100;

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions extensions = new RtpHeaderExtensions();
    private final TransportFeedbackBuilder feedback = new TransportFeedbackBuilder(MAX_FEEDBACK_LENGTH);

    TransportFeedbackSender(MediaRoom room) {
        super(room);
    }

    /**
     * Notes the transport-wide sequence number (draft §2) of an authenticated packet from {@code from},
     * under the ID {@code id} (the stream's section's, else the member's); a full ring is reported at once.
     *
     * @param id the extension ID of the transport-wide sequence number in this packet, 0 if none
     * @param packet unprotected RTP, borrowed and not modified
     */
    void record(long nowNanos, RoomMember from, int id, ByteBuf packet) {
        if (id == 0 || !rtp.wrap(packet).extension()) {
            return;
        }
        int sequence = TransportWideSequence.find(extensions.wrap(rtp), id);
        if (sequence == TransportWideSequence.NOT_PRESENT) {
            return;
        }
        TransportFeedbackRecorder recorder = from.feedbackRecorder();
        if (!recorder.record(sequence, nowNanos)) {
            send(from);
            recorder.record(sequence, nowNanos);
        }
    }

    /** The media tick: every member gets the feedback for what arrived since the last tick. */
    void onTimeout() {
        List<RoomMember> members = room.members();
        for (int i = 0, n = members.size(); i < n; i++) {
            send(members.get(i));
        }
    }

    /** Draft §3.1: tells {@code member} when each of its packets since the last feedback arrived. */
    private void send(RoomMember member) {
        TransportFeedbackRecorder recorder = member.existingFeedbackRecorder();
        if (recorder == null || recorder.isEmpty()) {
            return;
        }
        int n = recorder.drainSorted();
        List<PublishedStream> streams = member.published();
        int mediaSsrc = streams.isEmpty() ? 0 : streams.get(0).ssrc;
        int base = recorder.firstBase();
        int i = 0;
        while (i < n) {
            feedback.begin(room.sfuSsrc(), mediaSsrc, base, recorder.arrival(i), recorder.nextFeedbackPacketCount());
            int first = i;
            while (i < n && feedback.addReceived(recorder.sequence(i), recorder.arrival(i))) {
                i++;
            }
            if (i == first) {
                // Cannot happen with a base from the recorder; never loop on it.
                i++;
                continue;
            }
            ByteBuf packet = member.alloc().directBuffer(
                    feedback.length() + member.outbound().profile().rtcpTrailerLength());
            feedback.write(packet);
            counts.increment(member.sendRtcp(packet, FanoutCounter.TRANSPORT_FEEDBACK_SENT));
            if (i < n) {
                base = recorder.sequence(i);
            }
        }
        recorder.reported();
    }
}
