package io.edgeway.bench.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lenient reading of a server's SDP (RFC 8866): the session's attributes and each media section's
 * kind, port, payload types and attributes, kept as text. The harness reads what two different SFUs
 * write (Edgeway and Janus), so it models only what a synthetic participant needs and ignores the
 * rest; Edgeway's own strict parser is deliberately not used, so that a quirk of Edgeway's writer is
 * not hidden by the same code reading it.
 *
 * <p>Immutable.
 */
public final class RemoteSdp {

    /** One {@code m=} section with its attributes ({@code name} to value, in order; flags have ""). */
    public record Section(int index, String kind, int port, String protocol, List<Integer> payloadTypes,
            List<String[]> attributes) {

        /** The first value of {@code a=name}, or null. */
        public String attribute(String name) {
            for (String[] a : attributes) {
                if (a[0].equals(name)) {
                    return a[1];
                }
            }
            return null;
        }

        /** Every value of {@code a=name}, in order. */
        public List<String> attributes(String name) {
            List<String> values = new ArrayList<>();
            for (String[] a : attributes) {
                if (a[0].equals(name)) {
                    values.add(a[1]);
                }
            }
            return values;
        }

        public boolean rejected() {
            return port == 0;
        }

        public String mid() {
            return attribute("mid");
        }

        /** sendrecv, sendonly, recvonly or inactive (sendrecv when none is given, RFC 8866 §6.7). */
        public String direction() {
            for (String[] a : attributes) {
                switch (a[0]) {
                    case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                        return a[0];
                    }
                    default -> { }
                }
            }
            return "sendrecv";
        }

        /** The payload type whose rtpmap names {@code encoding} (e.g. "opus/48000", "VP8/90000"), or -1. */
        public int payloadType(String encoding) {
            String wanted = encoding.toLowerCase(Locale.ROOT);
            for (String value : attributes("rtpmap")) {
                int space = value.indexOf(' ');
                if (space > 0 && value.substring(space + 1).toLowerCase(Locale.ROOT).startsWith(wanted)) {
                    return Integer.parseInt(value.substring(0, space));
                }
            }
            return -1;
        }

        /** The RTX payload type whose fmtp says {@code apt=<payloadType>}, or -1. */
        public int rtxFor(int payloadType) {
            for (String value : attributes("fmtp")) {
                int space = value.indexOf(' ');
                if (space > 0 && value.substring(space + 1).trim().equals("apt=" + payloadType)) {
                    int pt = Integer.parseInt(value.substring(0, space));
                    if (payloadType(pt) != null && payloadType(pt).toLowerCase(Locale.ROOT).startsWith("rtx/")) {
                        return pt;
                    }
                }
            }
            return -1;
        }

        /** The rtpmap encoding of {@code pt} ("VP8/90000"), or null. */
        public String payloadType(int pt) {
            String prefix = pt + " ";
            for (String value : attributes("rtpmap")) {
                if (value.startsWith(prefix)) {
                    return value.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        /** The id of {@code a=extmap:<id>[/direction] <uri>}, or -1. */
        public int extensionId(String uri) {
            for (String value : attributes("extmap")) {
                String[] parts = value.split(" ");
                if (parts.length >= 2 && parts[1].equals(uri)) {
                    String id = parts[0];
                    int slash = id.indexOf('/');
                    return Integer.parseInt(slash < 0 ? id : id.substring(0, slash));
                }
            }
            return -1;
        }

        /** SSRCs of {@code a=ssrc} lines, in order, without repeats. */
        public List<Long> ssrcs() {
            List<Long> ssrcs = new ArrayList<>();
            for (String value : attributes("ssrc")) {
                int space = value.indexOf(' ');
                long ssrc = Long.parseLong(space < 0 ? value : value.substring(0, space));
                if (!ssrcs.contains(ssrc)) {
                    ssrcs.add(ssrc);
                }
            }
            return ssrcs;
        }

        /** The {@code a=ssrc-group:FID} pair (media, RTX) or null. */
        public long[] fidGroup() {
            for (String value : attributes("ssrc-group")) {
                String[] parts = value.split(" ");
                if (parts.length == 3 && parts[0].equals("FID")) {
                    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
                }
            }
            return null;
        }

        /** The stream id of {@code a=msid:<stream> <track>}, or null. */
        public String msidStream() {
            String msid = attribute("msid");
            if (msid == null) {
                for (String value : attributes("ssrc")) {
                    int at = value.indexOf(" msid:");
                    if (at > 0) {
                        msid = value.substring(at + 6);
                        break;
                    }
                }
            }
            if (msid == null) {
                return null;
            }
            int space = msid.indexOf(' ');
            return space < 0 ? msid : msid.substring(0, space);
        }
    }

    /** A remote UDP candidate from {@code a=candidate}. */
    public record Candidate(String foundation, String ip, int port, long priority, String type) {
    }

    private final List<String[]> sessionAttributes;
    private final List<Section> sections;

    private RemoteSdp(List<String[]> sessionAttributes, List<Section> sections) {
        this.sessionAttributes = sessionAttributes;
        this.sections = sections;
    }

    /** Reads {@code text} (CRLF or LF line ends); unknown lines are skipped. */
    public static RemoteSdp parse(String text) {
        List<String[]> session = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        List<String[]> current = session;
        String[] mLine = null;
        int at = 0;
        int length = text.length();
        while (at < length) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = length;
            }
            String line = text.substring(at, end > at && text.charAt(end - 1) == '\r' ? end - 1 : end);
            at = end + 1;
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (mLine != null) {
                    sections.add(section(sections.size(), mLine, current));
                }
                mLine = value.split(" ");
                current = new ArrayList<>();
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                current.add(colon < 0 ? new String[] {value, ""}
                        : new String[] {value.substring(0, colon), value.substring(colon + 1)});
            }
        }
        if (mLine != null) {
            sections.add(section(sections.size(), mLine, current));
        }
        return new RemoteSdp(List.copyOf(session), List.copyOf(sections));
    }

    private static Section section(int index, String[] m, List<String[]> attributes) {
        if (m.length < 3) {
            throw new IllegalArgumentException("malformed m= line: " + String.join(" ", m));
        }
        List<Integer> pts = new ArrayList<>();
        for (int i = 3; i < m.length; i++) {
            try {
                pts.add(Integer.parseInt(m[i]));
            } catch (NumberFormatException e) {
                // an application section's format ("webrtc-datachannel") is no payload type
            }
        }
        return new Section(index, m[0], Integer.parseInt(m[1]), m[2], List.copyOf(pts), List.copyOf(attributes));
    }

    public List<Section> sections() {
        return sections;
    }

    /** A session-level attribute, else the first section's (the transport is bundled). */
    public String transportAttribute(String name) {
        for (String[] a : sessionAttributes) {
            if (a[0].equals(name)) {
                return a[1];
            }
        }
        for (Section s : sections) {
            if (!s.rejected() && s.attribute(name) != null) {
                return s.attribute(name);
            }
        }
        return null;
    }

    public String iceUfrag() {
        return transportAttribute("ice-ufrag");
    }

    public String icePwd() {
        return transportAttribute("ice-pwd");
    }

    /** {@code sha-256 AB:CD:...} */
    public String fingerprint() {
        return transportAttribute("fingerprint");
    }

    /** actpass, active or passive. */
    public String setup() {
        return transportAttribute("setup");
    }

    public boolean iceLite() {
        for (String[] a : sessionAttributes) {
            if (a[0].equals("ice-lite")) {
                return true;
            }
        }
        return false;
    }

    /** Every IPv4 UDP candidate of the session (bundled: those of the first section that has any). */
    public List<Candidate> udpCandidates() {
        List<Candidate> out = new ArrayList<>();
        for (Section s : sections) {
            for (String value : s.attributes("candidate")) {
                // foundation component transport priority ip port typ type ...
                String[] f = value.split(" ");
                if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[4].indexOf(':') < 0 && "1".equals(f[1])) {
                    Candidate c = new Candidate(f[0], f[4], Integer.parseInt(f[5]), Long.parseLong(f[3]), f[7]);
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }
}
