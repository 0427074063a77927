package io.edgeway.core.media.sdp;

/**
 * Writes a {@link SessionDescription} as SDP text with CRLF line endings (RFC 8866 §5).
 *
 * <p>The output is deterministic: the same description always gives the same text, with lines in this
 * order (the RFC 8866 §5 order for line types; attributes grouped the way Chromium writes them, which its
 * parser expects and people reading logs recognise):
 * <pre>
 * session:  v= o= s= [i= u= e= p=] c= b= t= [r= z= k=]
 *           a=group a=extmap-allow-mixed a=msid-semantic a=ice-lite
 *           a=ice-ufrag a=ice-pwd a=ice-options a=fingerprint a=setup  (other attributes verbatim)
 * m= each:  m= [i=] c= b= [k=]
 *           a=ice-ufrag a=ice-pwd a=ice-options a=fingerprint a=setup a=mid a=extmap
 *           a=&lt;direction&gt; a=msid a=rtcp-mux a=rtcp-rsize (other attributes verbatim)
 *           per payload type in m= order: a=rtpmap a=rtcp-fb a=fmtp;  a=rtcp-fb:*
 *           a=ssrc-group a=ssrc a=candidate a=end-of-candidates
 * </pre>
 * Verbatim lines and attributes keep their relative order. The direction attribute is always written
 * (a parsed section without one reads as {@code sendrecv}). Parsing the output gives back an equal
 * description; the values refuse line breaks on construction, so nothing can inject a line.
 *
 * <p>Stateless and thread-safe.
 */
public final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    /** The description as SDP text, every line ended by CRLF. */
    public static String write(SessionDescription sd) {
        StringBuilder out = new StringBuilder(2048 + 2048 * sd.media().size());
        line(out, 'v', "0");
        line(out, 'o', sd.origin().toValue());
        line(out, 's', sd.sessionName());
        verbatim(out, sd, "iuep");
        if (sd.connection() != null) {
            line(out, 'c', sd.connection().toValue());
        }
        for (Bandwidth b : sd.bandwidths()) {
            line(out, 'b', b.toValue());
        }
        line(out, 't', sd.startTime() + " " + sd.stopTime());
        verbatim(out, sd, "rzk");
        for (Group g : sd.groups()) {
            attribute(out, "group", g.toValue());
        }
        if (sd.extmapAllowMixed()) {
            attribute(out, "extmap-allow-mixed", null);
        }
        if (sd.msidSemantic() != null) {
            attribute(out, "msid-semantic", sd.msidSemantic().toValue());
        }
        if (sd.iceLite()) {
            attribute(out, "ice-lite", null);
        }
        transport(out, sd.transport());
        for (Attribute a : sd.otherAttributes()) {
            line(out, 'a', a.toLine());
        }
        for (MediaDescription m : sd.media()) {
            media(out, m);
        }
        return out.toString();
    }

    private static void media(StringBuilder out, MediaDescription m) {
        StringBuilder mline = new StringBuilder().append(m.kind()).append(' ').append(m.port()).append(' ')
                .append(m.protocol());
        for (String format : m.formats()) {
            mline.append(' ').append(format);
        }
        line(out, 'm', mline.toString());
        for (SdpLine l : m.otherLines()) {
            if (l.type() == 'i') {
                line(out, 'i', l.value());
            }
        }
        if (m.connection() != null) {
            line(out, 'c', m.connection().toValue());
        }
        for (Bandwidth b : m.bandwidths()) {
            line(out, 'b', b.toValue());
        }
        for (SdpLine l : m.otherLines()) {
            if (l.type() == 'k') {
                line(out, 'k', l.value());
            }
        }
        transport(out, m.transport());
        if (m.mid() != null) {
            attribute(out, "mid", m.mid());
        }
        for (ExtMap e : m.extMaps()) {
            attribute(out, "extmap", e.toValue());
        }
        attribute(out, m.direction().attributeName(), null);
        for (Msid msid : m.msids()) {
            attribute(out, "msid", msid.toValue());
        }
        if (m.rtcpMux()) {
            attribute(out, "rtcp-mux", null);
        }
        if (m.rtcpRsize()) {
            attribute(out, "rtcp-rsize", null);
        }
        for (Attribute a : m.otherAttributes()) {
            line(out, 'a', a.toLine());
        }
        for (PayloadFormat f : m.payloadFormats()) {
            if (f.encodingName() != null) {
                attribute(out, "rtpmap", f.rtpmapValue());
            }
            for (RtcpFeedback fb : f.feedback()) {
                attribute(out, "rtcp-fb", f.payloadType() + " " + fb.toValue());
            }
            if (f.fmtp() != null) {
                attribute(out, "fmtp", f.payloadType() + " " + f.fmtp());
            }
        }
        for (RtcpFeedback fb : m.feedbackForAllFormats()) {
            attribute(out, "rtcp-fb", "* " + fb.toValue());
        }
        for (SsrcGroup g : m.ssrcGroups()) {
            attribute(out, "ssrc-group", g.toValue());
        }
        for (SsrcAttribute a : m.ssrcAttributes()) {
            attribute(out, "ssrc", a.toValue());
        }
        for (Candidate c : m.candidates()) {
            attribute(out, "candidate", c.toValue());
        }
        if (m.endOfCandidates()) {
            attribute(out, "end-of-candidates", null);
        }
    }

    private static void transport(StringBuilder out, TransportAttributes t) {
        if (t.iceUfrag() != null) {
            attribute(out, "ice-ufrag", t.iceUfrag());
        }
        if (t.icePwd() != null) {
            attribute(out, "ice-pwd", t.icePwd());
        }
        if (!t.iceOptions().isEmpty()) {
            attribute(out, "ice-options", String.join(" ", t.iceOptions()));
        }
        for (Fingerprint f : t.fingerprints()) {
            attribute(out, "fingerprint", f.toValue());
        }
        if (t.setup() != null) {
            attribute(out, "setup", t.setup().value());
        }
    }

    private static void verbatim(StringBuilder out, SessionDescription sd, String types) {
        for (int i = 0; i < types.length(); i++) {
            char type = types.charAt(i);
            for (SdpLine l : sd.otherLines()) {
                if (l.type() == type) {
                    line(out, type, l.value());
                }
            }
        }
    }

    private static void attribute(StringBuilder out, String name, String value) {
        out.append("a=").append(name);
        if (value != null) {
            out.append(':').append(value);
        }
        out.append(CRLF);
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }
}
