package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a browser's offer on behalf of the SFU (RFC 3264 §6, JSEP RFC 8829 §5.3).
 *
 * <h2>What the answer says</h2>
 * <ul>
 *   <li>Session: {@code a=ice-lite} (the SFU only answers connectivity checks, RFC 8445 §2.5),
 *       {@code a=group:BUNDLE} over every accepted mid in offer order, so that the offer's BUNDLE-tag
 *       stays the tag (RFC 8843), and {@code a=msid-semantic: WMS *}. {@code a=extmap-allow-mixed} is
 *       not echoed: the SFU reads and writes one-byte header extensions only (RFC 8285 §4.2), and
 *       every id it keeps is below 15.</li>
 *   <li>Every accepted m= section: the default candidate on the m= and c= lines, the SFU's
 *       {@code ice-ufrag}, {@code ice-pwd} and {@code fingerprint}, {@code a=setup:passive} (the browser
 *       is the DTLS client, RFC 8842 §5.3), {@code a=rtcp-mux} (RTP and RTCP share the one port,
 *       RFC 5761), {@code a=rtcp-rsize} when offered (RFC 5506: so the SFU must accept reduced-size
 *       RTCP), the codecs, feedback and extensions of {@link SfuMediaPolicy}, every candidate and
 *       {@code a=end-of-candidates}. Chromium writes the transport attributes into every bundled
 *       section as well, so the answer looks like the browser's own.</li>
 *   <li>A section the SFU cannot take keeps its place with port 0 (RFC 3264 §6: the answer has as many
 *       m= lines as the offer, and a rejected stream has port zero), its mid, {@code a=inactive}, and
 *       the first offered format. It is left out of the BUNDLE group. Reasons: port 0 already in the
 *       offer, no mid, not in the offer's BUNDLE group, not audio or video, a protocol other than
 *       {@code UDP/TLS/RTP/SAVPF}, no {@code a=rtcp-mux}, or no codec in common.</li>
 * </ul>
 *
 * <h2>Direction rules</h2>
 * The SFU receives on a section when the offerer sends on it, and sends on it only when the caller
 * gives it a track for that mid (RFC 3264 §6.1: the answer's direction mirrors the offer's):
 * <pre>
 *   offer       SFU sends a track on it   answer
 *   sendrecv    no                        recvonly   (the participant publishes)
 *   sendrecv    yes                       sendrecv
 *   sendonly    (not allowed)             recvonly
 *   recvonly    no                        inactive
 *   recvonly    yes                       sendonly   (the participant subscribes)
 *   inactive    (not allowed)             inactive
 * </pre>
 * Forwarded tracks normally go on sections the SFU adds itself with {@link SfuOfferBuilder}; the
 * mid-to-track map here serves a browser that pre-creates receiving transceivers, and a browser's own
 * re-offer, which lists the SFU's sending sections as {@code recvonly} (pass
 * {@link SfuOfferBuilder#sentTracks} of the previous local description to keep them sending).
 *
 * <h2>Refused offers</h2>
 * An {@link SdpNegotiationException} when the offer has no BUNDLE group, a section the SFU would accept
 * lacks ICE credentials or a fingerprint, the offerer wants to be the DTLS server ({@code passive}) or
 * holds the connection ({@code holdconn}), two accepted sections give one header extension ID two
 * different URIs (RFC 8843 §9.2), or no section at all can be accepted.
 *
 * <h2>Simulcast</h2>
 * A video section whose offerer sends simulcast ({@code a=simulcast:send} with its {@code a=rid} lines,
 * RFC 8853/8851, as Chromium with three encodings does) is answered {@code a=rid:<rid> recv} for each layer
 * and {@code a=simulcast:recv} listing them, with the RID header extensions kept (RFC 8852), so the SFU
 * learns each layer's SSRC from its first packets. A malformed simulcast offer is refused.
 *
 * <h2>Bundle-only sections</h2>
 * A section offered with port 0 and {@code a=bundle-only} (RFC 8843 §6; Firefox with {@code max-bundle}
 * offers every section but the BUNDLE-tag so) is bundled, not rejected: it is answered like any other
 * section of the BUNDLE group, with the transport's port.
 *
 * <p>Stateless apart from its parameters; immutable and thread-safe.
 */
public final class SfuAnswerBuilder {

    private final SfuTransportParameters transport;

    public SfuAnswerBuilder(SfuTransportParameters transport) {
        this.transport = transport;
    }

    /** Answers {@code offer} without sending on any of its sections. */
    public SessionDescription answer(SessionDescription offer, Origin origin) {
        return answer(offer, origin, Map.of());
    }

    /**
     * Answers {@code offer}.
     *
     * @param origin the SFU's {@code o=} line: {@link Origin#of} with version 1 for a first answer, the
     *     previous local description's {@link Origin#nextVersion()} afterwards (RFC 8829 §5.3.1)
     * @param sendOnMid tracks the SFU sends, by the mid of an offered section whose offerer receives
     * @throws SdpNegotiationException if the offer cannot be answered (see the class comment)
     * @throws IllegalArgumentException if a track is given for a mid that is missing, rejected, of another
     *     kind, or on which the offerer does not receive
     */
    public SessionDescription answer(SessionDescription offer, Origin origin, Map<String, ForwardedTrack> sendOnMid) {
        List<String> offeredBundle = offer.bundleMids();
        if (offeredBundle.isEmpty()) {
            throw new SdpNegotiationException("the offer has no a=group:BUNDLE: Edgeway carries every m= section"
                    + " over one ICE/DTLS transport (RFC 8843), so the offer must bundle them"
                    + " (RTCPeerConnection bundlePolicy 'balanced' or 'max-bundle')");
        }
        Set<String> usedMids = new HashSet<>();
        List<MediaDescription> answered = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription offered = offer.media().get(i);
            if (offered.mid() == null) {
                throw new SdpNegotiationException("m= section " + (i + 1) + " has no a=mid; unified plan"
                        + " (RFC 8829 §5.2.1) gives every section one and BUNDLE needs it");
            }
            ForwardedTrack track = sendOnMid.get(offered.mid());
            List<PayloadFormat> formats = acceptable(offered, offeredBundle)
                    ? SfuMediaPolicy.acceptFormats(offered) : List.of();
            if (formats.isEmpty()) {
                if (track != null) {
                    throw new IllegalArgumentException("a track is given for mid " + offered.mid()
                            + ", which the SFU rejects");
                }
                answered.add(rejected(offered));
                continue;
            }
            checkTransport(offer, offered);
            if (track != null) {
                usedMids.add(offered.mid());
                if (!track.kind().equals(offered.kind())) {
                    throw new IllegalArgumentException("mid " + offered.mid() + " is " + offered.kind()
                            + ", the track given for it is " + track.kind());
                }
                if (!offered.direction().receives()) {
                    throw new IllegalArgumentException("the offerer does not receive on mid " + offered.mid()
                            + " (" + offered.direction().attributeName() + ")");
                }
            }
            answered.add(accepted(offered, formats, track));
            bundle.add(offered.mid());
        }
        for (String mid : sendOnMid.keySet()) {
            if (!usedMids.contains(mid)) {
                throw new IllegalArgumentException("a track is given for mid " + mid + ", which the offer lacks");
            }
        }
        checkExtensionIds(answered);
        if (bundle.isEmpty()) {
            throw new SdpNegotiationException("no m= section of the offer can be accepted: Edgeway forwards"
                    + " audio (Opus) and video (VP8, H.264 " + SfuMediaPolicy.H264_PROFILE_LEVEL_ID
                    + " packetization-mode=1) over " + MediaDescription.UDP_TLS_RTP_SAVPF + " with rtcp-mux");
        }
        return SessionDescription.builder(origin)
                .groups(List.of(Group.bundle(bundle)))
                .msidSemantic(MsidSemantic.wmsAll())
                .iceLite(true)
                .media(answered)
                .build();
    }

    /**
     * RFC 8843 §9.2: within a BUNDLE group an extension ID names one extension in every section. The SFU
     * reads a participant's packets with one map per transport (the transport-wide sequence number is
     * recorded before the stream is known), so an offer that gives one kept ID two URIs is refused here,
     * before anything is set up. One URI with different IDs in different sections (werift numbers its
     * extensions across sections) is fine: forwarding maps IDs per section.
     */
    private static void checkExtensionIds(List<MediaDescription> answered) {
        Map<Integer, MediaDescription> firstById = new HashMap<>();
        for (MediaDescription m : answered) {
            if (m.isRejected()) {
                continue;
            }
            for (ExtMap e : m.extMaps()) {
                MediaDescription first = firstById.putIfAbsent(e.id(), m);
                if (first == null) {
                    continue;
                }
                String uri = first.extMap(e.id()).uri();
                if (!uri.equals(e.uri())) {
                    throw new SdpNegotiationException("extension ID " + e.id() + " is " + uri + " on mid "
                            + first.mid() + " but " + e.uri() + " on mid " + m.mid() + ": within a BUNDLE group"
                            + " an ID must name the same extension in every section (RFC 8843 §9.2)");
                }
            }
        }
    }

    private static boolean acceptable(MediaDescription offered, List<String> offeredBundle) {
        return !offered.isRejected()
                && offeredBundle.contains(offered.mid())
                && SfuMediaPolicy.supportsKind(offered.kind())
                && MediaDescription.UDP_TLS_RTP_SAVPF.equals(offered.protocol())
                // RFC 8843 §9.3 / RFC 5761: bundled RTP and RTCP share one port; the SFU has only that one
                && offered.rtcpMux();
    }

    private static void checkTransport(SessionDescription offer, MediaDescription offered) {
        TransportAttributes t = offer.transportOf(offered);
        if (t.iceUfrag() == null || t.icePwd() == null) {
            throw new SdpNegotiationException("m= section mid " + offered.mid() + " has no a=ice-ufrag/a=ice-pwd"
                    + " (RFC 8839 §5.4): the SFU cannot check the browser's connectivity checks without them");
        }
        if (t.fingerprints().isEmpty()) {
            throw new SdpNegotiationException("m= section mid " + offered.mid() + " has no a=fingerprint: the"
                    + " DTLS certificate could not be verified (RFC 8122 §5, RFC 5763 §5)");
        }
        // RFC 8842 §5.2: the offerer says actpass; RFC 4145 §4: a missing setup means active
        if (t.setup() == Setup.PASSIVE || t.setup() == Setup.HOLDCONN) {
            throw new SdpNegotiationException("the offer says a=setup:" + t.setup().value() + " on mid "
                    + offered.mid() + "; Edgeway is always the DTLS server and needs actpass or active");
        }
    }

    private MediaDescription accepted(MediaDescription offered, List<PayloadFormat> formats, ForwardedTrack track) {
        boolean sfuSends = track != null;
        boolean sfuReceives = offered.direction().sends();
        MediaDescription.Builder b = MediaDescription.builder(offered.kind(), 0, offered.protocol())
                .mid(offered.mid())
                .direction(Direction.of(sfuSends, sfuReceives))
                .payloadFormats(formats)
                .feedbackForAllFormats(SfuMediaPolicy.acceptFeedback(offered.feedbackForAllFormats()))
                .extMaps(SfuMediaPolicy.acceptExtensions(offered))
                .rtcpMux(true)
                // RFC 5506 §5: agree to reduced-size RTCP only when the offerer proposed it
                .rtcpRsize(offered.rtcpRsize());
        transport.applyTo(b, Setup.PASSIVE);
        if (track != null) {
            track.applyTo(b, hasRtx(formats));
        }
        Simulcast simulcast = sfuReceives && "video".equals(offered.kind()) ? Simulcast.ofOffer(offered) : null;
        if (simulcast != null) {
            // RFC 8853 §5.3: the answerer receives the offered layers under the same RIDs; RFC 8852: it
            // reads them from the RID extensions, kept here (and only here) with the offer's IDs.
            b.otherAttributes(simulcast.answerAttributes());
            List<ExtMap> extensions = new ArrayList<>(SfuMediaPolicy.acceptExtensions(offered));
            for (ExtMap e : offered.extMaps()) {
                if (e.uri().equals(ExtMap.RTP_STREAM_ID) || e.uri().equals(ExtMap.REPAIRED_RTP_STREAM_ID)) {
                    extensions.add(new ExtMap(e.id(), null, e.uri(), null));
                }
            }
            b.extMaps(extensions);
        }
        return b.build();
    }

    static boolean hasRtx(List<PayloadFormat> formats) {
        for (PayloadFormat f : formats) {
            if (f.encodingName() != null && f.encodingName().equalsIgnoreCase("rtx")) {
                return true;
            }
        }
        return false;
    }

    /** The place-keeping answer to a section the SFU does not take (RFC 3264 §6). */
    static MediaDescription rejected(MediaDescription offered) {
        MediaDescription.Builder b = MediaDescription.builder(offered.kind(), 0, offered.protocol())
                .connection(Connection.UNSPECIFIED)
                .mid(offered.mid())
                .direction(Direction.INACTIVE);
        if (offered.isRtp()) {
            PayloadFormat first = offered.payloadFormats().get(0);
            b.payloadFormats(List.of(first.withFeedback(List.of())));
        } else {
            b.formats(List.of(offered.formats().get(0)));
        }
        return b.build();
    }
}
