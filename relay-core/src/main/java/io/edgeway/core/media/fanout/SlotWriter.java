package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.PayloadTypeMap;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.slot.SlotRewriter;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.media.vp8.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;

/**
 * Everything a subscriber's slot copies go through: admit the packet into the slot ({@link SlotRewriter}),
 * copy it into a pooled buffer with tailroom for the SRTP trailer, rewrite it for the slot's section (the
 * subscriber's payload type and extension IDs, its own transport-wide sequence number), renumber it as the
 * slot's stream (SSRC, sequence number, timestamp, VP8 PictureID and TL0PICIDX), protect it and queue it.
 *
 * <p><b>Retransmissions</b> go as RTX (RFC 4588) on the slot's RTX SSRC with their own sequence numbers,
 * the original sequence number (OSN) first in the payload: a new SRTP index, so nothing byte-identical is
 * needed. Only packets sent since the slot's last switch are rebuilt (the offsets that numbered them are
 * still those in force); a slot whose section has no RTX does not retransmit.
 *
 * <p><b>Probes</b> are padding-only RTX packets (RFC 3550 §5.1 padding, RFC 4588 allows empty RTX
 * payloads) carrying the transport-wide sequence number: they cost the subscriber nothing to drop and
 * show the bandwidth estimation whether the path has room.
 *
 * <p>One per {@link RoomMember} with slots, confined to the room's event loop; allocation-free but for the
 * pooled copies.
 */
final class SlotWriter {

    /** RFC 4588 §4: the original sequence number that opens an RTX payload. */
    private static final int OSN_LENGTH = 2;
    /** RFC 3550 §5.1: the last padding octet counts the padding, so one packet pads at most 255. */
    private static final int MAX_PADDING = 255;
    /** A padding packet: fixed header, a one-byte extension block of one word, the padding. */
    private static final int PADDING_HEADER_LENGTH = RtpHeaderFlyweight.FIXED_HEADER_LENGTH + 8;

    private final RoomMember subscriber;
    private final HeaderExtensionRewriter extensionRewriter = new HeaderExtensionRewriter();
    private final RtpHeaderFlyweight header = new RtpHeaderFlyweight();
    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();

    SlotWriter(RoomMember subscriber) {
        this.subscriber = subscriber;
    }

    /**
     * Offers {@code packet} of {@code stream} to {@code slot} and sends the slot's copy if the slot takes it.
     *
     * @param packet borrowed, unprotected; not modified
     * @param streamStart the packet can start a stream (video: the first packet of a key frame)
     */
    FanoutCounter forward(long nowNanos, Slot slot, PublishedStream stream, ByteBuf packet, boolean streamStart) {
        if (slot.section() == null) {
            return FanoutCounter.RTP_NOT_SUBSCRIBED;
        }
        int start = packet.readerIndex();
        int payloadType = RtpHeaderFlyweight.payloadType(packet, start);
        PayloadTypeMap payloadTypes = slot.payloadTypes(stream);
        int targetType = payloadTypes == null ? payloadType : payloadTypes.target(payloadType);
        if (targetType == PayloadTypeMap.NONE) {
            return FanoutCounter.RTP_CODEC_NOT_NEGOTIATED;
        }
        SlotRewriter rewriter = slot.rewriter;
        int admitted = rewriter.admit(stream.ssrc, RtpHeaderFlyweight.sequenceNumber(packet, start),
                (int) RtpHeaderFlyweight.timestamp(packet, start), streamStart, nowNanos);
        if (admitted != SlotRewriter.FORWARD) {
            return switch (admitted) {
                case SlotRewriter.AWAITING_KEY_FRAME -> FanoutCounter.SLOT_AWAITING_KEY_FRAME;
                case SlotRewriter.TOO_OLD -> FanoutCounter.SLOT_TOO_OLD;
                default -> FanoutCounter.SLOT_NOT_SELECTED;
            };
        }
        if (slot.current != stream) {
            switched(slot, stream);
        }
        SrtpSession outbound = subscriber.outbound();
        ByteBuf copy = copy(packet, 0, outbound.profile().rtpTrailerLength());
        int at = copy.readerIndex();
        RtpHeaderFlyweight.payloadType(copy, at, targetType);
        boolean stamped = stampExtensions(copy, slot.extensions(stream), slot.transportSequenceId());
        renumber(copy, at, rewriter.ssrc(), rewriter.outSequence(), rewriter.outTimestamp());
        if (stream.vp8(payloadType)) {
            rewriteVp8(slot, copy, 0);
        }
        return protectAndSend(nowNanos, slot, copy, stamped, FanoutCounter.RTP_FORWARDED);
    }

    /**
     * Sends the subscriber again what {@code slot} sent as {@code outSequence}, as RTX.
     *
     * @return {@link FanoutCounter#RETRANSMITTED}, or {@link FanoutCounter#RETRANSMIT_MISS} when the packet
     *     is no longer known, predates the slot's last switch, or the slot has no RTX
     */
    FanoutCounter retransmit(long nowNanos, Slot slot, int outSequence, MediaRoom room) {
        SlotRewriter rewriter = slot.rewriter;
        if (slot.section() == null || !rewriter.findSent(outSequence) || !rewriter.foundInCurrentEpoch()) {
            return FanoutCounter.RETRANSMIT_MISS;
        }
        PublishedStream stream = room.stream(rewriter.foundSourceSsrc());
        if (stream == null) {
            return FanoutCounter.RETRANSMIT_MISS;
        }
        ByteBuf cached = stream.cache.get(stream.cache.extend(rewriter.foundInSequence()));
        if (cached == null) {
            return FanoutCounter.RETRANSMIT_MISS;
        }
        int start = cached.readerIndex();
        int payloadType = RtpHeaderFlyweight.payloadType(cached, start);
        PayloadTypeMap payloadTypes = slot.payloadTypes(stream);
        int mediaType = payloadTypes == null ? payloadType : payloadTypes.target(payloadType);
        int rtxType = mediaType == PayloadTypeMap.NONE ? PayloadTypeMap.NONE : slot.rtxPayloadTypeFor(mediaType);
        if (rtxType == PayloadTypeMap.NONE || !header.wrap(cached).isValid()) {
            return FanoutCounter.RETRANSMIT_MISS;
        }
        int headerLength = header.headerLength();
        SrtpSession outbound = subscriber.outbound();
        // RFC 4588 §4: the RTX payload is the OSN followed by the original payload.
        ByteBuf copy = subscriber.alloc().directBuffer(cached.readableBytes() + OSN_LENGTH
                + outbound.profile().rtpTrailerLength());
        ByteBufCopy.append(copy, cached, start, headerLength);
        copy.writeShort(outSequence);
        ByteBufCopy.append(copy, cached, start + headerLength, cached.readableBytes() - headerLength);
        int at = copy.readerIndex();
        RtpHeaderFlyweight.payloadType(copy, at, rtxType);
        boolean stamped = stampExtensions(copy, slot.extensions(stream), slot.transportSequenceId());
        renumber(copy, at, slot.rtxSsrc, slot.takeRtxSequence(), rewriter.foundTimestamp());
        if (stream.vp8(payloadType)) {
            rewriteVp8(slot, copy, OSN_LENGTH);
        }
        return protectAndSend(nowNanos, slot, copy, stamped, FanoutCounter.RETRANSMITTED);
    }

    /**
     * Sends about {@code bytes} of padding-only RTX packets on {@code slot} (a probe); returns how many bytes
     * went, 0 when the slot cannot carry them (no RTX, no transport-wide sequence number).
     */
    int pad(long nowNanos, Slot slot, long bytes) {
        int rtxType = slot.rtxPayloadType();
        int sequenceId = slot.transportSequenceId();
        if (slot.section() == null || rtxType == PayloadTypeMap.NONE || sequenceId == 0
                || sequenceId > RtpHeaderExtensions.ONE_BYTE_MAX_ID) {
            return 0;
        }
        SrtpSession outbound = subscriber.outbound();
        int sent = 0;
        while (sent < bytes) {
            ByteBuf packet = subscriber.alloc().directBuffer(PADDING_HEADER_LENGTH + MAX_PADDING
                    + outbound.profile().rtpTrailerLength());
            RtpHeaderFlyweight.writeFixedHeader(packet, false, rtxType, slot.takeRtxSequence(),
                    slot.rewriter.lastOutTimestamp() & 0xFFFFFFFFL, slot.rtxSsrc);
            int at = packet.readerIndex();
            // P and X set: RFC 3550 §5.1 padding after an RFC 8285 one-byte extension block of one word
            // holding the transport-wide sequence number (ID, length-1 = 1, 16 bits, one pad byte).
            packet.setByte(at, packet.getUnsignedByte(at) | 0x30);
            packet.writeShort(RtpHeaderExtensions.ONE_BYTE_PROFILE).writeShort(1);
            packet.writeByte(sequenceId << 4 | 1).writeShort(subscriber.nextTransportSequence()).writeByte(0);
            packet.writeZero(MAX_PADDING - 1).writeByte(MAX_PADDING);
            int length = packet.readableBytes();
            if (protectAndSend(nowNanos, slot, packet, true, FanoutCounter.PROBE_PADDING_SENT)
                    != FanoutCounter.PROBE_PADDING_SENT) {
                break;
            }
            sent += length;
        }
        return sent;
    }

    /**
     * The slot's rewriter just switched to {@code stream} (its first packet went): the old stream stops
     * offering the slot its packets, and the subscriber is told at the next tick, whether the slot now shows
     * another source or another layer of the same one (its height is how a page tells the stage from a
     * thumbnail). The page learns of a switch when the media switches, never before, so it never puts one
     * participant's name on another's picture.
     */
    private static void switched(Slot slot, PublishedStream stream) {
        PublishedStream old = slot.current;
        slot.current = stream;
        if (old != null && old != slot.target) {
            old.unsubscribe(slot);
        }
        if (old == null || old.source != stream.source || old.layer != stream.layer) {
            slot.subscriber.slots().changed = true;
        }
    }

    private ByteBuf copy(ByteBuf packet, int extra, int trailer) {
        int length = packet.readableBytes();
        ByteBuf copy = subscriber.alloc().directBuffer(length + extra + trailer);
        ByteBufCopy.append(copy, packet, packet.readerIndex(), length);
        return copy;
    }

    private boolean stampExtensions(ByteBuf copy, ExtensionIdMap table, int transportSequenceId) {
        return table != null
                && extensionRewriter.rewrite(copy, table, transportSequenceId, subscriber.nextTransportSequence());
    }

    private static void renumber(ByteBuf copy, int at, int ssrc, int sequence, int timestamp) {
        RtpHeaderFlyweight.ssrc(copy, at, ssrc);
        RtpHeaderFlyweight.sequenceNumber(copy, at, sequence);
        RtpHeaderFlyweight.timestamp(copy, at, timestamp);
    }

    /** Rewrites the VP8 descriptor that starts {@code skip} bytes into the copy's payload. */
    private void rewriteVp8(Slot slot, ByteBuf copy, int skip) {
        if (!header.wrap(copy).isValid()) {
            return;
        }
        int payload = header.payloadOffset() + skip;
        int length = header.payloadLength() - skip;
        if (length > 0 && vp8.wrap(copy, payload, length).isValid()) {
            slot.rewriter.rewriteVp8(vp8);
        }
    }

    private FanoutCounter protectAndSend(long nowNanos, Slot slot, ByteBuf copy, boolean stamped, FanoutCounter sent) {
        int length = copy.readableBytes();
        if (subscriber.outbound().protectRtp(copy) != SrtpResult.OK) {
            copy.release();
            return FanoutCounter.RTP_PROTECT_FAILED;
        }
        if (stamped) {
            subscriber.transportSequenceTaken(nowNanos, copy.readableBytes());
        }
        if (sent == FanoutCounter.RTP_FORWARDED) {
            // RFC 3550 §6.4.1: the slot's SR counts what its own SSRC carried (not RTX), payload octets.
            slot.packetsSent++;
            slot.octetsSent += length - RtpHeaderFlyweight.FIXED_HEADER_LENGTH;
        }
        return subscriber.send(copy) ? sent : FanoutCounter.SEND_FAILED;
    }
}
