package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.netty.buffer.ByteBuf;

/**
 * How one published stream reaches one subscriber: the tables that turn the publisher's packet into the
 * subscriber's copy, and what the subscriber was sent of it. One per (published SSRC, subscriber), made
 * by the subscriber's {@link RtpWriter} on the first copy and forgotten whenever what shaped it changes
 * (either side's negotiation, the publisher leaving), so that a retransmission, which must reproduce the
 * first copy byte for byte, is only ever rebuilt with the tables that made that copy.
 *
 * <p>The rewriting steps, in the order {@link #rewrite} runs them, each in place and at the same length:
 * <ol>
 *   <li>header extensions: the publisher's IDs become the subscriber's, MID/RID and what the subscriber
 *       did not negotiate become padding, and the transport-wide sequence number becomes the
 *       subscriber's own ({@link HeaderExtensionRewriter});</li>
 * </ol>
 * Further per-subscriber rewriting (payload types, SSRC, sequence numbers, timestamps) belongs here as
 * further steps, with its state beside the tables.
 *
 * <p>Confined to the room's event loop; allocation-free after construction (the extension table is 256
 * bytes, the sent log 2 KB).
 */
final class StreamTranslation {

    private final PublishedStream stream;
    /** Null while either side has no extension map: the copy keeps the publisher's extensions. */
    private final ExtensionIdMap extensions;
    private final SentLog sent;

    StreamTranslation(PublishedStream stream, ExtensionIdMap extensions, long startedNanos) {
        this.stream = stream;
        this.extensions = extensions;
        this.sent = new SentLog(startedNanos);
    }

    PublishedStream stream() {
        return stream;
    }

    /** What the subscriber was sent of the stream, for byte-identical retransmissions. */
    SentLog sent() {
        return sent;
    }

    /**
     * Rewrites an unprotected copy for the subscriber.
     *
     * @param transportSequenceId the subscriber's ID of the transport-wide sequence number, 0 if none
     * @param transportSequence the number this copy carries there
     * @return true when the copy now carries {@code transportSequence}
     */
    boolean rewrite(ByteBuf copy, HeaderExtensionRewriter extensionRewriter, int transportSequenceId,
            int transportSequence) {
        return extensions != null
                && extensionRewriter.rewrite(copy, extensions, transportSequenceId, transportSequence);
    }
}
