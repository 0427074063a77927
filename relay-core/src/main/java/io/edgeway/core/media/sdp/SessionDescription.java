package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed or built session description (RFC 8866) in the unified-plan shape WebRTC uses (RFC 8829):
 * session-level lines and attributes, then one {@link MediaDescription} per m= section in order.
 *
 * <p>Immutable and thread-safe: signaling code can hand one between threads freely. It is not used on
 * the media path; the SFU reads what it needs (payload types, extmap ids, SSRCs, mids) once per
 * negotiation. {@link SdpParser} reads one, {@link SdpWriter} writes one, and the builders produce them.
 *
 * <p>Only one time description ({@code t=}) is modelled, the only one WebRTC writes ({@code t=0 0}).
 *
 * @param connection the session-level {@code c=} line, or null
 * @param groups {@code a=group} lines (RFC 5888), e.g. {@code BUNDLE}
 * @param msidSemantic the {@code a=msid-semantic} line, or null
 * @param iceLite {@code a=ice-lite} (RFC 8839 §5.3): the writer only answers connectivity checks
 * @param extmapAllowMixed {@code a=extmap-allow-mixed} (RFC 8285 §6): one- and two-byte header
 *     extensions may be mixed in one stream
 * @param transport session-level ICE and DTLS attributes, inherited by every m= section
 * @param otherAttributes session-level attributes without a field, kept verbatim
 * @param otherLines {@code i= u= e= p= r= z= k=} lines, kept verbatim
 */
public record SessionDescription(Origin origin, String sessionName, long startTime, long stopTime,
                                 Connection connection, List<Bandwidth> bandwidths, List<Group> groups,
                                 MsidSemantic msidSemantic, boolean iceLite, boolean extmapAllowMixed,
                                 TransportAttributes transport, List<Attribute> otherAttributes,
                                 List<SdpLine> otherLines, List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        SdpSyntax.text("session name", sessionName);
        if (startTime < 0 || stopTime < 0) {
            throw new IllegalArgumentException("t= times are negative");
        }
        bandwidths = List.copyOf(bandwidths);
        groups = List.copyOf(groups);
        Objects.requireNonNull(transport, "transport");
        otherAttributes = List.copyOf(otherAttributes);
        otherLines = List.copyOf(otherLines);
        media = List.copyOf(media);
        Set<String> mids = new HashSet<>();
        for (MediaDescription m : media) {
            // RFC 5888 §4: an identification-tag is unique within the session description
            if (m.mid() != null && !mids.add(m.mid())) {
                throw new IllegalArgumentException("mid " + m.mid() + " is used by two m= sections");
            }
        }
        for (Group g : groups) {
            for (String mid : g.mids()) {
                if (!mids.contains(mid)) {
                    throw new IllegalArgumentException("a=group:" + g.semantics() + " names mid " + mid
                            + " that no m= section has");
                }
            }
        }
    }

    /** The mids of the first {@code a=group:BUNDLE} line, the BUNDLE-tag first; empty if there is none. */
    public List<String> bundleMids() {
        for (Group g : groups) {
            if (Group.BUNDLE.equals(g.semantics())) {
                return g.mids();
            }
        }
        return List.of();
    }

    /** The m= section with this mid, or null. */
    public MediaDescription media(String mid) {
        for (MediaDescription m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }

    /** The ICE and DTLS attributes that apply to {@code m}: its own, each falling back to the session's. */
    public TransportAttributes transportOf(MediaDescription m) {
        return transport.overriddenBy(m.transport());
    }

    /** A builder that starts from this description's values. */
    public Builder toBuilder() {
        Builder b = new Builder(origin);
        b.sessionName = sessionName;
        b.startTime = startTime;
        b.stopTime = stopTime;
        b.connection = connection;
        b.bandwidths = new ArrayList<>(bandwidths);
        b.groups = new ArrayList<>(groups);
        b.msidSemantic = msidSemantic;
        b.iceLite = iceLite;
        b.extmapAllowMixed = extmapAllowMixed;
        b.transport = transport;
        b.otherAttributes = new ArrayList<>(otherAttributes);
        b.otherLines = new ArrayList<>(otherLines);
        b.media = new ArrayList<>(media);
        return b;
    }

    /** A builder with JSEP's session name {@code -} and time {@code 0 0}. */
    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** Mutable builder of a {@link SessionDescription}; not thread-safe. Lists passed in are copied. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private long startTime;
        private long stopTime;
        private Connection connection;
        private List<Bandwidth> bandwidths = new ArrayList<>();
        private List<Group> groups = new ArrayList<>();
        private MsidSemantic msidSemantic;
        private boolean iceLite;
        private boolean extmapAllowMixed;
        private TransportAttributes transport = TransportAttributes.NONE;
        private List<Attribute> otherAttributes = new ArrayList<>();
        private List<SdpLine> otherLines = new ArrayList<>();
        private List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = origin;
        }

        public Builder origin(Origin value) {
            this.origin = value;
            return this;
        }

        public Builder sessionName(String value) {
            this.sessionName = value;
            return this;
        }

        public Builder time(long start, long stop) {
            this.startTime = start;
            this.stopTime = stop;
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

        public Builder groups(List<Group> value) {
            this.groups = new ArrayList<>(value);
            return this;
        }

        public Builder msidSemantic(MsidSemantic value) {
            this.msidSemantic = value;
            return this;
        }

        public Builder iceLite(boolean value) {
            this.iceLite = value;
            return this;
        }

        public Builder extmapAllowMixed(boolean value) {
            this.extmapAllowMixed = value;
            return this;
        }

        public Builder transport(TransportAttributes value) {
            this.transport = value;
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

        public Builder media(List<MediaDescription> value) {
            this.media = new ArrayList<>(value);
            return this;
        }

        public Builder addMedia(MediaDescription value) {
            this.media.add(value);
            return this;
        }

        /** @throws IllegalArgumentException if a value breaks a rule of {@link SessionDescription} */
        public SessionDescription build() {
            return new SessionDescription(origin, sessionName, startTime, stopTime, connection, bandwidths, groups,
                    msidSemantic, iceLite, extmapAllowMixed, transport, otherAttributes, otherLines, media);
        }
    }
}
