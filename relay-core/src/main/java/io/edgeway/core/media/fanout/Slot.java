package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.PayloadTypeMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.PayloadFormat;
import io.edgeway.core.media.slot.SlotRewriter;
import java.util.List;

/**
 * One of a subscriber's stable slots: an outgoing stream with its own SSRC (and RTX SSRC for video),
 * announced once in the subscriber's SDP, that carries whichever source the {@link RoomSelection} puts
 * there: a speaker's audio, or one layer of a participant's camera or screen. The {@link SlotRewriter}
 * keeps the stream continuous across those changes; this class adds what the slot's m= section agreed
 * (payload types and extension IDs of the subscriber) and the translation from the current source's
 * section into it.
 *
 * <p>Confined to the room's event loop. Translations are built when the slot's source changes (about once
 * a second at most), never per packet.
 */
final class Slot {

    final RoomMember subscriber;
    final MediaSource.Kind kind;
    /** Its position among the subscriber's slots of its kind. */
    final int position;
    final SlotRewriter rewriter;
    final int rtxSsrc;
    final String cname;
    /** The subscriber's section for this slot once negotiated, else null (nothing is sent before). */
    private NegotiatedStreams.Stream section;
    private int rtxPayloadType = PayloadTypeMap.NONE;
    private int nextRtxSequence;

    /** The index of the source the slot carried last (it may come back here), or -1. */
    int lastSourceIndex = -1;
    /** The source the slot is assigned to, or null; and which of its layers. */
    MediaSource source;
    int layer = -1;
    /** The stream the rewriter targets now (a layer of {@link #source}), or null. */
    PublishedStream target;
    /** The stream the rewriter last forwarded (may differ from {@link #target} during a switch). */
    PublishedStream current;
    private PublishedStream translatedStream;
    private PayloadTypeMap payloadTypes;
    private ExtensionIdMap extensions;
    // RTCP sender report counts (RFC 3550 §6.4.1) of what this slot sent.
    long packetsSent;
    long octetsSent;

    Slot(RoomMember subscriber, MediaSource.Kind kind, int position, int ssrc, int rtxSsrc, String cname,
            int firstSequence, int firstTimestamp) {
        this.subscriber = subscriber;
        this.kind = kind;
        this.position = position;
        this.rtxSsrc = rtxSsrc;
        this.cname = cname;
        this.rewriter = new SlotRewriter(ssrc, kind == MediaSource.Kind.AUDIO ? 48_000 : 90_000,
                kind == MediaSource.Kind.VIDEO, firstSequence, firstTimestamp);
        this.nextRtxSequence = firstSequence ^ 0x5A5A;
    }

    int ssrc() {
        return rewriter.ssrc();
    }

    /** The subscriber's m= section of this slot, or null before it agreed to one. */
    NegotiatedStreams.Stream section() {
        return section;
    }

    /** The subscriber's latest negotiation describes this slot's section (or no longer does: null). */
    void section(NegotiatedStreams.Stream negotiated) {
        this.section = negotiated;
        this.translatedStream = null;
        this.rtxPayloadType = PayloadTypeMap.NONE;
        if (negotiated != null) {
            for (PayloadFormat f : negotiated.formats()) {
                if (f.isRtx()) {
                    rtxPayloadType = f.payloadType();
                    break;
                }
            }
        }
    }

    /** The subscriber's ID of the transport-wide sequence number in this slot's section, 0 if none. */
    int transportSequenceId() {
        return section == null ? 0 : section.extensions().id(TransportWideSequence.URI);
    }

    /**
     * The payload type table from {@code stream}'s section into this slot's, built when the stream first
     * reaches the slot after a change; null when either side has no description (payload types left alone).
     */
    PayloadTypeMap payloadTypes(PublishedStream stream) {
        translate(stream);
        return payloadTypes;
    }

    /** The extension ID table from {@code stream}'s section into this slot's; null leaves them alone. */
    ExtensionIdMap extensions(PublishedStream stream) {
        translate(stream);
        return extensions;
    }

    private void translate(PublishedStream stream) {
        if (translatedStream == stream) {
            return;
        }
        translatedStream = stream;
        NegotiatedStreams.Stream from = stream.description();
        payloadTypes = from != null && section != null ? PayloadTypeMap.between(from.formats(), section.formats()) : null;
        HeaderExtensionMap fromIds = from != null ? from.extensions() : stream.publisher.extensions();
        HeaderExtensionMap toIds = section != null ? section.extensions() : null;
        extensions = fromIds == null || toIds == null ? null
                : ExtensionIdMap.between(fromIds, toIds, HeaderExtensionRewriter.WITHHELD);
    }

    /** The subscriber's RTX payload type in this slot's section, or {@link PayloadTypeMap#NONE}. */
    int rtxPayloadType() {
        return rtxPayloadType;
    }

    /** The RTX payload type whose apt is {@code payloadType} in this slot's section, or NONE. */
    int rtxPayloadTypeFor(int payloadType) {
        if (section == null) {
            return PayloadTypeMap.NONE;
        }
        List<PayloadFormat> formats = section.formats();
        for (int i = 0, n = formats.size(); i < n; i++) {
            PayloadFormat f = formats.get(i);
            if (f.isRtx() && f.associatedPayloadType() == payloadType) {
                return f.payloadType();
            }
        }
        return PayloadTypeMap.NONE;
    }

    /** The next RTX sequence number (RFC 4588 §4: its own sequence space). */
    int takeRtxSequence() {
        int sequence = nextRtxSequence;
        nextRtxSequence = (nextRtxSequence + 1) & 0xFFFF;
        return sequence;
    }

    @Override
    public String toString() {
        return "Slot[" + kind + " " + position + " of " + subscriber + " -> " + source + "]";
    }
}
