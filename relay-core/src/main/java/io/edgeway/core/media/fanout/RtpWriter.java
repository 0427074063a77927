package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.PayloadTypeMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

/**
 * Everything one subscriber's RTP copies go through: copy the publisher's unprotected packet into a
 * pooled buffer with tailroom for the subscriber's SRTP trailer, rewrite it for the subscriber
 * ({@link StreamTranslation}: its payload type and header extensions), protect it with the subscriber's
 * outbound session, queue it on its transport and note in the stream's sent log which transport-wide
 * number it left with. A stream the subscriber has not agreed to, or a codec of it the subscriber did not
 * negotiate, is not copied at all.
 *
 * <p>The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) belongs
 * to the subscriber's transport, so it is one counter per writer, taken only by a copy that was
 * protected: the subscriber sees no gap the SFU made itself.
 *
 * <p>A retransmission ({@link #retransmit}) must be the very bytes first sent: under AES-GCM, the profile
 * browsers pick, the same IV over a different header would reveal the authentication key. It is rebuilt
 * from the cached packet by the same translation with the transport-wide number the sent log recorded
 * and protected again at its original index ({@link SrtpSession#protectRtpRetransmission}). A packet the
 * subscriber was never sent (it joined later, or its translation was rebuilt since) goes out as a first
 * transmission if its SRTP index is still unused.
 *
 * <p>One per {@link RoomMember}, confined to the room's event loop; allocation-free but for the pooled
 * copy, once a translation exists.
 */
final class RtpWriter {

    private final RoomMember subscriber;
    private final HeaderExtensionRewriter extensionRewriter = new HeaderExtensionRewriter();
    /** Published SSRC -> how it reaches this subscriber; made on the first copy. */
    private final IntObjectHashMap<StreamTranslation> translations = new IntObjectHashMap<>();

    RtpWriter(RoomMember subscriber) {
        this.subscriber = subscriber;
    }

    /**
     * Sends the subscriber its copy of {@code packet}, a first transmission.
     *
     * @param packet borrowed, unprotected; not modified
     * @param extended its extended sequence number in the stream's cache, or {@link RetransmissionCache#EMPTY}
     *     when it was not cached (then it is not logged either)
     * @return what became of the copy: {@link FanoutCounter#RTP_FORWARDED}, {@link FanoutCounter#RTP_PROTECT_FAILED}
     *     or {@link FanoutCounter#SEND_FAILED}; or why none was made: {@link FanoutCounter#RTP_NOT_SUBSCRIBED},
     *     {@link FanoutCounter#RTP_CODEC_NOT_NEGOTIATED}
     */
    FanoutCounter forward(long nowNanos, PublishedStream stream, ByteBuf packet, long extended) {
        StreamTranslation translation = translation(stream, nowNanos);
        if (!translation.subscribed()) {
            return FanoutCounter.RTP_NOT_SUBSCRIBED;
        }
        if (!translation.carries(packet)) {
            return FanoutCounter.RTP_CODEC_NOT_NEGOTIATED;
        }
        SrtpSession outbound = subscriber.outbound();
        ByteBuf copy = copyForProtection(packet, outbound.profile().rtpTrailerLength());
        int transportSequence = subscriber.nextTransportSequence();
        boolean stamped = translation.rewrite(copy, extensionRewriter, transportSequence);
        if (outbound.protectRtp(copy) != SrtpResult.OK) {
            copy.release();
            return FanoutCounter.RTP_PROTECT_FAILED;
        }
        if (stamped) {
            // Only a copy that leaves takes a number, so the subscriber sees no gap we made ourselves.
            subscriber.transportSequenceTaken(nowNanos, copy.readableBytes());
        }
        if (extended != RetransmissionCache.NOT_CACHED) {
            translation.sent().record(extended, transportSequence);
        }
        return subscriber.send(copy) ? FanoutCounter.RTP_FORWARDED : FanoutCounter.SEND_FAILED;
    }

    /**
     * Sends cached packet {@code extended} of {@code stream} again (a NACK asked for it).
     *
     * @param cached borrowed, unprotected; not modified
     * @return {@link FanoutCounter#RETRANSMITTED}, {@link FanoutCounter#RETRANSMIT_MISS} (SRTP refused the
     *     index) or {@link FanoutCounter#SEND_FAILED}
     */
    FanoutCounter retransmit(long nowNanos, PublishedStream stream, ByteBuf cached, long extended) {
        StreamTranslation translation = translation(stream, nowNanos);
        if (!translation.subscribed() || !translation.carries(cached)) {
            return FanoutCounter.RETRANSMIT_MISS;
        }
        SrtpSession outbound = subscriber.outbound();
        ByteBuf copy = copyForProtection(cached, outbound.profile().rtpTrailerLength());
        int sentWith = translation.sent().transportSequence(extended);
        SrtpResult result;
        if (sentWith != SentLog.NOT_SENT) {
            // The first copy's bytes again: same packet, same translation, same transport-wide number.
            translation.rewrite(copy, extensionRewriter, sentWith);
            result = outbound.protectRtpRetransmission(copy);
        } else {
            // Never sent to this member: a first transmission, which SRTP refuses if the index was used.
            int transportSequence = subscriber.nextTransportSequence();
            boolean stamped = translation.rewrite(copy, extensionRewriter, transportSequence);
            result = outbound.protectRtp(copy);
            if (result == SrtpResult.OK) {
                if (stamped) {
                    subscriber.transportSequenceTaken(nowNanos, copy.readableBytes());
                }
                translation.sent().record(extended, transportSequence);
            }
        }
        if (result != SrtpResult.OK) {
            copy.release();
            return FanoutCounter.RETRANSMIT_MISS;
        }
        return subscriber.send(copy) ? FanoutCounter.RETRANSMITTED : FanoutCounter.SEND_FAILED;
    }

    /** How {@code ssrc} reaches this subscriber, or null if it was sent nothing of it since the last change. */
    StreamTranslation existing(int ssrc) {
        return translations.get(ssrc);
    }

    /** Forgets how {@code ssrc} reached this subscriber (its publisher left or renegotiated). */
    void forget(int ssrc) {
        translations.remove(ssrc);
    }

    /** Forgets every translation (this subscriber renegotiated). */
    void forgetAll() {
        translations.clear();
    }

    /** The translation of {@code stream} for this subscriber, made on first use (not per packet). */
    private StreamTranslation translation(PublishedStream stream, long nowNanos) {
        StreamTranslation translation = translations.get(stream.ssrc);
        if (translation == null) {
            translation = newTranslation(stream, nowNanos);
            translations.put(stream.ssrc, translation);
        }
        return translation;
    }

    /**
     * Builds the tables from both ends' negotiations: each side's section of the SSRC where its SDP
     * describes it, else its session-wide extension map (and payload types left alone).
     */
    private StreamTranslation newTranslation(PublishedStream stream, long nowNanos) {
        NegotiatedStreams mine = subscriber.streams();
        NegotiatedStreams.Stream to = mine == null ? null : mine.sent(stream.ssrc);
        if (mine != null && to == null) {
            return StreamTranslation.notSubscribed(stream, nowNanos);
        }
        NegotiatedStreams.Stream from = stream.description();
        PayloadTypeMap payloadTypes = from != null && to != null
                ? PayloadTypeMap.between(from.formats(), to.formats()) : null;
        HeaderExtensionMap fromIds = from != null ? from.extensions() : stream.publisher.extensions();
        HeaderExtensionMap toIds = to != null ? to.extensions() : subscriber.extensions();
        ExtensionIdMap extensions = fromIds == null || toIds == null ? null
                : ExtensionIdMap.between(fromIds, toIds, HeaderExtensionRewriter.WITHHELD);
        int transportSequenceId = to != null ? to.extensions().id(TransportWideSequence.URI)
                : subscriber.transportSequenceId();
        return StreamTranslation.of(stream, payloadTypes, extensions, transportSequenceId, nowNanos);
    }

    private ByteBuf copyForProtection(ByteBuf packet, int trailer) {
        int length = packet.readableBytes();
        ByteBuf copy = subscriber.alloc().directBuffer(length + trailer);
        ByteBufCopy.append(copy, packet, packet.readerIndex(), length);
        return copy;
    }
}
