package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One m= section (RFC 8866 §5.14) with the attributes WebRTC negotiates, each in its own field; any
 * other attribute is kept verbatim in {@link #otherAttributes()}.
 *
 * <p>For an RTP profile ({@link #isRtp()}), {@link #payloadFormats()} has exactly one entry per format on
 * the m= line, in the same order, and the m= line's order is the preference order (RFC 3264 §5.1). For
 * any other protocol (e.g. {@code UDP/DTLS/SCTP}) it is empty and {@code a=rtpmap}/{@code a=fmtp} lines
 * stay in {@link #otherAttributes()}.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder} or change one with {@link #toBuilder()}.
 *
 * @param kind the media type: {@code audio}, {@code video}, {@code application}, ...
 * @param port 0 for a rejected or removed section (RFC 3264 §6, §8.2), or for one offered bundle-only
 *     (RFC 8843 §6)
 * @param protocol e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats the m= line's format list, never empty
 * @param connection the section's {@code c=} line, or null
 * @param mid the {@code a=mid} identification-tag (RFC 5888 §4), or null
 * @param direction never null: RFC 3264 §5.1 reads a missing direction attribute as {@code sendrecv}
 * @param feedbackForAllFormats {@code a=rtcp-fb:*} lines (RFC 4585 §4.2)
 * @param candidates {@code a=candidate} lines, in order
 * @param otherLines {@code i=} and {@code k=} lines
 */
public record MediaDescription(String kind, int port, String protocol, List<String> formats,
                               Connection connection, List<Bandwidth> bandwidths, String mid, Direction direction,
                               List<PayloadFormat> payloadFormats, List<RtcpFeedback> feedbackForAllFormats,
                               List<ExtMap> extMaps, List<Msid> msids, List<SsrcGroup> ssrcGroups,
                               List<SsrcAttribute> ssrcAttributes, boolean rtcpMux, boolean rtcpRsize,
                               TransportAttributes transport, List<Candidate> candidates, boolean endOfCandidates,
                               List<Attribute> otherAttributes, List<SdpLine> otherLines) {

    /** The RTP profile of WebRTC media: RTP/AVPF feedback over SRTP keyed by DTLS (RFC 5764 §8). */
    public static final String UDP_TLS_RTP_SAVPF = "UDP/TLS/RTP/SAVPF";
    /** RFC 8843 §6: the property attribute of a section to be used only if bundled. */
    public static final String BUNDLE_ONLY = "bundle-only";

    public MediaDescription {
        SdpSyntax.token("media type", kind);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("m= port out of 0..65535: " + port);
        }
        SdpSyntax.word("m= protocol", protocol);
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("m= line lists no format");
        }
        for (String format : formats) {
            SdpSyntax.word("m= format", format);
        }
        bandwidths = List.copyOf(bandwidths);
        if (mid != null) {
            SdpSyntax.token("mid", mid);
        }
        Objects.requireNonNull(direction, "direction");
        payloadFormats = List.copyOf(payloadFormats);
        feedbackForAllFormats = List.copyOf(feedbackForAllFormats);
        extMaps = List.copyOf(extMaps);
        msids = List.copyOf(msids);
        ssrcGroups = List.copyOf(ssrcGroups);
        ssrcAttributes = List.copyOf(ssrcAttributes);
        Objects.requireNonNull(transport, "transport");
        candidates = List.copyOf(candidates);
        otherAttributes = List.copyOf(otherAttributes);
        otherLines = List.copyOf(otherLines);
        for (SdpLine line : otherLines) {
            if (SdpLine.MEDIA_TYPES.indexOf(line.type()) < 0) {
                throw new IllegalArgumentException("an m= section cannot hold a " + line.type() + "= line");
            }
        }
        if (isRtp(protocol)) {
            if (payloadFormats.size() != formats.size()) {
                throw new IllegalArgumentException("an RTP m= section needs one payload format per m= format");
            }
            for (int i = 0; i < formats.size(); i++) {
                if (!formats.get(i).equals(Integer.toString(payloadFormats.get(i).payloadType()))) {
                    throw new IllegalArgumentException("payload format " + payloadFormats.get(i).payloadType()
                            + " does not match m= format " + formats.get(i) + " at position " + i);
                }
            }
        } else if (!payloadFormats.isEmpty()) {
            throw new IllegalArgumentException("payload formats need an RTP protocol, not " + protocol);
        }
        Set<Integer> extIds = new LinkedHashSet<>();
        for (ExtMap e : extMaps) {
            if (!extIds.add(e.id())) {
                throw new IllegalArgumentException("extmap id " + e.id() + " is used twice");
            }
        }
    }

    /** Whether {@code protocol} is an RTP profile (RFC 8866 §5.14: {@code RTP/AVP} and its relatives). */
    static boolean isRtp(String protocol) {
        return protocol.contains("RTP/");
    }

    /** Whether this section carries RTP, so that its formats are payload types. */
    public boolean isRtp() {
        return isRtp(protocol);
    }

    /**
     * Whether the section is rejected or removed (RFC 3264 §6, §8.2): port 0 and not bundle-only. A port of
     * 0 with {@code a=bundle-only} (RFC 8843 §6) is an offered section that is to be used only if bundled:
     * it lives on the BUNDLE transport, not rejected.
     */
    public boolean isRejected() {
        return port == 0 && !bundleOnly();
    }

    /**
     * Whether the section carries {@code a=bundle-only} (RFC 8843 §6): the offerer wants it only on the
     * BUNDLE transport (Firefox with {@code bundlePolicy: 'max-bundle'} offers every section but the first
     * so, with port 0). The attribute stays in {@link #otherAttributes()}, so it is written back verbatim.
     */
    public boolean bundleOnly() {
        for (Attribute a : otherAttributes) {
            if (BUNDLE_ONLY.equals(a.name())) {
                return true;
            }
        }
        return false;
    }

    /** The extmap with this ID, or null. */
    public ExtMap extMap(int id) {
        for (ExtMap e : extMaps) {
            if (e.id() == id) {
                return e;
            }
        }
        return null;
    }

    /** The payload format with this payload type, or null. */
    public PayloadFormat payloadFormat(int payloadType) {
        for (PayloadFormat f : payloadFormats) {
            if (f.payloadType() == payloadType) {
                return f;
            }
        }
        return null;
    }

    /** The first (most preferred) payload format of codec {@code name} at {@code clockRate}, or null. */
    public PayloadFormat firstFormat(String name, int clockRate) {
        for (PayloadFormat f : payloadFormats) {
            if (f.is(name, clockRate)) {
                return f;
            }
        }
        return null;
    }

    /** The RTX format whose {@code apt} is {@code payloadType} (RFC 4588 §8), or null. */
    public PayloadFormat rtxFor(int payloadType) {
        for (PayloadFormat f : payloadFormats) {
            if (f.is("rtx", f.clockRate()) && f.associatedPayloadType() == payloadType) {
                return f;
            }
        }
        return null;
    }

    /** The extmap id of header extension {@code uri}, or -1 if this section does not negotiate it. */
    public int extMapId(String uri) {
        for (ExtMap e : extMaps) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return -1;
    }

    /** The distinct SSRCs of the {@code a=ssrc} lines, in order of appearance. */
    public List<Long> ssrcs() {
        Set<Long> ssrcs = new LinkedHashSet<>();
        for (SsrcAttribute a : ssrcAttributes) {
            ssrcs.add(a.ssrc());
        }
        return List.copyOf(ssrcs);
    }

    /** The value of {@code a=ssrc:<ssrc> <attribute>:...}, or null. */
    public String ssrcAttribute(long ssrc, String attribute) {
        for (SsrcAttribute a : ssrcAttributes) {
            if (a.ssrc() == ssrc && a.attribute().equals(attribute)) {
                return a.value();
            }
        }
        return null;
    }

    /** The {@code a=ssrc-group} with these semantics, or null. */
    public SsrcGroup ssrcGroup(String semantics) {
        for (SsrcGroup g : ssrcGroups) {
            if (g.semantics().equals(semantics)) {
                return g;
            }
        }
        return null;
    }

    /** The first verbatim attribute called {@code name}, or null. */
    public Attribute otherAttribute(String name) {
        for (Attribute a : otherAttributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** A builder for a new section; RTP formats come from {@link Builder#payloadFormats}. */
    public static Builder builder(String kind, int port, String protocol) {
        return new Builder(kind, port, protocol);
    }

    /** A builder that starts from this section's values. */
    public Builder toBuilder() {
        Builder b = new Builder(kind, port, protocol);
        b.formats = new ArrayList<>(formats);
        b.connection = connection;
        b.bandwidths = new ArrayList<>(bandwidths);
        b.mid = mid;
        b.direction = direction;
        b.payloadFormats = new ArrayList<>(payloadFormats);
        b.feedbackForAllFormats = new ArrayList<>(feedbackForAllFormats);
        b.extMaps = new ArrayList<>(extMaps);
        b.msids = new ArrayList<>(msids);
        b.ssrcGroups = new ArrayList<>(ssrcGroups);
        b.ssrcAttributes = new ArrayList<>(ssrcAttributes);
        b.rtcpMux = rtcpMux;
        b.rtcpRsize = rtcpRsize;
        b.transport = transport;
        b.candidates = new ArrayList<>(candidates);
        b.endOfCandidates = endOfCandidates;
        b.otherAttributes = new ArrayList<>(otherAttributes);
        b.otherLines = new ArrayList<>(otherLines);
        return b;
    }

    /**
     * Mutable builder of a {@link MediaDescription}; not thread-safe. Lists passed in are copied. When the
     * protocol is RTP and {@link #formats} was not set, the m= format list is the payload types of
     * {@link #payloadFormats}, in order.
     */
    public static final class Builder {
        private String kind;
        private int port;
        private String protocol;
        private List<String> formats;
        private Connection connection;
        private List<Bandwidth> bandwidths = new ArrayList<>();
        private String mid;
        private Direction direction = Direction.SENDRECV;
        private List<PayloadFormat> payloadFormats = new ArrayList<>();
        private List<RtcpFeedback> feedbackForAllFormats = new ArrayList<>();
        private List<ExtMap> extMaps = new ArrayList<>();
        private List<Msid> msids = new ArrayList<>();
        private List<SsrcGroup> ssrcGroups = new ArrayList<>();
        private List<SsrcAttribute> ssrcAttributes = new ArrayList<>();
        private boolean rtcpMux;
        private boolean rtcpRsize;
        private TransportAttributes transport = TransportAttributes.NONE;
        private List<Candidate> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private List<Attribute> otherAttributes = new ArrayList<>();
        private List<SdpLine> otherLines = new ArrayList<>();

        private Builder(String kind, int port, String protocol) {
            this.kind = kind;
            this.port = port;
            this.protocol = protocol;
        }

        public Builder kind(String value) {
            this.kind = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder protocol(String value) {
            this.protocol = value;
            return this;
        }

        /** The m= format list; for RTP, leave unset to derive it from the payload formats. */
        public Builder formats(List<String> value) {
            this.formats = value == null ? null : new ArrayList<>(value);
            return this;
        }

        public Builder connection(Connection value) {
            this.connection = value;
            return this;
        }

        public Builder bandwidths(List<Bandwidth> value) {
            this.bandwidths = new ArrayList<>(value);
            return this;
        }

        public Builder mid(String value) {
            this.mid = value;
            return this;
        }

        public Builder direction(Direction value) {
            this.direction = value;
            return this;
        }

        /** Sets the payload formats; also resets {@link #formats} so that it follows them. */
        public Builder payloadFormats(List<PayloadFormat> value) {
            this.payloadFormats = new ArrayList<>(value);
            this.formats = null;
            return this;
        }

        public Builder feedbackForAllFormats(List<RtcpFeedback> value) {
            this.feedbackForAllFormats = new ArrayList<>(value);
            return this;
        }

        public Builder extMaps(List<ExtMap> value) {
            this.extMaps = new ArrayList<>(value);
            return this;
        }

        public Builder msids(List<Msid> value) {
            this.msids = new ArrayList<>(value);
            return this;
        }

        public Builder ssrcGroups(List<SsrcGroup> value) {
            this.ssrcGroups = new ArrayList<>(value);
            return this;
        }

        public Builder ssrcAttributes(List<SsrcAttribute> value) {
            this.ssrcAttributes = new ArrayList<>(value);
            return this;
        }

        public Builder rtcpMux(boolean value) {
            this.rtcpMux = value;
            return this;
        }

        public Builder rtcpRsize(boolean value) {
            this.rtcpRsize = value;
            return this;
        }

        public Builder transport(TransportAttributes value) {
            this.transport = value;
            return this;
        }

        public Builder candidates(List<Candidate> value) {
            this.candidates = new ArrayList<>(value);
            return this;
        }

        public Builder endOfCandidates(boolean value) {
            this.endOfCandidates = value;
            return this;
        }

        public Builder otherAttributes(List<Attribute> value) {
            this.otherAttributes = new ArrayList<>(value);
            return this;
        }

        public Builder otherLines(List<SdpLine> value) {
            this.otherLines = new ArrayList<>(value);
            return this;
        }

        /** @throws IllegalArgumentException if a value breaks a rule of {@link MediaDescription} */
        public MediaDescription build() {
            List<String> fmts = formats;
            if (fmts == null) {
                fmts = new ArrayList<>();
                for (PayloadFormat f : payloadFormats) {
                    fmts.add(Integer.toString(f.payloadType()));
                }
            }
            return new MediaDescription(kind, port, protocol, fmts, connection, bandwidths, mid, direction,
                    payloadFormats, feedbackForAllFormats, extMaps, msids, ssrcGroups, ssrcAttributes, rtcpMux,
                    rtcpRsize, transport, candidates, endOfCandidates, otherAttributes, otherLines);
        }
    }
}
