package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed descriptions fail with the number of the offending line and a reason. */
class SdpParserMalformedTest {

    /** A small valid description; line numbers below refer to it (1-based). */
    private static final List<String> VALID = List.of(
            "v=0",                                              // 1
            "o=- 1 2 IN IP4 127.0.0.1",                         // 2
            "s=-",                                              // 3
            "t=0 0",                                            // 4
            "a=group:BUNDLE 0",                                 // 5
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",                  // 6
            "c=IN IP4 0.0.0.0",                                 // 7
            "a=ice-ufrag:abcd",                                 // 8
            "a=ice-pwd:abcdefghijklmnopqrstuv",                 // 9
            "a=fingerprint:sha-256 AB:CD",                      // 10
            "a=setup:actpass",                                  // 11
            "a=mid:0",                                          // 12
            "a=sendrecv",                                       // 13
            "a=rtcp-mux",                                       // 14
            "a=rtpmap:111 opus/48000/2");                       // 15

    @Test
    void theBaseIsValid() {
        SessionDescription sd = SdpParser.parse(sdp(VALID));
        assertThat(sd.media()).hasSize(1);
        assertThat(sd.media().get(0).firstFormat("opus", 48000)).isNotNull();
    }

    @ParameterizedTest(name = "line {0} = \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "1 | v=1 | the first line must be v=0",
            "1 | o=- 1 2 IN IP4 127.0.0.1 | the first line must be v=0",
            "2 | s=- | the second line must be o=",
            "2 | o=- 1 2 IN IP4 | needs o=",
            "2 | o=- abc 2 IN IP4 127.0.0.1 | origin session id is not a number",
            "2 | o=-  1 2 IN IP4 127.0.0.1 | needs o=",
            "2 | o=- 1  2 IN IP4 | with single spaces",
            "3 | t=0 0 | the third line must be s=",
            "4 | t=0 | needs t=",
            "4 | y=whatever | unknown line type 'y'",
            "4 | a = b | not a <type>=<value> line",
            "4 | A=b | not a <type>=<value> line",
            "4 | x | not a <type>=<value> line",
            "5 | a=group:BUNDLE 7 | names mid 7 that no m= section has",
            "6 | m=audio 9 UDP/TLS/RTP/SAVPF | m= needs <media> <port> <proto> <fmt>",
            "6 | m=audio 9/2 UDP/TLS/RTP/SAVPF 111 | a port count",
            "6 | m=audio 70000 UDP/TLS/RTP/SAVPF 111 | m= port is out of range",
            "6 | m=audio 9 UDP/TLS/RTP/SAVPF 128 | m= payload type is out of range",
            "6 | m=audio 9 UDP/TLS/RTP/SAVPF opus | m= payload type is not a number",
            "6 | m=audio 9 UDP/TLS/RTP/SAVPF 0111 | not in canonical decimal form",
            "6 | m=audio 9 UDP/TLS/RTP/SAVPF 111 111 | lists payload type 111 twice",
            "7 | c=IN IP4 | needs c=",
            "7 | s=other | belongs before the first m= line",
            "7 | t=0 0 | belongs before the first m= line",
            "7 | q=1 | unknown line type 'q'",
            "8 | a=ice-ufrag:abc | ice-ufrag must have 4 to 256 characters",
            "8 | a=ice-ufrag:ab_d | ice-ufrag has a character outside",
            "8 | a=ice-ufrag | a=ice-ufrag needs a value",
            "9 | a=ice-pwd:short | ice-pwd must have 22 to 256 characters",
            "10 | a=fingerprint:sha-256 ZZ:11 | not colon-separated hex pairs",
            "10 | a=fingerprint:sha-256 | fingerprint needs",
            "11 | a=setup:maybe | a=setup is not active, passive, actpass or holdconn",
            "11 | a=ice-ufrag:efgh | a second a=ice-ufrag at this level",
            "12 | a=mid:0 1 | mid is not a token",
            "13 | a=mid:1 | a second a=mid",
            "14 | a=recvonly | a second direction attribute",
            "13 | a=sendrecv:yes | a=sendrecv takes no value",
            "14 | a=rtcp-mux:1 | a=rtcp-mux takes no value",
            "14 | a=rtpmap:96 VP8/90000 | a=rtpmap for payload type 96 that the m= line does not list",
            "14 | a=fmtp:111 | a=fmtp has nothing after the payload type",
            "14 | a=rtcp-fb:111 | a=rtcp-fb has nothing after the payload type",
            "14 | a=rtcp-fb:abc nack | rtcp-fb payload type is not a number",
            "14 | a=extmap:0 urn:x | extmap id out of 1..255",
            "14 | a=extmap:256 urn:x | extmap id is out of range",
            "14 | a=extmap:1/sideways urn:x | a=extmap direction is not",
            "14 | a=extmap:1 | a=extmap needs <id>[/<direction>] <uri>",
            "14 | a=ssrc:abc cname:x | ssrc is not a number",
            "14 | a=ssrc:4294967296 cname:x | ssrc is out of range",
            "14 | a=ssrc:1 | a=ssrc needs <ssrc> <attribute>",
            "14 | a=ssrc-group:FID | a=ssrc-group needs <semantics> <ssrc>",
            "14 | a=msid:a b c | msid track id contains a space",
            "14 | a=candidate:1 1 udp 2130706431 127.0.0.1 10000 host | candidate needs at least 8 fields",
            "14 | a=candidate:1 1 udp 2130706431 127.0.0.1 10000 type host | seventh field must be \"typ\"",
            "14 | a=candidate:1 1 udp 0 127.0.0.1 10000 typ host | candidate priority out of 1..2^31-1",
            "14 | a=candidate:1 0 udp 1 127.0.0.1 10000 typ host | candidate component out of 1..256",
            "14 | a=candidate:1 1 udp 1 127.0.0.1 10000 typ host raddr 0.0.0.0 | raddr without rport",
            "14 | a=candidate:1 1 udp 1 127.0.0.1 10000 typ host generation | has no value",
            "14 | a=candidate:1 1 udp 1 127.0.0.1 99999 typ host | candidate port is out of range",
            "14 | a=: | attribute name is empty",
            "14 | b=AS | b= needs <type>:<bandwidth>",
            "15 | a=rtpmap:111 opus | a=rtpmap needs <pt> <encoding>/<clock rate>",
            "15 | a=rtpmap:111 opus/0 | a=rtpmap clock rate is 0",
            "15 | a=rtpmap:111 opus/48000/2/1 | a=rtpmap needs",
            "15 | a=rtpmap:200 opus/48000 | rtpmap payload type is out of range",
    })
    void lineIsRefused(int lineNumber, String line, String reason) {
        List<String> lines = new ArrayList<>(VALID);
        lines.set(lineNumber - 1, line);
        assertThatThrownBy(() -> SdpParser.parse(sdp(lines)))
                .isInstanceOf(SdpParseException.class)
                .hasMessageStartingWith("SDP line " + lineNumber + " \"" + line + "\": ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isEqualTo(lineNumber));
    }

    @Test
    void aSecondRtpmapForTheSamePayloadType() {
        List<String> lines = new ArrayList<>(VALID);
        lines.add("a=rtpmap:111 opus/48000/2");
        assertRefused(lines, 16, "a second a=rtpmap for payload type 111");
    }

    @Test
    void aMidUsedTwice() {
        List<String> lines = new ArrayList<>(VALID);
        lines.add("m=video 9 UDP/TLS/RTP/SAVPF 96");
        lines.add("a=mid:0");
        assertRefused(lines, 17, "mid 0 is already used");
    }

    @Test
    void aSecondTimeDescription() {
        List<String> lines = new ArrayList<>(VALID);
        lines.add(4, "t=1 2");
        assertRefused(lines, 5, "only one time description");
    }

    @Test
    void anEmptyLineInTheMiddle() {
        List<String> lines = new ArrayList<>(VALID);
        lines.add(6, "");
        assertRefused(lines, 7, "empty line");
    }

    @Test
    void aStrayCarriageReturn() {
        List<String> lines = new ArrayList<>(VALID);
        lines.set(11, "a=mid:0\rx");
        assertThatThrownBy(() -> SdpParser.parse(sdp(lines)))
                .isInstanceOf(SdpParseException.class)
                .hasMessageContaining("stray CR")
                .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isEqualTo(12));
    }

    @Test
    void mBeforeTime() {
        List<String> lines = new ArrayList<>(VALID);
        lines.remove(3);
        lines.remove(3);
        assertRefused(lines, 4, "m= before the t= line");
    }

    @Test
    void wholeDescriptionProblemsHaveLineZero() {
        assertWhole("", "the description is empty");
        assertWhole("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "ends before its v=, o= and s= lines");
        assertWhole("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", "no t= line");
        assertWhole("v=0\r\n" + "a=x\r\n".repeat(SdpParser.MAX_LENGTH / 5), "longer than");
    }

    @Test
    void unknownAttributesAreKeptNotRefused() {
        List<String> lines = new ArrayList<>(VALID);
        lines.add("a=x-google-flag:conference");
        lines.add("a=simulcast:send f;h");
        lines.add(4, "a=x-session-thing");
        SessionDescription sd = SdpParser.parse(sdp(lines));
        assertThat(sd.otherAttributes()).containsExactly(new Attribute("x-session-thing", null));
        assertThat(sd.media().get(0).otherAttributes()).containsExactly(
                new Attribute("x-google-flag", "conference"), new Attribute("simulcast", "send f;h"));
    }

    private static void assertRefused(List<String> lines, int lineNumber, String reason) {
        assertThatThrownBy(() -> SdpParser.parse(sdp(lines)))
                .isInstanceOf(SdpParseException.class)
                .hasMessageStartingWith("SDP line " + lineNumber + " ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isEqualTo(lineNumber));
    }

    private static void assertWhole(String sdp, String reason) {
        assertThatThrownBy(() -> SdpParser.parse(sdp))
                .isInstanceOf(SdpParseException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((SdpParseException) e).lineNumber()).isZero());
    }

    private static String sdp(List<String> lines) {
        return String.join("\r\n", lines) + "\r\n";
    }
}
