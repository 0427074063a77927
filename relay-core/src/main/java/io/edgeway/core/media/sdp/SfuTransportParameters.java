package io.edgeway.core.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * What the SFU says about its own end of one participant's transport, in every description it writes
 * for that participant: the ICE-lite credentials (RFC 8445 §2.5: the lite agent only answers checks),
 * the fingerprint of its DTLS certificate, and its candidates: typically one UDP host candidate on the
 * shared media port and one ICE-TCP candidate with {@code tcptype passive} (RFC 6544 §4.5) on the TCP
 * port, for networks that block UDP.
 *
 * <p>The credentials stay the same for the participant's whole session: changing them in a later
 * offer would be an ICE restart (RFC 8445 §9). Immutable.
 *
 * @param iceUfrag 4 to 256 ice-chars (RFC 8839 §5.4); the browser's checks carry {@code <iceUfrag>:<its ufrag>}
 * @param icePwd 22 to 256 ice-chars; the key of the checks' MESSAGE-INTEGRITY
 * @param fingerprint the DTLS certificate's fingerprint, e.g. {@link Fingerprint#sha256}
 * @param candidates at least one; the first UDP candidate (else the first) is the default candidate
 *     written on the m= and c= lines
 */
public record SfuTransportParameters(String iceUfrag, String icePwd, Fingerprint fingerprint,
                                     List<Candidate> candidates) {

    public SfuTransportParameters {
        TransportAttributes.iceUfrag(iceUfrag);
        TransportAttributes.icePwd(icePwd);
        Objects.requireNonNull(fingerprint, "fingerprint");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite endpoint needs at least one candidate");
        }
    }

    /** The candidate whose address and port go on the m= and c= lines (RFC 8839 §4.2.1.1). */
    public Candidate defaultCandidate() {
        for (Candidate c : candidates) {
            if (c.isUdp()) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /** The ICE and DTLS attributes of an m= section with this DTLS role. */
    TransportAttributes attributes(Setup setup) {
        return TransportAttributes.of(iceUfrag, icePwd, fingerprint, setup);
    }

    /**
     * Fills in the transport of an accepted, bundled m= section: the default candidate on the m= and c=
     * lines, credentials, fingerprint, DTLS role, every candidate and {@code a=end-of-candidates}. An
     * ICE-lite agent knows all its candidates up front, so it says so (the end-of-candidates indication of RFC 8838).
     */
    MediaDescription.Builder applyTo(MediaDescription.Builder section, Setup setup) {
        Candidate d = defaultCandidate();
        return section.port(d.port())
                .connection(Connection.of(d.address()))
                .transport(attributes(setup))
                .candidates(candidates)
                .endOfCandidates(true);
    }
}
