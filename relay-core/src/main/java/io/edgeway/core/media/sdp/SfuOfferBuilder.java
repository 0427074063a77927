package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the SFU's own offers to one participant (server-initiated renegotiation): when someone joins
 * or leaves, the participant's subscription changes and the SFU offers a new description.
 *
 * <h2>What the offer holds, in order</h2>
 * <ol>
 *   <li>Every m= section of the previous local description, in its place: RFC 3264 §8 and JSEP
 *       (RFC 8829 §5.2.2) keep sections in order and never drop one.
 *     <ul>
 *       <li>a section already rejected stays rejected (port 0, {@code inactive});</li>
 *       <li>a section on which the SFU sends a track that is still in {@code tracks} keeps its mid,
 *           direction, codecs and SSRCs;</li>
 *       <li>a section whose track is gone (the publisher left) is removed the way RFC 3264 §8.2
 *           removes a stream: port 0 and {@code inactive}, its mid kept. If the participant also sends
 *           on it (a {@code sendrecv} section), it becomes {@code recvonly} instead;</li>
 *       <li>every other section, in particular those the participant publishes on (the SFU receives:
 *           {@code recvonly} from its side), is kept as it was.</li>
 *     </ul></li>
 *   <li>One {@code sendonly} section for each track of {@code tracks} not yet on a section, in the
 *       order given: {@code a=msid:<streamId> <trackId>}, {@code a=ssrc} lines with the CNAME and the
 *       msid, and {@code a=ssrc-group:FID} when the section has RTX. Its codecs, feedback and extension
 *       ids are copied from the first live section of the same kind (so payload types and extension ids
 *       stay consistent across the bundle); without one, {@link SfuMediaPolicy} supplies Opus or VP8+RTX
 *       numbered so as not to clash with the bundle.</li>
 * </ol>
 * Every live section carries the SFU's transport (the same ICE credentials as before, so no ICE
 * restart) with {@code a=setup:actpass}, which RFC 8842 §5.2 asks of an offerer; the SFU is only ever
 * the DTLS server, so the browser must answer {@code active} (browsers do: an answerer keeps the role
 * of an existing association and chooses active for a new one), which {@link #checkAnswer} verifies.
 * {@code a=group:BUNDLE} lists the live sections in order; {@code a=ice-lite} as in the answers.
 *
 * <h2>How mids are allocated and why they stay stable</h2>
 * A new section gets the decimal number one above the highest numeric mid in the previous description
 * (0 if there is none). Because no section is ever removed, the numbers only grow and a mid is never
 * reused, even after its track left; Chromium, when it adds transceivers itself, picks mids not in use,
 * so the two never collide. A track stays on its section for as long as it is forwarded: it is found
 * again by the track id in the section's {@code a=msid}, so the previous local description is the only
 * state the builder needs. Reusing the slots of departed tracks (RFC 8829 §5.2.2 allows recycling a
 * rejected section under a new mid) would keep descriptions shorter for long sessions with much churn;
 * it is not done yet.
 *
 * <p>Stateless apart from its parameters; immutable and thread-safe.
 */
public final class SfuOfferBuilder {

    private final SfuTransportParameters transport;

    public SfuOfferBuilder(SfuTransportParameters transport) {
        this.transport = transport;
    }

    /**
     * The next offer after {@code previousLocal}.
     *
     * @param previousLocal the last description the SFU sent this participant and the participant accepted
     *     (its answer to the participant's offer, or its own last offer once answered)
     * @param tracks the tracks the SFU forwards to this participant from now on
     * @throws IllegalArgumentException if two tracks share a track id
     */
    public SessionDescription offer(SessionDescription previousLocal, List<ForwardedTrack> tracks) {
        Map<String, ForwardedTrack> wanted = byTrackId(tracks);
        List<MediaDescription> sections = new ArrayList<>();
        for (MediaDescription previous : previousLocal.media()) {
            sections.add(carryOver(previous, wanted));
        }
        return finish(previousLocal.origin().nextVersion(), sections, wanted);
    }

    /**
     * A first offer, for a participant the SFU has not negotiated with yet.
     *
     * @param origin {@link Origin#of} with a fresh session id and version 1
     * @param receiveKinds {@code audio}/{@code video} sections, {@code recvonly} from the SFU's side, put
     *     first so that the participant can publish on them
     * @param tracks the tracks the SFU forwards to this participant
     */
    public SessionDescription initialOffer(Origin origin, List<String> receiveKinds, List<ForwardedTrack> tracks) {
        Map<String, ForwardedTrack> wanted = byTrackId(tracks);
        List<MediaDescription> sections = new ArrayList<>();
        for (String kind : receiveKinds) {
            if (!SfuMediaPolicy.supportsKind(kind)) {
                throw new IllegalArgumentException("the SFU receives audio or video, not " + kind);
            }
            MediaDescription.Builder b = newSection(kind, Integer.toString(sections.size()), sections)
                    .direction(Direction.RECVONLY);
            sections.add(transport.applyTo(b, Setup.ACTPASS).build());
        }
        return finish(origin, sections, wanted);
    }

    /**
     * The tracks the SFU sends in {@code local}, by mid: what {@link SfuAnswerBuilder#answer(SessionDescription,
     * Origin, Map)} needs to keep them when the participant sends a re-offer.
     */
    public static Map<String, ForwardedTrack> sentTracks(SessionDescription local) {
        Map<String, ForwardedTrack> byMid = new LinkedHashMap<>();
        for (MediaDescription m : local.media()) {
            ForwardedTrack t = ForwardedTrack.sentOn(m);
            if (t != null && m.mid() != null) {
                byMid.put(m.mid(), t);
            }
        }
        return byMid;
    }

    /**
     * Checks the participant's answer to one of these offers against what the SFU relies on: the same
     * sections in the same order, {@code a=setup:active} (the participant is the DTLS client), and the
     * participant not sending where the SFU did not offer to receive.
     *
     * @throws SdpNegotiationException naming the first broken rule
     */
    public static void checkAnswer(SessionDescription offer, SessionDescription answer) {
        if (answer.media().size() != offer.media().size()) {
            throw new SdpNegotiationException("the answer has " + answer.media().size() + " m= sections, the offer "
                    + offer.media().size() + " (RFC 3264 §6: exactly as many)");
        }
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = answer.media().get(i);
            if (!Objects.equals(o.mid(), a.mid()) || !o.kind().equals(a.kind())) {
                throw new SdpNegotiationException("m= section " + (i + 1) + " of the answer is " + a.kind() + " mid "
                        + a.mid() + ", the offer's is " + o.kind() + " mid " + o.mid());
            }
            if (a.isRejected()) {
                continue;
            }
            if (o.isRejected()) {
                throw new SdpNegotiationException("mid " + a.mid() + " was removed in the offer but the answer"
                        + " accepts it (RFC 3264 §6: a rejected stream stays at port 0)");
            }
            Setup setup = answer.transportOf(a).setup();
            if (setup != Setup.ACTIVE) {
                throw new SdpNegotiationException("mid " + a.mid() + " answers a=setup:"
                        + (setup == null ? "(none)" : setup.value()) + "; Edgeway is the DTLS server and needs active");
            }
            // RFC 3264 §6.1: the answerer may send only where the offerer receives
            if (a.direction().sends() && !o.direction().receives()) {
                throw new SdpNegotiationException("mid " + a.mid() + " answers " + a.direction().attributeName()
                        + " to " + o.direction().attributeName());
            }
        }
    }

    private SessionDescription finish(Origin origin, List<MediaDescription> sections,
                                      Map<String, ForwardedTrack> wanted) {
        for (MediaDescription m : sections) {
            ForwardedTrack kept = ForwardedTrack.sentOn(m);
            if (kept != null) {
                wanted.remove(kept.trackId());
            }
        }
        int nextMid = nextMid(sections);
        for (ForwardedTrack track : wanted.values()) {
            MediaDescription.Builder b = newSection(track.kind(), Integer.toString(nextMid++), sections)
                    .direction(Direction.SENDONLY);
            transport.applyTo(b, Setup.ACTPASS);
            track.applyTo(b, SfuAnswerBuilder.hasRtx(b.build().payloadFormats()));
            sections.add(b.build());
        }
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : sections) {
            if (!m.isRejected()) {
                bundle.add(m.mid());
            }
        }
        SessionDescription.Builder sd = SessionDescription.builder(origin)
                .msidSemantic(MsidSemantic.wmsAll())
                .iceLite(true)
                .media(sections);
        if (!bundle.isEmpty()) {
            sd.groups(List.of(Group.bundle(bundle)));
        }
        return sd.build();
    }

    /** A previous section as it goes into the next offer; {@code wanted} tells which tracks remain. */
    private MediaDescription carryOver(MediaDescription previous, Map<String, ForwardedTrack> wanted) {
        if (previous.isRejected()) {
            return SfuAnswerBuilder.rejected(previous);
        }
        ForwardedTrack sent = ForwardedTrack.sentOn(previous);
        MediaDescription.Builder b = previous.toBuilder();
        if (sent != null) {
            ForwardedTrack now = wanted.get(sent.trackId());
            if (now == null || !now.kind().equals(previous.kind())) {
                if (!previous.direction().receives()) {
                    // RFC 3264 §8.2: a stream is removed by setting its port to zero
                    return SfuAnswerBuilder.rejected(previous);
                }
                b.direction(Direction.RECVONLY).msids(List.of()).ssrcGroups(List.of()).ssrcAttributes(List.of());
            } else if (!now.equals(sent)) {
                now.applyTo(b, SfuAnswerBuilder.hasRtx(previous.payloadFormats()));
            }
        }
        if (previous.mid() == null) {
            throw new SdpNegotiationException("a live m= section of the previous description has no mid");
        }
        return transport.applyTo(b, Setup.ACTPASS).build();
    }

    /** A new section of {@code kind} with codecs and extensions consistent with {@code bundled}. */
    private static MediaDescription.Builder newSection(String kind, String mid, List<MediaDescription> bundled) {
        MediaDescription template = null;
        for (MediaDescription m : bundled) {
            if (!m.isRejected() && m.kind().equals(kind) && m.isRtp()) {
                template = m;
                break;
            }
        }
        MediaDescription.Builder b = MediaDescription.builder(kind, 0, MediaDescription.UDP_TLS_RTP_SAVPF)
                .mid(mid)
                .rtcpMux(true);
        if (template != null) {
            return b.payloadFormats(template.payloadFormats())
                    .feedbackForAllFormats(template.feedbackForAllFormats())
                    .extMaps(withoutDirection(template.extMaps()))
                    .rtcpRsize(template.rtcpRsize());
        }
        return b.payloadFormats(SfuMediaPolicy.defaultFormats(kind, bundled))
                .extMaps(SfuMediaPolicy.defaultExtensions(kind, bundled))
                .rtcpRsize(true);
    }

    private static List<ExtMap> withoutDirection(List<ExtMap> extMaps) {
        List<ExtMap> result = new ArrayList<>();
        for (ExtMap e : extMaps) {
            result.add(new ExtMap(e.id(), null, e.uri(), e.attributes()));
        }
        return result;
    }

    private static int nextMid(List<MediaDescription> sections) {
        int next = 0;
        for (MediaDescription m : sections) {
            if (m.mid() != null && isDecimal(m.mid())) {
                next = Math.max(next, Integer.parseInt(m.mid()) + 1);
            }
        }
        return next;
    }

    private static boolean isDecimal(String mid) {
        if (mid.isEmpty() || mid.length() > 9) {
            return false;
        }
        for (int i = 0; i < mid.length(); i++) {
            if (mid.charAt(i) < '0' || mid.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Map<String, ForwardedTrack> byTrackId(List<ForwardedTrack> tracks) {
        Map<String, ForwardedTrack> wanted = new LinkedHashMap<>();
        for (ForwardedTrack t : tracks) {
            if (wanted.put(t.trackId(), t) != null) {
                throw new IllegalArgumentException("two tracks have the id " + t.trackId());
            }
        }
        return wanted;
    }
}
