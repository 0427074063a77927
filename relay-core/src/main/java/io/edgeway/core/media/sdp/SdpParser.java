package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a session description (RFC 8866) into a {@link SessionDescription}.
 *
 * <p><b>Strict</b> where a mistake would change what is negotiated: every line must be
 * {@code <type>=<value>}; {@code v=0}, {@code o=} and {@code s=} come first and exactly one {@code t=}
 * comes before the first {@code m=}; a type letter RFC 8866 does not define is refused (RFC 8866 §5: a
 * parser must ignore or reject a description with a type letter it does not understand, and ignoring it
 * could hide an attack); every attribute the model has a field for must follow its grammar, appear at
 * most once where it is single-valued, and refer to a payload type the {@code m=} line lists.
 * <b>Tolerant</b> of everything else: an attribute the model does not know is kept verbatim
 * (RFC 8866 §5.13 asks receivers to ignore unknown attributes, and keeping them lets a description
 * survive a round trip), lines may end in CRLF or a bare LF (RFC 8866 §5 asks parsers to accept LF),
 * and one final newline is allowed.
 *
 * <p>Errors are {@link SdpParseException}s that name the 1-based line and quote it. Stateless and
 * thread-safe; not used on the media path.
 */
public final class SdpParser {

    /** Longest description accepted, in characters: a bound for text that arrives from the network. */
    public static final int MAX_LENGTH = 1 << 20;

    private SdpParser() {
    }

    /**
     * Parses {@code sdp}.
     *
     * @throws SdpParseException for the first line that breaks a rule above
     */
    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpParseException(0, "", "the description is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpParseException(0, "", "the description is longer than " + MAX_LENGTH + " characters");
        }
        return new Run(sdp).parse();
    }

    /** One parse: the cursor and what has been read so far. Confined to the calling thread. */
    private static final class Run {
        private final String text;
        private int lineNumber;
        private String line;

        private Origin origin;
        private String sessionName;
        private boolean timeSeen;
        private long startTime;
        private long stopTime;
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<Group> groups = new ArrayList<>();
        private final List<Integer> groupLineNumbers = new ArrayList<>();
        private final List<String> groupLines = new ArrayList<>();
        private MsidSemantic msidSemantic;
        private boolean iceLite;
        private boolean extmapAllowMixed;
        private final TransportBuilder sessionTransport = new TransportBuilder();
        private final List<Attribute> otherAttributes = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private MediaState current;

        Run(String text) {
            this.text = text;
        }

        SessionDescription parse() {
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                int next = end < 0 ? text.length() : end + 1;
                if (end < 0) {
                    end = text.length();
                }
                if (end > start && text.charAt(end - 1) == '\r') {
                    end--;
                }
                lineNumber++;
                line = text.substring(start, end);
                start = next;
                if (line.isEmpty()) {
                    if (start >= text.length()) {
                        break;
                    }
                    throw error("empty line inside the description");
                }
                try {
                    readLine();
                } catch (SdpParseException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            if (origin == null || sessionName == null) {
                throw new SdpParseException(0, "", "the description ends before its v=, o= and s= lines");
            }
            if (!timeSeen) {
                throw new SdpParseException(0, "", "the description has no t= line");
            }
            finishMedia();
            for (int i = 0; i < groups.size(); i++) {
                for (String mid : groups.get(i).mids()) {
                    if (findMid(mid) == null) {
                        throw new SdpParseException(groupLineNumbers.get(i), groupLines.get(i),
                                "names mid " + mid + " that no m= section has (RFC 5888 §5)");
                    }
                }
            }
            try {
                return new SessionDescription(origin, sessionName, startTime, stopTime, connection, bandwidths,
                        groups, msidSemantic, iceLite, extmapAllowMixed, sessionTransport.build(), otherAttributes,
                        otherLines, media);
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(0, "", e.getMessage());
            }
        }

        private MediaDescription findMid(String mid) {
            for (MediaDescription m : media) {
                if (mid.equals(m.mid())) {
                    return m;
                }
            }
            return null;
        }

        private void readLine() {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '\r' || line.charAt(i) == 0) {
                    throw error("a line holds a stray CR or NUL");
                }
            }
            // RFC 8866 §5: <type>=<value>, a single letter and no whitespace around '='
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw error("not a <type>=<value> line");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (lineNumber == 1) {
                if (type != 'v' || !"0".equals(value)) {
                    throw error("the first line must be v=0 (RFC 8866 §5.1)");
                }
                return;
            }
            if (lineNumber == 2) {
                if (type != 'o') {
                    throw error("the second line must be o= (RFC 8866 §5)");
                }
                origin = parseOrigin(value);
                return;
            }
            if (lineNumber == 3) {
                if (type != 's') {
                    throw error("the third line must be s= (RFC 8866 §5)");
                }
                // RFC 8866 §5.3: s= holds at least one character; WebRTC writes "-"
                sessionName = SdpSyntax.text("session name", value);
                return;
            }
            if (type == 'm') {
                if (!timeSeen) {
                    throw error("m= before the t= line (RFC 8866 §5)");
                }
                finishMedia();
                current = new MediaState(lineNumber, value);
                return;
            }
            if (current == null) {
                readSessionLine(type, value);
            } else {
                readMediaLine(type, value);
            }
        }

        private void readSessionLine(char type, String value) {
            switch (type) {
                case 'v', 'o', 's' -> throw error("a second " + type + "= line");
                case 'c' -> {
                    if (connection != null) {
                        throw error("a second session-level c= line");
                    }
                    connection = parseConnection(value);
                }
                case 'b' -> bandwidths.add(parseBandwidth(value));
                case 't' -> {
                    if (timeSeen) {
                        throw error("only one time description (t=) is supported");
                    }
                    String[] f = fields(value, 2, "t=<start> <stop>");
                    startTime = SdpSyntax.unsigned("t= start", f[0], Long.MAX_VALUE);
                    stopTime = SdpSyntax.unsigned("t= stop", f[1], Long.MAX_VALUE);
                    timeSeen = true;
                }
                case 'r', 'z' -> {
                    if (!timeSeen) {
                        throw error(type + "= before t= (RFC 8866 §5)");
                    }
                    otherLines.add(new SdpLine(type, value));
                }
                case 'i', 'u', 'e', 'p', 'k' -> otherLines.add(new SdpLine(type, value));
                case 'a' -> readSessionAttribute(value);
                default -> throw error("unknown line type '" + type + "' (RFC 8866 §5)");
            }
        }

        private void readSessionAttribute(String attribute) {
            int colon = attribute.indexOf(':');
            String name = colon < 0 ? attribute : attribute.substring(0, colon);
            String value = colon < 0 ? null : attribute.substring(colon + 1);
            SdpSyntax.token("attribute name", name);
            switch (name) {
                case "group" -> {
                    String[] f = required(name, value).split(" ", -1);
                    groups.add(new Group(f[0], List.of(f).subList(1, f.length)));
                    groupLineNumbers.add(lineNumber);
                    groupLines.add(line);
                }
                case "msid-semantic" -> {
                    String[] f = required(name, value).trim().split(" ", -1);
                    msidSemantic = new MsidSemantic(f[0], List.of(f).subList(1, f.length));
                }
                case "ice-lite" -> iceLite = flag(name, value);
                case "extmap-allow-mixed" -> extmapAllowMixed = flag(name, value);
                default -> {
                    if (!sessionTransport.read(name, value, this)) {
                        otherAttributes.add(new Attribute(name, value));
                    }
                }
            }
        }

        private void readMediaLine(char type, String value) {
            switch (type) {
                case 'c' -> {
                    if (current.connection != null) {
                        throw error("a second c= line in this m= section");
                    }
                    current.connection = parseConnection(value);
                }
                case 'b' -> current.bandwidths.add(parseBandwidth(value));
                case 'i', 'k' -> current.otherLines.add(new SdpLine(type, value));
                case 'a' -> readMediaAttribute(value);
                case 'v', 'o', 's', 't', 'r', 'z', 'u', 'e', 'p' ->
                        throw error(type + "= belongs before the first m= line (RFC 8866 §5)");
                default -> throw error("unknown line type '" + type + "' (RFC 8866 §5)");
            }
        }

        private void readMediaAttribute(String attribute) {
            int colon = attribute.indexOf(':');
            String name = colon < 0 ? attribute : attribute.substring(0, colon);
            String value = colon < 0 ? null : attribute.substring(colon + 1);
            SdpSyntax.token("attribute name", name);
            MediaState m = current;
            Direction direction = Direction.fromAttribute(name);
            if (direction != null) {
                flag(name, value);
                if (m.direction != null) {
                    throw error("a second direction attribute (RFC 3264 §5.1 allows one)");
                }
                m.direction = direction;
                return;
            }
            if (m.rtp && (name.equals("rtpmap") || name.equals("fmtp") || name.equals("rtcp-fb"))) {
                readFormatAttribute(name, required(name, value));
                return;
            }
            switch (name) {
                case "mid" -> {
                    if (m.mid != null) {
                        throw error("a second a=mid in this m= section");
                    }
                    m.mid = SdpSyntax.token("mid", required(name, value));
                    // RFC 5888 §4: an identification-tag is unique within the session description
                    if (findMid(m.mid) != null) {
                        throw error("mid " + m.mid + " is already used by an earlier m= section (RFC 5888 §4)");
                    }
                }
                case "extmap" -> {
                    String v = required(name, value);
                    String[] f = v.split(" ", 3);
                    if (f.length < 2) {
                        throw error("a=extmap needs <id>[/<direction>] <uri> (RFC 8285 §5)");
                    }
                    String idPart = f[0];
                    Direction extDirection = null;
                    int slash = idPart.indexOf('/');
                    if (slash >= 0) {
                        extDirection = Direction.fromAttribute(idPart.substring(slash + 1));
                        if (extDirection == null) {
                            throw error("a=extmap direction is not sendrecv, sendonly, recvonly or inactive");
                        }
                        idPart = idPart.substring(0, slash);
                    }
                    int id = SdpSyntax.unsignedInt("extmap id", idPart, 255);
                    for (ExtMap e : m.extMaps) {
                        if (e.id() == id) {
                            throw error("extmap id " + id + " is already used in this m= section (RFC 8285 §5)");
                        }
                    }
                    m.extMaps.add(new ExtMap(id, extDirection, f[1], f.length > 2 ? f[2] : null));
                }
                case "msid" -> m.msids.add(Msid.parse(required(name, value)));
                case "ssrc" -> {
                    String v = required(name, value);
                    int space = v.indexOf(' ');
                    if (space < 0) {
                        throw error("a=ssrc needs <ssrc> <attribute>[:<value>] (RFC 5576 §4.1)");
                    }
                    long ssrc = SdpSyntax.unsigned("ssrc", v.substring(0, space), 0xFFFF_FFFFL);
                    String rest = v.substring(space + 1);
                    int c = rest.indexOf(':');
                    m.ssrcAttributes.add(c < 0
                            ? new SsrcAttribute(ssrc, rest, null)
                            : new SsrcAttribute(ssrc, rest.substring(0, c), rest.substring(c + 1)));
                }
                case "ssrc-group" -> {
                    String[] f = required(name, value).split(" ", -1);
                    if (f.length < 2) {
                        throw error("a=ssrc-group needs <semantics> <ssrc>... (RFC 5576 §4.2)");
                    }
                    List<Long> ssrcs = new ArrayList<>();
                    for (int i = 1; i < f.length; i++) {
                        ssrcs.add(SdpSyntax.unsigned("ssrc", f[i], 0xFFFF_FFFFL));
                    }
                    m.ssrcGroups.add(new SsrcGroup(f[0], ssrcs));
                }
                case "rtcp-mux" -> m.rtcpMux = flag(name, value);
                case "rtcp-rsize" -> m.rtcpRsize = flag(name, value);
                case "candidate" -> m.candidates.add(Candidate.parse(required(name, value)));
                case "end-of-candidates" -> m.endOfCandidates = flag(name, value);
                default -> {
                    if (!m.transport.read(name, value, this)) {
                        m.otherAttributes.add(new Attribute(name, value));
                    }
                }
            }
        }

        private void readFormatAttribute(String name, String value) {
            MediaState m = current;
            int space = value.indexOf(' ');
            String ptText = space < 0 ? value : value.substring(0, space);
            String rest = space < 0 ? "" : value.substring(space + 1);
            if (name.equals("rtcp-fb") && ptText.equals("*")) {
                m.feedbackForAll.add(RtcpFeedback.parse(requireRest(name, rest)));
                return;
            }
            int pt = SdpSyntax.unsignedInt(name + " payload type", ptText, 127);
            FormatState f = m.formats.get(pt);
            if (f == null) {
                throw error("a=" + name + " for payload type " + pt + " that the m= line does not list");
            }
            switch (name) {
                case "rtpmap" -> {
                    if (f.encodingName != null) {
                        throw error("a second a=rtpmap for payload type " + pt);
                    }
                    // RFC 8866 §6.6: <encoding name>/<clock rate>[/<encoding parameters>]
                    String[] parts = requireRest(name, rest).split("/", -1);
                    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
                        throw error("a=rtpmap needs <pt> <encoding>/<clock rate>[/<channels>] (RFC 8866 §6.6)");
                    }
                    f.encodingName = parts[0];
                    f.clockRate = SdpSyntax.unsignedInt("rtpmap clock rate", parts[1], Integer.MAX_VALUE);
                    if (f.clockRate == 0) {
                        throw error("a=rtpmap clock rate is 0");
                    }
                    f.channels = parts.length == 3 ? SdpSyntax.unsignedInt("rtpmap channels", parts[2], 255) : 0;
                }
                case "fmtp" -> {
                    if (f.fmtp != null) {
                        throw error("a second a=fmtp for payload type " + pt);
                    }
                    f.fmtp = requireRest(name, rest);
                }
                default -> f.feedback.add(RtcpFeedback.parse(requireRest(name, rest)));
            }
        }

        private String requireRest(String name, String rest) {
            if (rest.isEmpty()) {
                throw error("a=" + name + " has nothing after the payload type");
            }
            return rest;
        }

        private void finishMedia() {
            if (current == null) {
                return;
            }
            MediaState m = current;
            current = null;
            List<PayloadFormat> payloadFormats = new ArrayList<>();
            if (m.rtp) {
                for (FormatState f : m.formats.values()) {
                    payloadFormats.add(new PayloadFormat(f.payloadType, f.encodingName, f.clockRate, f.channels,
                            f.fmtp, f.feedback));
                }
            }
            try {
                media.add(new MediaDescription(m.kind, m.port, m.protocol, m.formatList, m.connection, m.bandwidths,
                        m.mid, m.direction == null ? Direction.SENDRECV : m.direction, payloadFormats,
                        m.feedbackForAll, m.extMaps, m.msids, m.ssrcGroups, m.ssrcAttributes, m.rtcpMux,
                        m.rtcpRsize, m.transport.build(), m.candidates, m.endOfCandidates, m.otherAttributes,
                        m.otherLines));
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(m.firstLine, "m=" + m.value, e.getMessage());
            }
        }

        private Origin parseOrigin(String value) {
            String[] f = fields(value, 6, "o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
            long version = SdpSyntax.unsigned("origin session version", f[2], Long.MAX_VALUE);
            return new Origin(f[0], f[1], version, f[3], f[4], f[5]);
        }

        private Connection parseConnection(String value) {
            String[] f = fields(value, 3, "c=<nettype> <addrtype> <address>");
            return new Connection(f[0], f[1], f[2]);
        }

        private Bandwidth parseBandwidth(String value) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw error("b= needs <type>:<bandwidth> (RFC 8866 §5.8)");
            }
            return new Bandwidth(value.substring(0, colon),
                    SdpSyntax.unsigned("bandwidth", value.substring(colon + 1), Long.MAX_VALUE));
        }

        private String[] fields(String value, int count, String grammar) {
            String[] f = value.split(" ", -1);
            if (f.length != count) {
                throw error("needs " + grammar);
            }
            for (String field : f) {
                if (field.isEmpty()) {
                    throw error("needs " + grammar + " with single spaces");
                }
            }
            return f;
        }

        private boolean flag(String name, String value) {
            if (value != null) {
                throw error("a=" + name + " takes no value");
            }
            return true;
        }

        private String required(String name, String value) {
            if (value == null || value.isEmpty()) {
                throw error("a=" + name + " needs a value");
            }
            return value;
        }

        SdpParseException error(String problem) {
            return new SdpParseException(lineNumber, line, problem);
        }

        /** The m= section being read. */
        private final class MediaState {
            final int firstLine;
            final String value;
            final String kind;
            final int port;
            final String protocol;
            final List<String> formatList;
            final boolean rtp;
            final Map<Integer, FormatState> formats = new LinkedHashMap<>();
            Connection connection;
            final List<Bandwidth> bandwidths = new ArrayList<>();
            String mid;
            Direction direction;
            final List<RtcpFeedback> feedbackForAll = new ArrayList<>();
            final List<ExtMap> extMaps = new ArrayList<>();
            final List<Msid> msids = new ArrayList<>();
            final List<SsrcGroup> ssrcGroups = new ArrayList<>();
            final List<SsrcAttribute> ssrcAttributes = new ArrayList<>();
            boolean rtcpMux;
            boolean rtcpRsize;
            final TransportBuilder transport = new TransportBuilder();
            final List<Candidate> candidates = new ArrayList<>();
            boolean endOfCandidates;
            final List<Attribute> otherAttributes = new ArrayList<>();
            final List<SdpLine> otherLines = new ArrayList<>();

            MediaState(int firstLine, String value) {
                this.firstLine = firstLine;
                this.value = value;
                // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
                String[] f = value.split(" ", -1);
                if (f.length < 4) {
                    throw error("m= needs <media> <port> <proto> <fmt>... (RFC 8866 §5.14)");
                }
                for (String field : f) {
                    if (field.isEmpty()) {
                        throw error("m= fields are separated by single spaces");
                    }
                }
                kind = SdpSyntax.token("media type", f[0]);
                if (f[1].indexOf('/') >= 0) {
                    throw error("a port count (<port>/<number>) is not supported: WebRTC uses one port");
                }
                port = SdpSyntax.unsignedInt("m= port", f[1], 65535);
                protocol = f[2];
                formatList = List.of(f).subList(3, f.length);
                rtp = MediaDescription.isRtp(protocol);
                if (rtp) {
                    for (String fmt : formatList) {
                        int pt = SdpSyntax.unsignedInt("m= payload type", fmt, 127);
                        if (!Integer.toString(pt).equals(fmt)) {
                            throw error("m= payload type " + fmt + " is not in canonical decimal form");
                        }
                        if (formats.put(pt, new FormatState(pt)) != null) {
                            throw error("m= lists payload type " + pt + " twice");
                        }
                    }
                }
            }
        }
    }

    /** What is known about one payload type while its m= section is read. */
    private static final class FormatState {
        final int payloadType;
        String encodingName;
        int clockRate;
        int channels;
        String fmtp;
        final List<RtcpFeedback> feedback = new ArrayList<>();

        FormatState(int payloadType) {
            this.payloadType = payloadType;
        }
    }

    /** Collects the ICE and DTLS attributes of one level. */
    private static final class TransportBuilder {
        private String iceUfrag;
        private String icePwd;
        private final List<String> iceOptions = new ArrayList<>();
        private final List<Fingerprint> fingerprints = new ArrayList<>();
        private Setup setup;
        private final Map<String, Boolean> seen = new HashMap<>();

        /** Reads the attribute if it is one of this level's; returns false if it is not. */
        boolean read(String name, String value, Run run) {
            switch (name) {
                case "ice-ufrag", "ice-pwd", "setup" -> {
                    if (seen.put(name, Boolean.TRUE) != null) {
                        throw run.error("a second a=" + name + " at this level");
                    }
                    String v = run.required(name, value);
                    if (name.equals("ice-ufrag")) {
                        iceUfrag = TransportAttributes.iceUfrag(v);
                    } else if (name.equals("ice-pwd")) {
                        icePwd = TransportAttributes.icePwd(v);
                    } else {
                        setup = Setup.fromValue(v);
                        if (setup == null) {
                            throw run.error("a=setup is not active, passive, actpass or holdconn (RFC 4145 §4)");
                        }
                    }
                    return true;
                }
                case "ice-options" -> {
                    for (String option : run.required(name, value).split(" ", -1)) {
                        iceOptions.add(option);
                    }
                    return true;
                }
                case "fingerprint" -> {
                    fingerprints.add(Fingerprint.parse(run.required(name, value)));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        TransportAttributes build() {
            return new TransportAttributes(iceUfrag, icePwd, iceOptions, fingerprints, setup);
        }
    }
}
