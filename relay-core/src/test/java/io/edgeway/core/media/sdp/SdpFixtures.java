package io.edgeway.core.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SDP captures under {@code src/test/resources/sdp/} (see chromium-offer.README.txt and
 * browser-offers.README.txt there).
 */
final class SdpFixtures {

    /** What Chromium 156's createOffer() returned: mids 0,1 sendrecv (audio, video), 2,3 recvonly. */
    static final String CHROMIUM_OFFER = "chromium-offer.sdp";
    /** The same connection's local description after ICE gathering: host candidates in every section. */
    static final String CHROMIUM_OFFER_GATHERED = "chromium-offer-gathered.sdp";
    /** A second Chromium connection's answer to {@link #CHROMIUM_OFFER}. */
    static final String CHROMIUM_ANSWER = "chromium-answer.sdp";

    /** Firefox ESR 153 with max-bundle: the video section bundle-only, Opus 109, VP8 120 + RTX 124. */
    static final String FIREFOX_OFFER = "firefox-offer.sdp";
    /** werift 0.24.4: Opus 96, VP8 97 without RTX, sdes:mid 1 in audio and 4 in video. */
    static final String WERIFT_OFFER = "werift-offer.sdp";
    /** Safari on macOS (public test data, redacted fields filled in): H.264 first, VP8 100 + RTX 101. */
    static final String SAFARI_OFFER = "safari-offer.sdp";

    static final List<String> CHROMIUM = List.of(CHROMIUM_OFFER, CHROMIUM_OFFER_GATHERED, CHROMIUM_ANSWER);
    static final List<String> ALL = List.of(CHROMIUM_OFFER, CHROMIUM_OFFER_GATHERED, CHROMIUM_ANSWER, FIREFOX_OFFER,
            WERIFT_OFFER, SAFARI_OFFER);

    private SdpFixtures() {
    }

    static String text(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parsed(String name) {
        return SdpParser.parse(text(name));
    }
}
