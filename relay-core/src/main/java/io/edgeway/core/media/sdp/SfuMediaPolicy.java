package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the SFU negotiates, in one place: codecs, RTCP feedback and RTP header extensions. The answer
 * and offer builders ask it; nothing else decides these.
 *
 * <p><b>Codecs.</b> The SFU forwards packets without transcoding, so every participant must send a
 * codec every other participant can decode; the policy therefore picks one narrow, widely decodable
 * set and orders it so that browsers send the first:
 * <ul>
 *   <li>audio: Opus 48000/2 (RFC 7587) with the offer's own fmtp (e.g. {@code minptime=10;useinbandfec=1});</li>
 *   <li>video: VP8 (RFC 7741) first, then H.264 only in the one profile every browser decodes and
 *       encodes: {@code packetization-mode=1} (RFC 6184 non-interleaved, which the forwarder can pass
 *       through) with {@code profile-level-id=42e01f} (constrained baseline, level 3.1); an offer
 *       without that exact variant gets VP8 only;</li>
 *   <li>RTX (RFC 4588) for each accepted video codec whose retransmission format the offer pairs with
 *       it through {@code apt=}.</li>
 * </ul>
 * RED, FEC, comfort noise, DTMF, VP9 and AV1 are left out: each would need forwarding logic the SFU
 * does not have. Payload type numbers are always the offer's (RFC 3264 §6.1).
 *
 * <p><b>RTCP feedback</b> kept when offered: {@code nack}, {@code nack pli}, {@code ccm fir},
 * {@code goog-remb}, {@code transport-cc}. <b>Header extensions</b> kept with the offer's ids:
 * {@code sdes:mid} (BUNDLE demultiplexing), {@code ssrc-audio-level} (audio only, read before
 * decryption), the transport-wide sequence number and {@code abs-send-time}; any other is left out of
 * the answer, which is how RFC 8285 §7 declines an extension.
 *
 * <p>Stateless and thread-safe.
 */
public final class SfuMediaPolicy {

    /** The feedback messages the SFU can act on or forward. */
    public static final Set<RtcpFeedback> FEEDBACK = Set.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI,
            RtcpFeedback.CCM_FIR, RtcpFeedback.GOOG_REMB, RtcpFeedback.TRANSPORT_CC);

    /** The header extensions kept in audio sections. */
    public static final List<String> AUDIO_EXTENSIONS = List.of(ExtMap.SSRC_AUDIO_LEVEL, ExtMap.ABS_SEND_TIME,
            ExtMap.TRANSPORT_WIDE_CC, ExtMap.SDES_MID);

    /** The header extensions kept in video sections. */
    public static final List<String> VIDEO_EXTENSIONS = List.of(ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_WIDE_CC,
            ExtMap.SDES_MID);

    /** The only H.264 profile accepted: constrained baseline, level 3.1. */
    public static final String H264_PROFILE_LEVEL_ID = "42e01f";

    // Chromium's numbering, used when a section has to be made without an offer to copy from.
    private static final Map<String, Integer> PREFERRED_EXTENSION_IDS = Map.of(ExtMap.SSRC_AUDIO_LEVEL, 1,
            ExtMap.ABS_SEND_TIME, 2, ExtMap.TRANSPORT_WIDE_CC, 3, ExtMap.SDES_MID, 4);

    private SfuMediaPolicy() {
    }

    /** Whether the SFU forwards media of this kind. */
    public static boolean supportsKind(String kind) {
        return "audio".equals(kind) || "video".equals(kind);
    }

    /**
     * The offered payload formats the SFU accepts for {@code offered}, in the answer's order, with their
     * feedback narrowed to {@link #FEEDBACK}; empty if none is acceptable.
     */
    public static List<PayloadFormat> acceptFormats(MediaDescription offered) {
        List<PayloadFormat> accepted = new ArrayList<>();
        if ("audio".equals(offered.kind())) {
            PayloadFormat opus = offered.firstFormat("opus", 48000);
            if (opus != null && opus.channels() == 2) {
                accepted.add(narrowFeedback(opus));
            }
        } else if ("video".equals(offered.kind())) {
            PayloadFormat vp8 = offered.firstFormat("VP8", 90000);
            if (vp8 != null) {
                addWithRtx(accepted, offered, vp8);
            }
            PayloadFormat h264 = h264(offered);
            if (h264 != null) {
                addWithRtx(accepted, offered, h264);
            }
        }
        return accepted;
    }

    /** The offered extmaps the SFU keeps, same ids, direction seen from the answerer. */
    public static List<ExtMap> acceptExtensions(MediaDescription offered) {
        List<String> supported = "audio".equals(offered.kind()) ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS;
        List<ExtMap> accepted = new ArrayList<>();
        for (ExtMap e : offered.extMaps()) {
            if (supported.contains(e.uri())) {
                // RFC 8285 §7: a direction in the offer is answered from the answerer's point of view
                Direction d = e.direction() == null ? null : e.direction().reversed();
                accepted.add(new ExtMap(e.id(), d, e.uri(), e.attributes()));
            }
        }
        return accepted;
    }

    /**
     * Feedback filtered to {@link #FEEDBACK}, for the {@code a=rtcp-fb:*} lines of an offered section.
     */
    public static List<RtcpFeedback> acceptFeedback(List<RtcpFeedback> offered) {
        List<RtcpFeedback> accepted = new ArrayList<>();
        for (RtcpFeedback fb : offered) {
            if (FEEDBACK.contains(fb)) {
                accepted.add(fb);
            }
        }
        return accepted;
    }

    /**
     * Payload formats for a new section of {@code kind} when no negotiated section of that kind exists to
     * copy from: Opus, or VP8 with RTX. Numbers prefer Chromium's (111; 96 and 97) and otherwise take the
     * lowest dynamic number (96-127) that no other section of the bundle uses: RFC 8843 §9.1.1 lets one
     * payload type mean only one codec configuration across a BUNDLE group.
     *
     * @param bundled the other sections of the bundle
     */
    static List<PayloadFormat> defaultFormats(String kind, List<MediaDescription> bundled) {
        Map<Integer, PayloadFormat> used = new HashMap<>();
        for (MediaDescription m : bundled) {
            for (PayloadFormat f : m.payloadFormats()) {
                used.putIfAbsent(f.payloadType(), f);
            }
        }
        if ("audio".equals(kind)) {
            PayloadFormat opus = new PayloadFormat(0, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                    List.of(RtcpFeedback.TRANSPORT_CC));
            return List.of(numbered(opus, 111, used));
        }
        PayloadFormat vp8 = numbered(new PayloadFormat(0, "VP8", 90000, 0, null, List.of(RtcpFeedback.GOOG_REMB,
                RtcpFeedback.TRANSPORT_CC, RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI)), 96, used);
        used.put(vp8.payloadType(), vp8);
        PayloadFormat rtx = numbered(new PayloadFormat(0, "rtx", 90000, 0, "apt=" + vp8.payloadType(), List.of()),
                97, used);
        return List.of(vp8, rtx);
    }

    /**
     * Extmaps for a new section of {@code kind} without a negotiated section to copy from: the id a
     * bundled section already uses for the same extension (the sections of a bundle share one RTP
     * session, RFC 8843 §9.1, so an id has to mean the same extension in all of them), else Chromium's
     * number if free, else the lowest free id in the one-byte range.
     */
    static List<ExtMap> defaultExtensions(String kind, List<MediaDescription> bundled) {
        Map<String, Integer> idByUri = new HashMap<>();
        Set<Integer> usedIds = new HashSet<>();
        for (MediaDescription m : bundled) {
            for (ExtMap e : m.extMaps()) {
                idByUri.putIfAbsent(e.uri(), e.id());
                usedIds.add(e.id());
            }
        }
        List<ExtMap> result = new ArrayList<>();
        for (String uri : "audio".equals(kind) ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS) {
            Integer id = idByUri.get(uri);
            if (id == null) {
                int preferred = PREFERRED_EXTENSION_IDS.get(uri);
                id = usedIds.contains(preferred) ? lowestFree(usedIds, 1, 14) : preferred;
                if (id < 0) {
                    continue;
                }
                usedIds.add(id);
            }
            result.add(ExtMap.of(id, uri));
        }
        result.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return result;
    }

    private static PayloadFormat h264(MediaDescription offered) {
        for (PayloadFormat f : offered.payloadFormats()) {
            if (f.is("H264", 90000)) {
                Map<String, String> p = f.fmtpParameters();
                if ("1".equals(p.get("packetization-mode"))
                        && H264_PROFILE_LEVEL_ID.equalsIgnoreCase(p.get("profile-level-id"))) {
                    return f;
                }
            }
        }
        return null;
    }

    private static void addWithRtx(List<PayloadFormat> accepted, MediaDescription offered, PayloadFormat primary) {
        accepted.add(narrowFeedback(primary));
        PayloadFormat rtx = offered.rtxFor(primary.payloadType());
        if (rtx != null) {
            accepted.add(narrowFeedback(rtx));
        }
    }

    private static PayloadFormat narrowFeedback(PayloadFormat f) {
        return f.withFeedback(acceptFeedback(f.feedback()));
    }

    private static PayloadFormat numbered(PayloadFormat f, int preferred, Map<Integer, PayloadFormat> used) {
        int pt = preferred;
        PayloadFormat there = used.get(pt);
        if (there != null && !sameCodec(there, f)) {
            pt = lowestFree(used.keySet(), 96, 127);
            if (pt < 0) {
                throw new SdpNegotiationException("no free dynamic payload type left in the bundle for "
                        + f.encodingName());
            }
        }
        return new PayloadFormat(pt, f.encodingName(), f.clockRate(), f.channels(), f.fmtp(), f.feedback());
    }

    private static boolean sameCodec(PayloadFormat a, PayloadFormat b) {
        return a.is(b.encodingName(), b.clockRate()) && a.channels() == b.channels()
                && Objects.equals(a.fmtp(), b.fmtp());
    }

    private static int lowestFree(Set<Integer> used, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (!used.contains(i)) {
                return i;
            }
        }
        return -1;
    }
}
