package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * RTCP packets from outside sources, as hex. Read from the sources' test files for their bytes and
 * expected values; no code taken.
 *
 * <ul>
 *   <li>pion/rtcp {@code packet_test.go} realPacket, "an RTCP packet from a packet dump" (Firefox CNAME).
 *   <li>pion/rtcp {@code sender_report_test.go} "with extension" (their issue #447): a Chrome SR followed
 *       by its SDES, which pion read as SR profile extension.
 *   <li>pion/rtcp {@code receiver_estimated_maximum_bitrate_test.go}: "real data sent by Chrome".
 *   <li>olivermichel/webrtc-analysis {@code test/include/data.h} twcc_pkt1: a padded transport-cc
 *       feedback packet with Wireshark's dissection ("Padding: True ... frame length check: OK").
 * </ul>
 */
final class RtcpVectors {

    /** RR (0) + SDES (32) + BYE (84) + PLI (92) + RTPFB FMT 5 (104) + APP (116); 132 bytes. */
    static final String PION_REAL_PACKET = ""
            + "81c90007" + "902f9e2e" + "bc5e9a40" + "00000000" + "000046e1" + "00000111" + "09f36432" + "00024a79"
            + "81ca000c" + "902f9e2e" + "0126" + "7b39633030656239322d316166622d396434392d613437642d393166363465656536396635"
            + "7d" + "00000000"
            + "81cb0001" + "902f9e2e"
            + "81ce0002" + "902f9e2e" + "902f9e2e"
            + "85cd0002" + "902f9e2e" + "902f9e2e"
            + "80cc0003" + "4baae1ab" + "4e414d45" + "41424344";

    static final String PION_REAL_CNAME = "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}";

    /** Chrome SR (28 bytes, RC=0) + SDES CNAME "LcIfzXonDordSeW6" (28 bytes). */
    static final String CHROME_SR_SDES = ""
            + "80c80006" + "2b7ec0c5" + "e020a2a952a53fc0" + "2e48a552" + "00000046" + "0000121d"
            + "81ca0006" + "2b7ec0c5" + "0110" + "4c6349667a586f6e446f726453655736" + "0000";

    /** Chrome REMB: sender 1, 8 927 168 bit/s (mantissa 139487, exp 6), SSRC 1215622422. */
    static final String CHROME_REMB = "8fce0005" + "00000001" + "00000000" + "52454d42" + "011a20df" + "4874ed16";

    /** RTPFB FMT 15, P=1, length 7 (32 bytes), last octet 0x01: one padding octet. */
    static final String WIRESHARK_TWCC_PADDED = "afcd0007" + "00000001" + "dd586eb6" + "00010009" + "5e911000"
            + "20091c0c" + "2c380004" + "00081801";

    private RtcpVectors() {
    }

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }
}
