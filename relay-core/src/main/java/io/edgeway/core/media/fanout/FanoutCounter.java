package io.edgeway.core.media.fanout;

/**
 * What happened to each SRTP/SRTCP packet (or each forwarded copy) in a {@link MediaRoom}. Low-cardinality
 * metric tag values; every drop has its own reason so a silent room can be explained from counters alone.
 */
public enum FanoutCounter {

    /** One RTP copy protected for a subscriber and queued on its transport. */
    RTP_FORWARDED,
    /** An RTP packet that authenticated but had nobody else in the room to go to. */
    RTP_NO_SUBSCRIBER,
    /** An RTP packet that failed SRTP unprotect (bad tag, replay, malformed, ...): reached nobody. */
    RTP_UNPROTECT_FAILED,
    /** An authenticated RTP packet whose SSRC another participant already publishes: reached nobody. */
    RTP_SSRC_CONFLICT,
    /**
     * An authenticated RTP packet of an SSRC its sender never signalled, in a room that takes only
     * signalled streams ({@link MediaRoom#requireSignalledSsrcs()}): reached nobody.
     */
    RTP_UNSIGNALLED_SSRC,
    /**
     * One RTP copy not made: the subscriber's latest negotiation does not name the SSRC (its answer to the
     * offer that adds the stream has not arrived, or its section for it carries no RTX).
     */
    RTP_NOT_SUBSCRIBED,
    /**
     * One RTP copy not made: the subscriber agreed to the stream but not to the codec of this packet (no
     * payload type of its section is the same codec, or for RTX none is bound to that codec's type).
     */
    RTP_CODEC_NOT_NEGOTIATED,
    /** One RTP copy the subscriber's outbound session refused to protect. */
    RTP_PROTECT_FAILED,
    /** One RTP or RTCP copy whose subscriber had no selected pair (or was gone). */
    SEND_FAILED,
    /** A PLI/FIR dropped because its stream's publisher was asked for a keyframe moments ago. */
    RTCP_FEEDBACK_THROTTLED,
    /** A PLI or FIR handed on to the publisher of its media SSRC. */
    RTCP_FEEDBACK_FORWARDED,
    /** An SRTCP packet that failed unprotect. */
    RTCP_UNPROTECT_FAILED,
    /** An authenticated RTCP packet with nothing to forward or answer (RR, SDES, REMB, ...): consumed here. */
    RTCP_CONSUMED,
    /**
     * A PLI, FIR or NACK for an SSRC nobody else in the room publishes, or one its sender has not agreed
     * to receive.
     */
    RTCP_UNKNOWN_MEDIA_SSRC,
    /** One RTCP copy the publisher's outbound session refused to protect. */
    RTCP_PROTECT_FAILED,
    /** A Generic NACK (RFC 4585 §6.2.1) from a subscriber for a stream another member publishes. */
    NACK_RECEIVED,
    /** One packet a NACK asked for, sent again from the retransmission cache. */
    RETRANSMITTED,
    /**
     * One packet a NACK asked for that could not be sent again: not in the cache (lost before it reached
     * the SFU, or older than the cache), or never sent to that subscriber at an SRTP index still free.
     */
    RETRANSMIT_MISS,
    /** A NACK from the SFU asking a publisher for packets the cache lacks. */
    NACK_FORWARDED,
    /** One copy of a publisher's sender report (report blocks stripped) queued for a subscriber. */
    SR_FORWARDED,
    /** One compound receiver report (RR blocks for every SSRC it publishes, SDES) queued for a publisher. */
    RR_SENT,
    /** One transport-wide congestion control feedback packet (RTPFB FMT 15) queued for a publisher. */
    TRANSPORT_FEEDBACK_SENT,
    /** A packet from a member that already left the room: dropped before anything else. */
    FROM_NON_MEMBER,
    /** A slot that took a stream did not forward a packet of it: not its source now (a switch just ended). */
    SLOT_NOT_SELECTED,
    /** A slot switching to a stream dropped a packet of it while waiting for its key frame. */
    SLOT_AWAITING_KEY_FRAME,
    /** A slot dropped a late packet it could not place (from before its switch, or beyond its window). */
    SLOT_TOO_OLD,
    /** An audio packet of a heard source not forwarded because it is silence (its level below speech). */
    AUDIO_SILENCE_SKIPPED,
    /** A key frame request the SFU sent a publisher because a slot switched to one of its streams. */
    SWITCH_KEYFRAME_REQUESTED,
    /** A padding-only RTX packet sent to a subscriber to probe its bandwidth. */
    PROBE_PADDING_SENT,
    /** A transport-wide feedback packet from a subscriber, read by its bandwidth estimation. */
    TRANSPORT_FEEDBACK_RECEIVED,
    /** An RTX packet (RFC 4588) from a publisher: its original put back into the stream's cache. */
    RTP_REPAIR_RECEIVED,
    /** A simulcast layer's SSRC learnt from the RID its first packet carried (RFC 8852). */
    RTP_RID_LEARNED
}
