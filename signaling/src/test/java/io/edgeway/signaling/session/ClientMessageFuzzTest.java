package io.edgeway.signaling.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of the signaling WebSocket's message decoder (issue #10): any text frame, decoded as a
 * joined connection's ({@link ClientMessage#parse}, JSON and SDP) and as an unjoined one's
 * ({@link ClientMessage#parseBeforeJoin}), may only be refused with a {@link SignalingException}, which
 * the connection answers as an {@code error} message; anything else would reach Netty's pipeline. Seeds:
 * one message of each type in {@code ClientMessageFuzzTestInputs/}.
 */
class ClientMessageFuzzTest {

    static final String MAX_DURATION = "10m";

    @FuzzTest(maxDuration = MAX_DURATION)
    void fuzzMessages(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ClientMessage.parse(text);
        } catch (SignalingException refused) {
            // answered as an error message
        }
        try {
            ClientMessage.parseBeforeJoin(text);
        } catch (SignalingException refused) {
            // answered as an error message
        }
    }
}
