package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ICE candidate as written in {@code a=candidate} (RFC 8839 §5.1) or in a trickled
 * {@code RTCIceCandidate.candidate} string:
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
 *           [raddr &lt;address&gt; rport &lt;port&gt;] [tcptype active|passive|so] *(&lt;name&gt; &lt;value&gt;)
 * </pre>
 * {@code tcptype} is RFC 6544 §4.5's extension for ICE-TCP; the SFU's TCP candidate is
 * {@code tcptype passive} because it only accepts connections. Other extensions (Chromium's
 * {@code generation}, {@code network-id}, {@code ufrag}) are kept in order.
 *
 * @param transport as written ({@code udp}, {@code UDP}, {@code tcp}); compare with {@link #isUdp()}
 * @param address an IP literal or, from a browser hiding its addresses, an mDNS {@code .local} name
 * @param type {@code host}, {@code srflx}, {@code prflx} or {@code relay} (RFC 8839 §5.1)
 * @param relatedAddress null when absent
 * @param relatedPort -1 when absent
 * @param tcpType null when absent
 */
public record Candidate(String foundation, int component, String transport, long priority, String address,
                        int port, String type, String relatedAddress, int relatedPort, String tcpType,
                        List<Extension> extensions) {

    public static final String HOST = "host";
    public static final String TCP_PASSIVE = "passive";

    /** A candidate extension (RFC 8839 §5.1 {@code cand-extension}): one name and one value. */
    public record Extension(String name, String value) {
        public Extension {
            SdpSyntax.word("candidate extension name", name);
            SdpSyntax.word("candidate extension value", value);
        }
    }

    public Candidate {
        // RFC 8839 §5.1: foundation = 1*32ice-char
        if (foundation == null || foundation.isEmpty() || foundation.length() > 32) {
            throw new IllegalArgumentException("candidate foundation must have 1 to 32 characters");
        }
        for (int i = 0; i < foundation.length(); i++) {
            char c = foundation.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/') {
                throw new IllegalArgumentException("candidate foundation has a character outside ice-char");
            }
        }
        // RFC 8445 §4: a component ID is a positive integer between 1 and 256
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("candidate component out of 1..256: " + component);
        }
        SdpSyntax.token("candidate transport", transport);
        // RFC 8445 §5.1.2.1: the priority is a positive integer between 1 and 2^31 - 1
        if (priority < 1 || priority > 0x7FFF_FFFFL) {
            throw new IllegalArgumentException("candidate priority out of 1..2^31-1: " + priority);
        }
        SdpSyntax.word("candidate address", address);
        requirePort("candidate port", port);
        SdpSyntax.token("candidate type", type);
        if ((relatedAddress == null) != (relatedPort < 0)) {
            throw new IllegalArgumentException("raddr and rport come together");
        }
        if (relatedAddress != null) {
            SdpSyntax.word("candidate raddr", relatedAddress);
            requirePort("candidate rport", relatedPort);
        } else if (relatedPort != -1) {
            throw new IllegalArgumentException("rport is -1 when absent");
        }
        if (tcpType != null) {
            SdpSyntax.token("candidate tcptype", tcpType);
        }
        extensions = List.copyOf(extensions);
    }

    /** A host candidate over UDP. */
    public static Candidate udpHost(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "udp", priority, address, port, HOST, null, -1, null, List.of());
    }

    /** A host candidate over ICE-TCP that accepts connections (RFC 6544 §4.5 {@code tcptype passive}). */
    public static Candidate tcpPassiveHost(String foundation, long priority, String address, int port) {
        return new Candidate(foundation, 1, "tcp", priority, address, port, HOST, null, -1, TCP_PASSIVE, List.of());
    }

    /**
     * The priority formula of RFC 8445 §5.1.2.1: {@code 2^24 * typePreference + 2^8 * localPreference +
     * (256 - component)}.
     *
     * @param typePreference 0..126 (RFC 8445 recommends 126 for host candidates)
     * @param localPreference 0..65535 (RFC 6544 §4.2 splits it into direction and other preference for TCP)
     */
    public static long priority(int typePreference, int localPreference, int component) {
        if (typePreference < 0 || typePreference > 126 || localPreference < 0 || localPreference > 65535
                || component < 1 || component > 256) {
            throw new IllegalArgumentException("priority inputs out of range");
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** Whether the transport is UDP (compared case-insensitively: RFC 8839 writes it upper-case). */
    public boolean isUdp() {
        return "udp".equalsIgnoreCase(transport);
    }

    /** Whether the transport is TCP (RFC 6544). */
    public boolean isTcp() {
        return "tcp".equalsIgnoreCase(transport);
    }

    /**
     * Parses a candidate: the value of {@code a=candidate:}, or the same with a leading {@code candidate:}
     * or {@code a=candidate:} as browsers trickle it.
     *
     * @throws IllegalArgumentException naming the field that does not follow RFC 8839 §5.1
     */
    public static Candidate parse(String text) {
        String value = text;
        if (value.startsWith("a=")) {
            value = value.substring(2);
        }
        if (value.startsWith("candidate:")) {
            value = value.substring("candidate:".length());
        }
        String[] f = value.split(" ", -1);
        if (f.length < 8) {
            throw new IllegalArgumentException("candidate needs at least 8 fields: foundation component transport"
                    + " priority address port typ type");
        }
        if (!"typ".equals(f[6])) {
            throw new IllegalArgumentException("candidate's seventh field must be \"typ\", is \"" + f[6] + "\"");
        }
        int component = SdpSyntax.unsignedInt("candidate component", f[1], 256);
        long priority = SdpSyntax.unsigned("candidate priority", f[3], 0x7FFF_FFFFL);
        int port = SdpSyntax.unsignedInt("candidate port", f[5], 65535);
        String relatedAddress = null;
        int relatedPort = -1;
        String tcpType = null;
        List<Extension> extensions = new ArrayList<>();
        int i = 8;
        if (i + 1 < f.length && "raddr".equals(f[i])) {
            relatedAddress = f[i + 1];
            i += 2;
            if (i + 1 < f.length && "rport".equals(f[i])) {
                relatedPort = SdpSyntax.unsignedInt("candidate rport", f[i + 1], 65535);
                i += 2;
            } else {
                throw new IllegalArgumentException("candidate has raddr without rport");
            }
        }
        for (; i < f.length; i += 2) {
            if (i + 1 >= f.length) {
                throw new IllegalArgumentException("candidate extension \"" + f[i] + "\" has no value");
            }
            if ("tcptype".equals(f[i]) && tcpType == null) {
                tcpType = f[i + 1].toLowerCase(Locale.ROOT);
            } else {
                extensions.add(new Extension(f[i], f[i + 1]));
            }
        }
        return new Candidate(f[0], component, f[2], priority, f[4], port, f[7], relatedAddress, relatedPort, tcpType,
                extensions);
    }

    /** The value of {@code a=candidate:}, without the attribute name. */
    public String toValue() {
        StringBuilder sb = new StringBuilder(96)
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType);
        }
        for (Extension e : extensions) {
            sb.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return sb.toString();
    }

    /** {@code candidate:<value>}, the form of {@code RTCIceCandidate.candidate} for trickle ICE. */
    public String toAttribute() {
        return "candidate:" + toValue();
    }

    private static void requirePort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " out of 0..65535: " + port);
        }
    }
}
