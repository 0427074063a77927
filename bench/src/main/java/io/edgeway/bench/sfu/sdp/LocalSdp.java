package io.edgeway.bench.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic participant's SDP the way Chromium does (unified plan, one BUNDLE group, rtcp-mux,
 * ICE and DTLS attributes repeated in every section), modelled on the captures in
 * {@code relay-core/src/test/resources/sdp/}: the same payload type numbers and header extension ids,
 * Opus first in audio, VP8 first in video with RTX, and the same feedback. Offers carry the
 * participant's one host candidate and {@code a=end-of-candidates}, as Chromium's description does once
 * gathering has completed (the SFU ignores candidates; Janus's full ICE agent needs them).
 *
 * <p>Simulcast is RID-based (RFC 8851, RFC 8853) as Chromium offers it for {@code sendEncodings}: the
 * video section lists {@code a=rid:<rid> send} per layer and {@code a=simulcast:send}, negotiates the
 * rtp-stream-id and repaired-rtp-stream-id extensions and signals no SSRC.
 */
public final class LocalSdp {

    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /** Chromium's payload types (the capture's). */
    public static final int OPUS = 111;
    public static final int VP8 = 96;
    public static final int VP8_RTX = 97;

    /** The transport every section repeats. */
    public record Transport(String ufrag, String pwd, String fingerprintSha256, String candidateIp, int candidatePort) {
    }

    /**
     * What one section of an offer sends.
     *
     * @param kind audio or video
     * @param direction sendrecv, sendonly or recvonly
     * @param ssrc media SSRC, 0 when none is signalled (receiving, or RID simulcast)
     * @param rtxSsrc RTX SSRC (video), 0 for none
     * @param rids simulcast layers, lowest first; empty for none
     */
    public record OfferedSection(String kind, String direction, long ssrc, long rtxSsrc, List<String> rids,
            String streamId, String trackId, String cname) {
    }

    private LocalSdp() {
    }

    /** A first offer: one section per {@code sections} element, mids 0, 1, ... */
    public static String offer(long sessionId, Transport t, List<OfferedSection> sections) {
        StringBuilder s = new StringBuilder(4096);
        header(s, sessionId, sections.size());
        line(s, "a=extmap-allow-mixed");
        line(s, "a=msid-semantic: WMS " + (sections.isEmpty() ? "" : sections.get(0).streamId()));
        for (int i = 0; i < sections.size(); i++) {
            OfferedSection o = sections.get(i);
            boolean audio = o.kind().equals("audio");
            line(s, audio ? "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126"
                    : "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 108 109 98 99 45 46 118 119 120");
            transport(s, t, "actpass", true);
            line(s, "a=mid:" + i);
            if (audio) {
                audioExtensions(s);
            } else {
                videoExtensions(s, !o.rids().isEmpty());
            }
            line(s, "a=" + o.direction());
            if (!o.direction().equals("recvonly")) {
                line(s, "a=msid:" + o.streamId() + " " + o.trackId());
            }
            line(s, "a=rtcp-mux");
            line(s, "a=rtcp-rsize");
            if (audio) {
                audioCodecs(s);
            } else {
                videoCodecs(s);
            }
            if (!o.rids().isEmpty()) {
                for (String rid : o.rids()) {
                    line(s, "a=rid:" + rid + " send");
                }
                line(s, "a=simulcast:send " + String.join(";", o.rids()));
            } else if (o.ssrc() != 0) {
                if (o.rtxSsrc() != 0) {
                    line(s, "a=ssrc-group:FID " + o.ssrc() + " " + o.rtxSsrc());
                }
                ssrcLines(s, o.ssrc(), o);
                if (o.rtxSsrc() != 0) {
                    ssrcLines(s, o.rtxSsrc(), o);
                }
            }
        }
        return s.toString();
    }

    /**
     * An answer to a server's offer (Edgeway's renegotiation offers, Janus's subscriber offers): every
     * section keeps its mid and kind; a rejected one stays rejected; Opus or VP8 (with its RTX) is chosen;
     * the direction is the offer's mirrored, except that a section this participant publishes on
     * ({@code ownSections}, by mid) answers {@code sendonly}/{@code sendrecv} with its SSRCs.
     *
     * @param setup active (the browser is the DTLS client: the answer to an actpass offer)
     */
    public static String answer(long sessionId, Transport t, RemoteSdp offer, List<OfferedSection> ownSections,
            String setup) {
        StringBuilder s = new StringBuilder(8192);
        List<String> mids = new ArrayList<>();
        for (RemoteSdp.Section m : offer.sections()) {
            if (!m.rejected() && m.mid() != null) {
                mids.add(m.mid());
            }
        }
        s.append("v=0\r\no=- ").append(sessionId).append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        line(s, "a=group:BUNDLE " + String.join(" ", mids));
        line(s, "a=extmap-allow-mixed");
        line(s, "a=msid-semantic: WMS");
        for (RemoteSdp.Section m : offer.sections()) {
            OfferedSection own = own(ownSections, m.mid());
            boolean audio = m.kind().equals("audio");
            int pt = m.payloadType(audio ? "opus/48000" : "VP8/90000");
            int rtx = audio || pt < 0 ? -1 : m.rtxFor(pt);
            if (m.rejected() || pt < 0 || !(audio || m.kind().equals("video"))) {
                line(s, "m=" + m.kind() + " 0 " + m.protocol() + " "
                        + (m.payloadTypes().isEmpty() ? "0" : m.payloadTypes().get(0)));
                line(s, "c=IN IP4 0.0.0.0");
                if (m.mid() != null) {
                    line(s, "a=mid:" + m.mid());
                }
                continue;
            }
            line(s, "m=" + m.kind() + " 9 " + m.protocol() + " " + pt + (rtx >= 0 ? " " + rtx : ""));
            transport(s, t, setup, true);
            line(s, "a=mid:" + m.mid());
            for (String ext : m.attributes("extmap")) {
                String[] parts = ext.split(" ");
                if (parts.length >= 2 && known(parts[1])) {
                    String id = parts[0].contains("/") ? parts[0].substring(0, parts[0].indexOf('/')) : parts[0];
                    line(s, "a=extmap:" + id + " " + parts[1]);
                }
            }
            String direction = answerDirection(m.direction(), own != null);
            line(s, "a=" + direction);
            if (own != null && direction.startsWith("send")) {
                line(s, "a=msid:" + own.streamId() + " " + own.trackId());
            }
            line(s, "a=rtcp-mux");
            if (m.attribute("rtcp-rsize") != null) {
                line(s, "a=rtcp-rsize");
            }
            line(s, "a=rtpmap:" + pt + " " + m.payloadType(pt));
            for (String fb : m.attributes("rtcp-fb")) {
                if (fb.startsWith(pt + " ")) {
                    line(s, "a=rtcp-fb:" + fb);
                }
            }
            for (String fmtp : m.attributes("fmtp")) {
                if (fmtp.startsWith(pt + " ")) {
                    line(s, "a=fmtp:" + fmtp);
                }
            }
            if (rtx >= 0) {
                line(s, "a=rtpmap:" + rtx + " rtx/90000");
                line(s, "a=fmtp:" + rtx + " apt=" + pt);
            }
            if (own != null && direction.startsWith("send") && own.ssrc() != 0) {
                if (own.rtxSsrc() != 0 && rtx >= 0) {
                    line(s, "a=ssrc-group:FID " + own.ssrc() + " " + own.rtxSsrc());
                }
                ssrcLines(s, own.ssrc(), own);
                if (own.rtxSsrc() != 0 && rtx >= 0) {
                    ssrcLines(s, own.rtxSsrc(), own);
                }
            }
        }
        return s.toString();
    }

    /** RFC 3264 §6.1: the answer's direction for an offered one; {@code publishes}: we send there. */
    static String answerDirection(String offered, boolean publishes) {
        return switch (offered) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> publishes ? "sendonly" : "inactive";
            case "inactive" -> "inactive";
            default -> publishes ? "sendrecv" : "recvonly";
        };
    }

    private static boolean known(String uri) {
        return uri.equals(AUDIO_LEVEL) || uri.equals(ABS_SEND_TIME) || uri.equals(TRANSPORT_CC) || uri.equals(MID)
                || uri.equals(RID) || uri.equals(REPAIRED_RID);
    }

    private static OfferedSection own(List<OfferedSection> own, String mid) {
        if (mid == null) {
            return null;
        }
        try {
            int index = Integer.parseInt(mid);
            return index >= 0 && index < own.size() ? own.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void header(StringBuilder s, long sessionId, int sectionCount) {
        s.append("v=0\r\no=- ").append(sessionId).append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (int i = 0; i < sectionCount; i++) {
            bundle.append(' ').append(i);
        }
        line(s, bundle.toString());
    }

    private static void transport(StringBuilder s, Transport t, String setup, boolean candidates) {
        line(s, "c=IN IP4 " + (candidates ? t.candidateIp() : "0.0.0.0"));
        line(s, "a=rtcp:9 IN IP4 0.0.0.0");
        if (candidates) {
            // Chromium's host candidate line: priority for a UDP host candidate on its first network.
            line(s, "a=candidate:1 1 udp 2122260223 " + t.candidateIp() + " " + t.candidatePort()
                    + " typ host generation 0 network-id 1");
            line(s, "a=end-of-candidates");
        }
        line(s, "a=ice-ufrag:" + t.ufrag());
        line(s, "a=ice-pwd:" + t.pwd());
        line(s, "a=ice-options:trickle");
        line(s, "a=fingerprint:sha-256 " + t.fingerprintSha256());
        line(s, "a=setup:" + setup);
    }

    private static void audioExtensions(StringBuilder s) {
        line(s, "a=extmap:1 " + AUDIO_LEVEL);
        line(s, "a=extmap:2 " + ABS_SEND_TIME);
        line(s, "a=extmap:3 " + TRANSPORT_CC);
        line(s, "a=extmap:4 " + MID);
    }

    private static void videoExtensions(StringBuilder s, boolean simulcast) {
        line(s, "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset");
        line(s, "a=extmap:2 " + ABS_SEND_TIME);
        line(s, "a=extmap:13 urn:3gpp:video-orientation");
        line(s, "a=extmap:3 " + TRANSPORT_CC);
        line(s, "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay");
        line(s, "a=extmap:4 " + MID);
        if (simulcast) {
            line(s, "a=extmap:10 " + RID);
            line(s, "a=extmap:11 " + REPAIRED_RID);
        }
    }

    private static void audioCodecs(StringBuilder s) {
        line(s, "a=rtpmap:111 opus/48000/2");
        line(s, "a=rtcp-fb:111 transport-cc");
        line(s, "a=fmtp:111 minptime=10;useinbandfec=1");
        line(s, "a=rtpmap:63 red/48000/2");
        line(s, "a=fmtp:63 111/111");
        line(s, "a=rtpmap:9 G722/8000");
        line(s, "a=rtpmap:0 PCMU/8000");
        line(s, "a=rtpmap:8 PCMA/8000");
        line(s, "a=rtpmap:13 CN/8000");
        line(s, "a=rtpmap:110 telephone-event/48000");
        line(s, "a=rtpmap:126 telephone-event/8000");
    }

    private static void videoCodecs(StringBuilder s) {
        videoCodec(s, 96, "VP8/90000", null, 97);
        videoCodec(s, 102, "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", 103);
        videoCodec(s, 108, "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 109);
        videoCodec(s, 98, "VP9/90000", "profile-id=0", 99);
        videoCodec(s, 45, "AV1/90000", "level-idx=5;profile=0;tier=0", 46);
        line(s, "a=rtpmap:118 red/90000");
        line(s, "a=rtpmap:119 rtx/90000");
        line(s, "a=fmtp:119 apt=118");
        line(s, "a=rtpmap:120 ulpfec/90000");
    }

    private static void videoCodec(StringBuilder s, int pt, String encoding, String fmtp, int rtx) {
        line(s, "a=rtpmap:" + pt + " " + encoding);
        for (String fb : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
            line(s, "a=rtcp-fb:" + pt + " " + fb);
        }
        if (fmtp != null) {
            line(s, "a=fmtp:" + pt + " " + fmtp);
        }
        line(s, "a=rtpmap:" + rtx + " rtx/90000");
        line(s, "a=fmtp:" + rtx + " apt=" + pt);
    }

    private static void ssrcLines(StringBuilder s, long ssrc, OfferedSection o) {
        line(s, "a=ssrc:" + ssrc + " cname:" + o.cname());
        line(s, "a=ssrc:" + ssrc + " msid:" + o.streamId() + " " + o.trackId());
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}
