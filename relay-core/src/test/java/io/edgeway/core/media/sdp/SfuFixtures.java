package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** SFU parameters shared by the builder tests, and helpers to derive offers from the Chromium capture. */
final class SfuFixtures {

    static final String UFRAG = "edgeway0sfu";
    static final String PWD = "0123456789abcdefABCDEF+/";
    static final Fingerprint FINGERPRINT = Fingerprint.sha256(
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
    /** UDP host candidate on the shared media port. */
    static final Candidate UDP = Candidate.udpHost("1", Candidate.priority(126, 65535, 1), "127.0.0.1", 10000);
    /** ICE-TCP host candidate that accepts connections (RFC 6544 tcptype passive). */
    static final Candidate TCP = Candidate.tcpPassiveHost("2", Candidate.priority(90, 65535, 1), "127.0.0.1", 4443);
    static final SfuTransportParameters TRANSPORT = new SfuTransportParameters(UFRAG, PWD, FINGERPRINT,
            List.of(UDP, TCP));

    private SfuFixtures() {
    }

    /** The Chromium offer with the m= section at {@code index} changed by {@code change}. */
    static SessionDescription offerWith(int index, UnaryOperator<MediaDescription.Builder> change) {
        SessionDescription offer = SdpFixtures.parsed(SdpFixtures.CHROMIUM_OFFER);
        List<MediaDescription> media = new ArrayList<>(offer.media());
        media.set(index, change.apply(media.get(index).toBuilder()).build());
        return offer.toBuilder().media(media).build();
    }

    /** {@code section}'s payload formats without those whose type is in {@code payloadTypes}. */
    static List<PayloadFormat> without(MediaDescription section, Integer... payloadTypes) {
        List<PayloadFormat> kept = new ArrayList<>();
        for (PayloadFormat f : section.payloadFormats()) {
            if (!List.of(payloadTypes).contains(f.payloadType())) {
                kept.add(f);
            }
        }
        return kept;
    }

    /** The written description's lines, without the CRLFs. */
    static List<String> lines(SessionDescription sd) {
        return List.of(SdpWriter.write(sd).split("\r\n"));
    }
}
