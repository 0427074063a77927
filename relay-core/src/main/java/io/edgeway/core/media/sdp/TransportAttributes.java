package io.edgeway.core.media.sdp;

import java.util.List;

/**
 * The ICE and DTLS attributes that may appear at session level or in an m= section: {@code a=ice-ufrag},
 * {@code a=ice-pwd}, {@code a=ice-options} (RFC 8839 §5.4, §5.6), {@code a=fingerprint} (RFC 8122 §5,
 * more than one allowed) and {@code a=setup} (RFC 8842 §5). An m= section's own values win over the
 * session's: see {@link SessionDescription#transportOf(MediaDescription)}.
 *
 * @param iceUfrag null when absent
 * @param icePwd null when absent
 * @param setup null when absent
 */
public record TransportAttributes(String iceUfrag, String icePwd, List<String> iceOptions,
                                  List<Fingerprint> fingerprints, Setup setup) {

    /** No attribute at all. */
    public static final TransportAttributes NONE = new TransportAttributes(null, null, List.of(), List.of(), null);

    public TransportAttributes {
        if (iceUfrag != null) {
            iceUfrag(iceUfrag);
        }
        if (icePwd != null) {
            icePwd(icePwd);
        }
        iceOptions = List.copyOf(iceOptions);
        for (String option : iceOptions) {
            SdpSyntax.token("ice-options", option);
        }
        fingerprints = List.copyOf(fingerprints);
    }

    /** ICE and DTLS parameters of an endpoint that offers one fingerprint and no ICE options. */
    public static TransportAttributes of(String iceUfrag, String icePwd, Fingerprint fingerprint, Setup setup) {
        return new TransportAttributes(iceUfrag, icePwd, List.of(), List.of(fingerprint), setup);
    }

    /** Whether no attribute is present. */
    public boolean isEmpty() {
        return iceUfrag == null && icePwd == null && iceOptions.isEmpty() && fingerprints.isEmpty() && setup == null;
    }

    /** Each field of {@code preferred} if present, this one's otherwise. */
    TransportAttributes overriddenBy(TransportAttributes preferred) {
        return new TransportAttributes(
                preferred.iceUfrag != null ? preferred.iceUfrag : iceUfrag,
                preferred.icePwd != null ? preferred.icePwd : icePwd,
                preferred.iceOptions.isEmpty() ? iceOptions : preferred.iceOptions,
                preferred.fingerprints.isEmpty() ? fingerprints : preferred.fingerprints,
                preferred.setup != null ? preferred.setup : setup);
    }

    static String iceUfrag(String value) {
        return iceChars("ice-ufrag", value, 4);
    }

    static String icePwd(String value) {
        return iceChars("ice-pwd", value, 22);
    }

    // RFC 8839 §5.4: ice-ufrag = 4*256ice-char, ice-pwd = 22*256ice-char, ice-char = ALPHA / DIGIT / "+" / "/"
    private static String iceChars(String what, String value, int minLength) {
        if (value.length() < minLength || value.length() > 256) {
            throw new IllegalArgumentException(what + " must have " + minLength + " to 256 characters, has "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!ok) {
                throw new IllegalArgumentException(what + " has a character outside ALPHA / DIGIT / + / /");
            }
        }
        return value;
    }
}
