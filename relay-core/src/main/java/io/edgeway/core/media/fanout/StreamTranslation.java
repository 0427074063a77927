package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.PayloadTypeMap;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.netty.buffer.ByteBuf;

/**
 * How one published stream reaches one subscriber: whether the subscriber agreed to it, the tables that
 * turn the publisher's packet into the subscriber's copy, and what the subscriber was sent of it. One per
 * (published SSRC, subscriber), made by the subscriber's {@link RtpWriter} on the first packet and
 * forgotten whenever what shaped it changes (either side's negotiation, the publisher leaving), so that a
 * retransmission, which must reproduce the first copy byte for byte, is only ever rebuilt with the tables
 * that made that copy.
 *
 * <p>Before a copy is made: the subscriber must have agreed to the SSRC ({@link #subscribed()}) and to the
 * packet's codec ({@link #carries}). Then the rewriting steps, in the order {@link #rewrite} runs them,
 * each in place and at the same length:
 * <ol>
 *   <li>payload type: the publisher's number for the codec becomes the subscriber's, an RTX packet's by
 *       its {@code apt} ({@link PayloadTypeMap});</li>
 *   <li>header extensions: the publisher's IDs become the subscriber's, MID/RID and what the subscriber
 *       did not negotiate become padding, and the transport-wide sequence number becomes the
 *       subscriber's own ({@link HeaderExtensionRewriter}).</li>
 * </ol>
 * Further per-subscriber rewriting (SSRC, sequence numbers, timestamps, codec payload descriptors) belongs
 * here as further steps, with its state beside the tables.
 *
 * <p>Without a description on either side (the member was never given its SDP) the payload type is left
 * alone; without an extension map on either side the extensions are.
 *
 * <p>Confined to the room's event loop; allocation-free after construction (the tables are 256 and 128
 * bytes, the sent log 2 KB).
 */
final class StreamTranslation {

    private final PublishedStream stream;
    private final boolean subscribed;
    /** Null: payload types go unchanged. */
    private final PayloadTypeMap payloadTypes;
    /** Null while either side has no extension map: the copy keeps the publisher's extensions. */
    private final ExtensionIdMap extensions;
    /** The subscriber's ID of the transport-wide sequence number in this stream's copies, 0 if none. */
    private final int transportSequenceId;
    private final SentLog sent;

    private StreamTranslation(PublishedStream stream, boolean subscribed, PayloadTypeMap payloadTypes,
            ExtensionIdMap extensions, int transportSequenceId, long startedNanos) {
        this.stream = stream;
        this.subscribed = subscribed;
        this.payloadTypes = payloadTypes;
        this.extensions = extensions;
        this.transportSequenceId = transportSequenceId;
        this.sent = new SentLog(startedNanos);
    }

    /**
     * A translation for a subscriber that agreed to the stream.
     *
     * @param payloadTypes null to leave payload types alone
     * @param extensions null to leave extensions alone
     */
    static StreamTranslation of(PublishedStream stream, PayloadTypeMap payloadTypes, ExtensionIdMap extensions,
            int transportSequenceId, long startedNanos) {
        return new StreamTranslation(stream, true, payloadTypes, extensions, transportSequenceId, startedNanos);
    }

    /** The stand-in for a stream the subscriber has not agreed to: nothing of it reaches it. */
    static StreamTranslation notSubscribed(PublishedStream stream, long nowNanos) {
        return new StreamTranslation(stream, false, null, null, 0, nowNanos);
    }

    PublishedStream stream() {
        return stream;
    }

    /** Whether the subscriber's negotiation names this SSRC. */
    boolean subscribed() {
        return subscribed;
    }

    /**
     * Whether the subscriber agreed to the codec of {@code packet} (unprotected RTP at its reader index):
     * always when payload types go unchanged.
     */
    boolean carries(ByteBuf packet) {
        return payloadTypes == null
                || payloadTypes.target(RtpHeaderFlyweight.payloadType(packet, packet.readerIndex())) != PayloadTypeMap.NONE;
    }

    /** What the subscriber was sent of the stream, for byte-identical retransmissions. */
    SentLog sent() {
        return sent;
    }

    /**
     * Rewrites an unprotected copy for the subscriber; {@link #carries} must have said yes for it.
     *
     * @param transportSequence the number this copy carries as the transport-wide sequence number
     * @return true when the copy now carries {@code transportSequence}
     */
    boolean rewrite(ByteBuf copy, HeaderExtensionRewriter extensionRewriter, int transportSequence) {
        if (payloadTypes != null) {
            int start = copy.readerIndex();
            RtpHeaderFlyweight.payloadType(copy, start,
                    payloadTypes.target(RtpHeaderFlyweight.payloadType(copy, start)));
        }
        return extensions != null
                && extensionRewriter.rewrite(copy, extensions, transportSequenceId, transportSequence);
    }
}
