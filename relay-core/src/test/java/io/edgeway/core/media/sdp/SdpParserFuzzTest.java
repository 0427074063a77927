package io.edgeway.core.media.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of the SDP parser a participant's offers and answers reach (issue #10): any text may
 * only be refused with {@link SdpParseException} (or another {@link IllegalArgumentException} a value type
 * raises, which the signaling layer answers as {@code invalid_sdp}); whatever parses is written back out,
 * which must not throw either. Seeds: the Chromium offer and answer in {@code SdpParserFuzzTestInputs/}.
 */
class SdpParserFuzzTest {

    static final String MAX_DURATION = "10m";

    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzParser(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        SdpWriter.write(parsed);
    }
}
