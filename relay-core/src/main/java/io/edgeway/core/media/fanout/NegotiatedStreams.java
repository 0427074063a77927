package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.PayloadFormat;
import io.edgeway.core.media.sdp.SessionDescription;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one participant and the SFU agreed on, stream by stream, from a completed negotiation: for every
 * SSRC the participant publishes (on a section the SFU receives on) and every SSRC the SFU sends it (on a
 * section the SFU sends on), the m= section's payload formats and header extensions. Forwarding builds
 * each (published stream, subscriber) translation from the two ends' entries: payload types by codec
 * ({@link io.edgeway.core.media.rtp.PayloadTypeMap}), extension IDs by URI, each section with its own
 * numbering (RFC 8285 lets every section have its own, and werift uses that).
 *
 * <p>Where the SSRCs come from:
 * <ul>
 *   <li>sent streams: the {@code a=ssrc} lines of the SFU's own sending sections in the local description
 *       (the media SSRC and, where the section negotiates RTX, its FID partner);</li>
 *   <li>published streams: the {@code a=ssrc} lines of the participant's section with the same mid in the
 *       remote description, for the local sections on which the SFU receives.</li>
 * </ul>
 * A section's formats are the local section's, narrowed to the payload types the remote section with the
 * same mid lists, when it lists any (an answer may accept fewer formats than were offered, RFC 3264 §6.1).
 *
 * <p>A subscriber with a description receives only the SSRCs it names: a stream it has not agreed to (its
 * answer has not arrived yet, or its section for it lacks the RTX SSRC) never reaches it.
 *
 * <p>Immutable once built; built on the media loop when a negotiation completes, read there.
 */
public final class NegotiatedStreams {

    /**
     * One SSRC's m= section as agreed.
     *
     * @param formats the section's payload formats, in the number space of the side that receives
     * @param extensions the section's header extensions
     */
    public record Stream(long ssrc, String mid, String kind, List<PayloadFormat> formats,
                         HeaderExtensionMap extensions) {
        public Stream {
            Objects.requireNonNull(mid, "mid");
            formats = List.copyOf(formats);
            Objects.requireNonNull(extensions, "extensions");
        }
    }

    private final IntObjectHashMap<Stream> published = new IntObjectHashMap<>();
    private final IntObjectHashMap<Stream> sent = new IntObjectHashMap<>();
    /** Sections the participant publishes on, by mid, with or without SSRCs (simulcast by RID has none). */
    private final java.util.Map<String, Stream> publishedByMid = new java.util.HashMap<>();
    private final HeaderExtensionMap extensions;

    private NegotiatedStreams(HeaderExtensionMap extensions) {
        this.extensions = extensions;
    }

    /**
     * The streams of a completed negotiation.
     *
     * @param local the SFU's description the participant agreed to (its answer, or its offer once answered)
     * @param remote the participant's side of the same negotiation (its offer, or its answer); null when
     *     unknown, and then no published stream is described
     * @throws IllegalArgumentException when the local description gives one extension ID two URIs
     *     ({@link HeaderExtensionMap#fromSession})
     */
    public static NegotiatedStreams of(SessionDescription local, SessionDescription remote) {
        NegotiatedStreams streams = new NegotiatedStreams(HeaderExtensionMap.fromSession(local));
        for (MediaDescription section : local.media()) {
            if (section.isRejected() || !section.isRtp() || section.mid() == null) {
                continue;
            }
            MediaDescription theirs = remote == null ? null : remote.media(section.mid());
            if (theirs != null && (theirs.isRejected() || !theirs.kind().equals(section.kind()))) {
                continue;
            }
            List<PayloadFormat> formats = agreedFormats(section, theirs);
            HeaderExtensionMap sectionExtensions = HeaderExtensionMap.fromSection(section);
            if (section.direction().sends()) {
                for (long ssrc : section.ssrcs()) {
                    streams.sent.put((int) ssrc, new Stream(ssrc, section.mid(), section.kind(), formats,
                            sectionExtensions));
                }
            }
            if (section.direction().receives() && theirs != null && theirs.direction().sends()) {
                streams.publishedByMid.put(section.mid(), new Stream(0, section.mid(), section.kind(), formats,
                        sectionExtensions));
                for (long ssrc : theirs.ssrcs()) {
                    streams.published.put((int) ssrc, new Stream(ssrc, section.mid(), section.kind(), formats,
                            sectionExtensions));
                }
            }
        }
        return streams;
    }

    /** The section of {@code ssrc} that the participant publishes on, or null. */
    public Stream published(int ssrc) {
        return published.get(ssrc);
    }

    /**
     * The section with {@code mid} that the participant publishes on (its SSRC field is 0), or null: for
     * streams whose SSRCs the SDP does not name, such as simulcast layers known by RID.
     */
    public Stream publishedByMid(String mid) {
        return publishedByMid.get(mid);
    }

    /** The section on which the SFU sends the participant {@code ssrc}, or null: it has not agreed to it. */
    public Stream sent(int ssrc) {
        return sent.get(ssrc);
    }

    /** The session's extension map ({@link HeaderExtensionMap#fromSession} of the local description). */
    public HeaderExtensionMap extensions() {
        return extensions;
    }

    private static List<PayloadFormat> agreedFormats(MediaDescription local, MediaDescription remote) {
        if (remote == null || !remote.isRtp()) {
            return local.payloadFormats();
        }
        List<PayloadFormat> agreed = new ArrayList<>();
        for (PayloadFormat f : local.payloadFormats()) {
            if (remote.payloadFormat(f.payloadType()) != null) {
                agreed.add(f);
            }
        }
        return agreed.isEmpty() ? local.payloadFormats() : agreed;
    }

    @Override
    public String toString() {
        return "NegotiatedStreams[published " + published.keySet() + ", sent " + sent.keySet() + "]";
    }
}
